"""SweetSpot: find where customer needs and business objectives overlap, and put those first."""

# Kept equal to pyproject.toml's version by tests/test_packaging.py. A literal, not
# importlib.metadata: `sweetspot --version` then starts without reading package metadata.
__version__ = "0.1.0"
