"""Revisions of the town-hall schema, oldest first."""
