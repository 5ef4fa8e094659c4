"""Sync with the town hall: packet format, transport client; ``townhall/`` is the server."""
