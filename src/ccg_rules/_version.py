"""The package version, in one place (the wheel's metadata repeats it; a test holds the two equal)."""

__version__ = "0.1.0"
