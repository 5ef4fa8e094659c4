"""Capture pages: live camera, fingerprints, signature, scan, payment and change terminal.

Each page is a plain QWidget that a dialog puts where its step needs it. Device work runs on
worker objects on their own QThreads (``camera_worker`` here, the service's worker for the
rest); the pages only show what the workers report and send the clerk's decisions back.
"""
