"""Typer's own help and error texts are Dutch, for every command."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner, Result

from cli import COMMAND_MODULES, app
from tests.paths import DATA

ROOT = DATA.parent.parent

for _module in COMMAND_MODULES:
    __import__(_module)

ENGLISH = (
    "Usage:", "Options", "Commands", "Arguments", "Show this message and exit.", "Missing option",
    "No such option", "No such command", "Invalid value", "Error", "Try '", "for help",
    "[default:", "[required]", "<bool>", "Possible options", "Did you mean", "Input should",
    "unexpected extra", "requires an argument",
)  # fmt: skip


def _all_command_paths() -> list[list[str]]:
    paths: list[list[str]] = [[]]
    group = typer.main.get_command(app)
    for name, command in getattr(group, "commands", {}).items():
        paths.append([name])
        for sub in getattr(command, "commands", {}):
            paths.append([name, sub])
    return paths


def flat(output: str) -> str:
    """The text without rich's boxes and line wrapping."""
    return " ".join(re.sub(r"[│┃╭╮╰╯─━┏┓┗┛┡┩╇╋┳┻]", " ", output).split())


def _run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), prog_name="matcher")


def _no_english(result: Result) -> str:
    output = result.output
    for words in ENGLISH:
        assert words not in output, (words, output)
    return flat(output)


@pytest.mark.parametrize("path", _all_command_paths(), ids=lambda p: " ".join(p) or "matcher")
def test_help_of_every_command_is_dutch(path: list[str]) -> None:
    result = _run(*path, "--help")
    assert result.exit_code == 0, result.output
    output = _no_english(result)
    assert "Gebruik: matcher" in output
    assert "Opties" in output
    assert "Toon deze hulp en stop." in output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["round"], "De optie '--students' ontbreekt."),
        (["demo-data", "--out", "x", "--bogus", "1"], "Onbekende optie: --bogus."),
        (["demo-data", "--out", "x", "--students", "veel"], "dit moet een heel getal zijn."),
        (["demo-data", "--out", "x", "--students", "0"], "'--students': dit moet 1 of meer zijn."),
        (["serve", "--port", "99999"], "'--port': dit mag hoogstens 65535 zijn."),
        (["user", "add", "--email", "a@b.nl", "--role", "baas"], "'baas' kan niet; kies uit"),
        (["demo-data", "--out"], "Achter --out hoort een waarde."),
        (["demo-data", "--out", "x", "extra"], "Onverwacht: extra."),
        (["demo-date"], "Onbekende opdracht 'demo-date'. Bedoel je 'demo-data'"),
        (["user", "wijzig"], "Onbekende opdracht 'wijzig'."),
    ],
)
def test_usage_errors_are_dutch(args: list[str], words: str) -> None:
    result = _run(*args)
    assert result.exit_code == 2, result.output
    output = _no_english(result)
    assert words in output
    assert "Fout" in output


def test_the_console_script_speaks_dutch_too() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from cli import main; main()", "round"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2
    assert "De optie '--students' ontbreekt." in done.stderr
    assert "Missing option" not in done.stderr
