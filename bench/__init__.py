"""Benchmarks that print figures (not pass/fail tests): `python3 dev.py bench NAME`."""
