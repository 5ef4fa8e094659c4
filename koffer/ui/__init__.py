"""The clerk's desktop app (PySide6): windows, views, Qt models, device workers."""
