"""Card payment terminal for fees."""
