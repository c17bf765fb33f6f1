"""The README stays true: every setting is documented, and the two commands are first."""

from __future__ import annotations

import re
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


ROOT = Path(__file__).resolve().parents[1]
MAX_README_LINES = 200


def test_readme_is_short_enough_for_a_newcomer() -> None:
    lines = README.splitlines()
    assert len(lines) <= MAX_README_LINES, f"README.md has {len(lines)} lines"


def _section(title: str) -> str:
    """The README text from the heading ``## title`` to the next ``## `` heading."""
    parts = README.split(f"\n## {title}\n", 1)
    assert len(parts) == 2, f"no section '## {title}' in README.md"
    return parts[1].split("\n## ", 1)[0]


def _picture() -> set[str]:
    """Package paths in the architecture block: ``name/`` at indent 0, 2, 4 spaces = depth."""
    block = _section("Architecture").split("```", 2)[1]
    listed: set[str] = set()
    stack: list[str] = []
    for line in block.splitlines():
        stripped = line.lstrip(" ")
        if not stripped:
            continue
        token = stripped.split()[0]
        assert token.endswith("/"), f"architecture line does not start with a package: {line!r}"
        depth, rest = divmod(len(line) - len(stripped), 2)
        assert rest == 0, f"indentation is not a multiple of two spaces: {line!r}"
        assert depth <= len(stack), f"indented deeper than its parent: {line!r}"
        del stack[depth:]
        stack.append(token.rstrip("/"))
        listed.add("/".join(stack))
    return listed


def _is_package(path: Path) -> bool:
    return path.is_dir() and (path / "__init__.py").is_file()


def _packages_on_disk() -> set[str]:
    """Every top-level package (tests aside) and each of its direct subpackages."""
    tops = [p for p in ROOT.iterdir() if _is_package(p) and p.name != "tests"]
    found = {p.name for p in tops}
    for top in tops:
        found |= {f"{top.name}/{sub.name}" for sub in top.iterdir() if _is_package(sub)}
    return found


def test_architecture_picture_lists_every_package_and_nothing_else() -> None:
    listed = _picture()
    on_disk = _packages_on_disk()
    assert {"matcher", "adapters", "api"} <= on_disk
    missing = sorted(on_disk - listed)
    assert missing == [], f"packages on disk but not in the README picture: {missing}"
    gone = sorted(p for p in listed if not _is_package(ROOT / p))
    assert gone == [], f"packages in the README picture that do not exist: {gone}"


def test_settings_table_has_one_row_per_setting() -> None:
    rows = [line for line in _section("Settings").splitlines() if line.startswith("| `")]
    names = [row.split("`")[1] for row in rows]
    assert len(names) == len(set(names)), "a setting is listed twice"
    assert sorted(names) == sorted(name.upper() for name in Settings.model_fields)


def _text_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "Makefile", ROOT / "pyproject.toml"]
    for folder in ("matcher", "adapters", "api", "cli", "tests", "docs", "scripts", "benchmarks"):
        for pattern in ("*.py", "*.md"):
            files += (ROOT / folder).rglob(pattern) if (ROOT / folder).is_dir() else []
    return [f for f in files if f.is_file()]


def test_nothing_points_outside_the_repository() -> None:
    shared = ".." + "/shared"  # split so that this file does not match itself
    work = "/work" + "/"
    hits = [
        str(f.relative_to(ROOT))
        for f in _text_files()
        if shared in (text := f.read_text(encoding="utf-8", errors="replace")) or work in text
    ]
    assert hits == []


def test_local_links_in_the_docs_resolve() -> None:
    broken = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            if "://" not in target and not (doc.parent / target).exists():
                broken.append(f"{doc.relative_to(ROOT)} -> {target}")
    assert broken == []
