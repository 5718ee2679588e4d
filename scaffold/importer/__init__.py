"""`scaffold import`: read a compose project, write the manifest that says the same, and compare."""
