"""Photo and fingerprint quality, cropping and encoding: pure functions on image arrays."""
