"""Koffer: field kit software for mobile citizen offices."""

__version__ = "0.1.0"
