"""Constructors of scaffold's records, made by `python -m scaffold.recordcompile`; do not edit."""
