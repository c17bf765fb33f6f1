"""Flows: the only place where I/O and the pure core meet (load -> core -> save)."""
