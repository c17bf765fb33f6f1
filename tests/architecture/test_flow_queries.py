"""Queries live in the database adapters (adapters/db); the flows only orchestrate them.

A flow may hold an Engine, a Connection or a Session, open a transaction and pass it on, and
catch the database's errors; it builds no statement and runs none itself. import-linter cannot
say this (it only forbids whole external packages, and flows need sqlalchemy's types), so the
rule is read from the source with ast. A sample with each kind of violation shows it bites.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.architecture.imports import ROOT, module_files

# What a flow may import from the database libraries: types and errors, nothing that builds SQL.
ALLOWED_IMPORTS = {
    "sqlalchemy": {"ColumnElement", "Connection", "Engine"},
    "sqlalchemy.orm": {"Session"},
    "sqlmodel": {"Session"},
}
ALLOWED_MODULES = {"sqlalchemy.exc"}  # any error class
STATEMENT_BUILDERS = {"select", "text", "insert", "update", "delete", "union", "exists"}
RUNNERS = {"exec", "execute", "scalar", "scalars", "exec_driver_sql"}  # session/connection calls
LIBRARIES = ("sqlalchemy", "sqlmodel")


def _library(module: str) -> bool:
    return any(module == lib or module.startswith(f"{lib}.") for lib in LIBRARIES)


def offences(path: Path) -> list[str]:
    """Where a module builds or runs SQL, or imports what does, as 'file:line what'."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            found += [f"{where} import {a.name}" for a in node.names if _library(a.name)]
        elif isinstance(node, ast.ImportFrom) and _library(node.module or ""):
            module = node.module or ""
            allowed = ALLOWED_IMPORTS.get(module, set())
            if module not in ALLOWED_MODULES:
                found += [
                    f"{where} from {module} import {a.name}"
                    for a in node.names
                    if a.name not in allowed
                ]
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in STATEMENT_BUILDERS:
                found.append(f"{where} {func.id}(")
            elif isinstance(func, ast.Attribute) and func.attr in RUNNERS:
                found.append(f"{where} .{func.attr}(")
    return sorted(found, key=lambda o: int(o.split(" ")[0].split(":")[1]))


def test_the_flows_build_and_run_no_sql() -> None:
    found = [o for path in module_files("adapters/flows").values() for o in offences(path)]
    assert found == [], "move these queries into adapters/db and call them from the flow"


def test_the_flows_are_found() -> None:
    # the walk above must see the flow modules, or it proves nothing
    assert ROOT / "adapters" / "flows" / "rounds" / "execute.py" in set(
        module_files("adapters/flows").values()
    )


def test_the_check_sees_each_violation(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import sqlalchemy as sa\n"
        "from sqlalchemy import Engine, func, select\n"
        "from sqlalchemy.orm import Session\n"
        "from sqlalchemy.exc import IntegrityError\n"
        "from sqlmodel import col\n"
        "from sqlalchemy.sql.elements import ColumnElement\n"
        "stmt = select(1)\n"
        "conn.execute(stmt)\n"
        "session.exec(stmt)\n"
        "session.scalars(stmt)\n"
        "t = text('SELECT 1')\n"
        "update(table)\n"
        "digest.update(b'')\n"
        "conn.exec_driver_sql('SET x')\n",
        encoding="utf-8",
    )
    assert offences(sample) == [
        "sample.py:1 import sqlalchemy",
        "sample.py:2 from sqlalchemy import func",
        "sample.py:2 from sqlalchemy import select",
        "sample.py:5 from sqlmodel import col",
        "sample.py:6 from sqlalchemy.sql.elements import ColumnElement",
        "sample.py:7 select(",
        "sample.py:8 .execute(",
        "sample.py:9 .exec(",
        "sample.py:10 .scalars(",
        "sample.py:11 text(",
        "sample.py:12 update(",
        "sample.py:14 .exec_driver_sql(",
    ]
