"""Camera for the passport photo."""
