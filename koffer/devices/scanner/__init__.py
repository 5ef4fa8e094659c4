"""Document scanner (flatbed and feeder) for forms and copies."""
