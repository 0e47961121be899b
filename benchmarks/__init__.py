"""Benchmarks: `python benchmarks/run.py` prints every target against its floor."""
