"""Putting rendered files on disk: the lock, three-way merges, outcomes, atomic writes."""
