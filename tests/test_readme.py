"""The README stays true: every setting is documented, and the two commands are first."""

from __future__ import annotations

from pathlib import Path

from adapters.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme_table() -> None:
    missing = [name.upper() for name in Settings.model_fields if name.upper() not in README]
    assert missing == []


def test_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    assert "make demo" in first_block
    assert "make test" in first_block
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    assert "\ndemo:" in makefile
    assert "\ntest:" in makefile
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def _recipe(makefile: str, target: str) -> str:
    """The commands of one Makefile target (its tab-indented lines)."""
    lines = makefile.split(f"\n{target}:", 1)[1].splitlines()[1:]
    recipe = []
    for line in lines:
        if not line.startswith("\t"):
            break
        recipe.append(line)
    return "\n".join(recipe)


def test_make_demo_serves_the_site_with_a_round_and_make_round_keeps_the_file_round() -> None:
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    assert "matcher demo-web" in _recipe(makefile, "demo")  # data, import, round, accounts, site
    assert "matcher round " in _recipe(makefile, "round")  # the finite CLI round on files
    assert "\nweb: demo" in makefile
    assert "http://127.0.0.1:8000" in README
