"""Printable documents, rendered with ReportLab; one module per document."""
