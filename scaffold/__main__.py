"""`python -m scaffold` runs the command line."""

from scaffold.cli import run

run()
