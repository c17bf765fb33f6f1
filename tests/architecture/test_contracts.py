"""The import contracts in pyproject.toml ([tool.importlinter]) hold, and each one bites.

A copy of the four packages gets one deliberate violation per contract; `lint-imports` with the
project's own configuration must then report exactly those contracts as broken.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.architecture.imports import ROOT

PACKAGES = ("cli", "api", "adapters", "matcher")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")

VIOLATIONS = {  # contract id -> (module file, its source)
    "layers": ("adapters/uses_driver.py", "from api.main import create_app\n"),
    "pure-core": ("matcher/uses_db.py", "import sqlalchemy\n"),
    "web-no-database": ("api/web/uses_db.py", "from adapters.db.engine import session_scope\n"),
    "io-families": ("adapters/tabular/uses_db.py", "from adapters.db import models\n"),
    "core-parts": ("matcher/solver/uses_privacy.py", "from matcher.privacy import fields\n"),
}


def _contracts() -> dict[str, str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c["name"] for c in config["tool"]["importlinter"]["contracts"]}


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _copy(tmp_path: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tmp_path


def test_every_contract_has_a_violation_below() -> None:
    assert set(_contracts()) == set(VIOLATIONS)


def test_the_contracts_hold_on_the_tree() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in _contracts().values():
        assert f"{name} KEPT" in result.stdout


def test_each_contract_fails_on_a_deliberate_violation(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    for relative, source in VIOLATIONS.values():
        (root / relative).write_text(source, encoding="utf-8")
    result = _lint_imports(root)
    assert result.returncode != 0
    for contract_id, name in _contracts().items():
        assert f"{name} BROKEN" in result.stdout, contract_id
    for relative, _ in VIOLATIONS.values():
        assert relative.removesuffix(".py").replace("/", ".") in result.stdout
