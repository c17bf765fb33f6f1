"""The core reads no environment and no clock: dates and settings are passed in."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.architecture.imports import module_files

# (object, attribute) calls or reads the core must not make; the object as written in the source.
FORBIDDEN = {
    ("os", "environ"), ("os", "getenv"), ("os", "putenv"),
    ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
    ("time", "time"), ("time", "time_ns"), ("time", "monotonic"), ("time", "perf_counter"),
}  # fmt: skip
FORBIDDEN_NAMES = {"environ", "getenv"}  # from os import environ / getenv


def _dotted(node: ast.AST) -> list[str]:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return parts[::-1]


def offences(path: Path) -> list[str]:
    """Where a module reads the environment or the clock, as 'file:line name'."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            parts = _dotted(node)
            if len(parts) >= 2 and (parts[-2], parts[-1]) in FORBIDDEN:
                found.append(f"{path.name}:{node.lineno} {'.'.join(parts)}")
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            for alias in node.names:
                if alias.name in FORBIDDEN_NAMES:
                    found.append(f"{path.name}:{node.lineno} from os import {alias.name}")
    return found


def test_the_core_reads_no_environment_and_no_clock() -> None:
    found = [o for path in module_files("matcher").values() for o in offences(path)]
    assert found == []


def test_the_check_sees_environment_and_clock(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os, time\nfrom datetime import date, datetime\nfrom os import getenv\n"
        "a = os.environ['X']\nb = datetime.now()\nc = date.today()\nd = time.time()\n"
        "e = datetime.datetime.utcnow()\nf = date(2026, 9, 1)\n",
        encoding="utf-8",
    )
    assert offences(sample) == [
        "sample.py:3 from os import getenv",
        "sample.py:4 os.environ",
        "sample.py:5 datetime.now",
        "sample.py:6 date.today",
        "sample.py:7 time.time",
        "sample.py:8 datetime.datetime.utcnow",
    ]


CLOCK_READS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
}


def clock_reads(path: Path) -> list[str]:
    """Where a module reads the wall clock's date or time itself, as 'file:line name'."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.name}:{node.lineno} {'.'.join(_dotted(node))}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and tuple(_dotted(node)[-2:]) in CLOCK_READS
    ]


def test_adapters_and_drivers_ask_the_one_clock() -> None:
    """Only adapters/clock.py reads the time (migrations stay frozen as they were written)."""
    found = [
        o
        for package in ("adapters", "api", "cli")
        for name, path in module_files(package).items()
        if name != "adapters.clock" and ".migrations." not in name
        for o in clock_reads(path)
    ]
    assert found == []
