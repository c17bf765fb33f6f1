"""Jobs for solver pool processes in tests: importable by spawned and fork-served children."""

from __future__ import annotations

import os
import time
from pathlib import Path


def report_and_sleep(path: str) -> int:
    """Write this process's id to ``path``, then sleep far longer than any test runs."""
    Path(path).write_text(str(os.getpid()))
    time.sleep(600)
    return os.getpid()
