"""One module per command: each exposes one typed function that returns an exit code."""
