"""The core's imports: no cycle under matcher/ (TYPE_CHECKING imports included)."""

from __future__ import annotations

from tests.architecture.imports import cycles, import_graph, module_files


def test_no_import_cycle_under_matcher() -> None:
    found = cycles(import_graph("matcher"))
    assert found == [], f"import cycles under matcher/: {found}"


def test_cycle_finder_sees_a_cycle_through_type_checking(tmp_path) -> None:
    pkg = tmp_path / "core"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from core.b import B\n")
    (pkg / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from core.a import A\n"
    )
    (pkg / "c.py").write_text("from . import a\nfrom .sub import d\n")
    (pkg / "sub").mkdir()
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "d.py").write_text("from ..c import x\n")
    graph = import_graph("core", root=tmp_path)
    assert graph["core.c"] == {"core.a", "core.sub.d"}
    assert cycles(graph) == [["core.a", "core.b"], ["core.c", "core.sub.d"]]


def test_the_graph_covers_the_round_stages() -> None:
    graph = import_graph("matcher")
    assert set(module_files("matcher")) == set(graph)
    assert {"matcher.prepare", "matcher.explain"} <= graph["matcher.pipeline"]
