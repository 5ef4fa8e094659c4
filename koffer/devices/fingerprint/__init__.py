"""Fingerprint sensor for ID card and passport applications."""
