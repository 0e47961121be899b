"""SweetSpot: find where customer needs and business objectives overlap, and put those first."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sweetspot")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"
