"""Only our own lines reach the user: what native code prints to stdout is dropped."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer

from cli.output import console, quiet_native_stdout, user_errors


def test_native_stdout_is_dropped_and_ours_still_shows(capfd: pytest.CaptureFixture[str]) -> None:
    with quiet_native_stdout():
        os.write(1, b"HighsMipSolverData::transformNewIntegerFeasibleSolution\n")
        sys.stdout.write("voortgang 1\n")
        console.print("voortgang 2")
        subprocess.run([sys.executable, "-c", "print('native child')"], check=True)
    sys.stdout.write("na afloop\n")
    out = capfd.readouterr().out
    for ours in ("voortgang 1", "voortgang 2", "na afloop"):
        assert ours in out
    for native in ("Highs", "native child"):
        assert native not in out


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (FileNotFoundError(2, "No such file or directory", "/weg/students.csv"), "bestaat niet"),
        (OSError(28, "No space left on device", "/vol/p.csv"), "de schijf is vol"),
        (OSError(5, "Input/output error"), "niet te lezen of te schrijven"),
    ],
)
def test_a_file_system_error_is_one_dutch_line_and_exit_1(
    error: OSError, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(typer.Exit) as stopped, user_errors():
        raise error
    assert stopped.value.exit_code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert words in err
    assert "Traceback" not in err
