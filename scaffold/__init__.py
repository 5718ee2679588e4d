"""scaffold: one declarative service manifest in, a working multi-service Compose stack out."""

__version__ = "0.1.0"
