"""The services as use cases: each step validates, calls devices, and stores its result."""
