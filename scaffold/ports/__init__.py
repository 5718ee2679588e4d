"""Host ports: choosing them, the shared port registry, and who holds a port on this machine."""
