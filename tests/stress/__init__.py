"""Stress tests of the kit store: crashes mid-write, long runs."""
