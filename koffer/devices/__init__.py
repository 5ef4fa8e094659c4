"""Device layer: one package per device kind, each with interface, simulator and real backends."""
