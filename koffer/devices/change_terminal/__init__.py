"""Change terminal (Änderungsterminal): reads and updates the ID card chip."""
