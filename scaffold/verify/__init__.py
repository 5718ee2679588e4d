"""`scaffold verify`: the checks and reports (pure), the Docker engine edge, the probe scripts."""
