"""Printer for receipts, certificates and application summaries."""
