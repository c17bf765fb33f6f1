"""Only our own lines reach the user: what native code prints to stdout is dropped."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from adapters.cli.output import console, quiet_native_stdout


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
