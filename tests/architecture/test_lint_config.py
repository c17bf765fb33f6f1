"""`make lint`, the pre-commit hooks and CI run the same checks."""

from __future__ import annotations

import re

from tests.architecture.imports import ROOT

CHECKS = (
    "ruff check",
    "ruff format --check",
    "mypy matcher adapters api cli",
    "mypy --strict matcher",
    "lint-imports",
)


def _lint_target() -> str:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^lint:.*\n((?:\t.*\n)+)", makefile, flags=re.MULTILINE)
    assert match is not None
    return match.group(1)


def test_make_lint_runs_every_check() -> None:
    target = _lint_target()
    for check in CHECKS:
        assert f"$(BIN)/{check}" in target, check


def test_pre_commit_runs_the_same_checks_locally() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "repo: local" in config
    assert "rev:" not in config  # nothing downloaded
    for check in CHECKS:
        assert f"entry: .venv/bin/{check}" in config, check


def test_ci_runs_make_lint() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make lint$", script, flags=re.MULTILINE)
