"""Signature pad for the citizen's signature."""
