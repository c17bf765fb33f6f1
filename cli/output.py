"""Console output shared by the commands: tables, issue reports and the one error mapping."""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import NoReturn

import typer
from rich.console import Console
from rich.table import Table

from matcher.errors import InvalidInputError, MatcherError

console = Console(stderr=False, highlight=False)
err_console = Console(stderr=True, highlight=False)

MAX_ISSUES_SHOWN = 200
OS_REASONS = {
    errno.ENOENT: "bestaat niet (meer)",
    errno.EISDIR: "is een map, geen bestand",
    errno.ENOTDIR: "een deel van de naam is een bestand, geen map",
    errno.EACCES: "je hebt geen toestemming",
    errno.EPERM: "je hebt geen toestemming",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "deze schijf is alleen te lezen",
}


def print_issues(error: InvalidInputError) -> None:
    """Print every issue of a rejected input as a table (file, row, column, reason)."""
    err_console.print(f"[bold red]{error.message}[/]")
    if not error.issues:
        return
    table = Table("bestand", "rij", "kolom", "wat is er mis", show_lines=False)
    for issue in error.issues[:MAX_ISSUES_SHOWN]:
        shown = (
            issue.reason
            if issue.value is None
            else f"{issue.reason} (waarde: '{issue.value[:40]}')"
        )
        table.add_row(
            issue.file, "" if issue.row is None else str(issue.row), issue.column or "", shown
        )
    err_console.print(table)
    hidden = len(error.issues) - MAX_ISSUES_SHOWN
    if hidden > 0:
        err_console.print(f"... en nog {hidden} fouten.")
    err_console.print(
        f"{len(error.issues)} fout(en) gevonden. Er is niets opgeslagen of geschreven."
    )


def fail(error: MatcherError) -> NoReturn:
    """Report a domain error in Dutch and stop with a non-zero exit code (never a stack trace)."""
    if isinstance(error, InvalidInputError):
        print_issues(error)
    else:
        err_console.print(f"[bold red]Fout:[/] {error.message}")
    raise typer.Exit(code=1)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn domain errors and unreadable files into a clear message and exit code 1."""
    try:
        yield
    except MatcherError as error:
        fail(error)
    except OSError as error:  # after the checks up front: a file gone, a full disk, ...
        reason = OS_REASONS.get(error.errno or 0, "niet te lezen of te schrijven")
        where = f" {error.filename}" if error.filename else ""
        err_console.print(f"[bold red]Fout:[/] bestand of map{where}: {reason}.")
        raise typer.Exit(code=1) from None


def progress_printer() -> Callable[[str], None]:
    """A callback that prints one progress line."""
    return lambda message: console.print(f"[dim]…[/] {message}")


@contextmanager
def quiet_native_stdout() -> Iterator[None]:
    """Drop what native code writes to standard output; Python's own output still shows.

    HiGHS (inside scipy) prints a debug line, "HighsMipSolverData::transformNewIntegerFeasible
    Solution tmpSolver.run();", straight to the C stdout whatever its output options say
    (ERGO-Code/HiGHS#2783). Within this block file descriptor 1 points to the null device and
    sys.stdout to a copy of the real one, so only our own lines reach the user. Worker processes
    started within the block inherit the null device.
    """
    fd = 1
    try:
        saved = os.dup(fd)
    except OSError:  # no standard output at all: nothing to keep quiet
        yield
        return
    sys.stdout.flush()
    null = os.open(os.devnull, os.O_WRONLY)
    real = sys.stdout
    encoding = getattr(real, "encoding", None) or "utf-8"
    sys.stdout = open(saved, "w", encoding=encoding, errors="replace", closefd=False)  # noqa: SIM115
    os.dup2(null, fd)
    os.close(null)
    try:
        yield
    finally:
        sys.stdout.flush()
        _flush_c_stdio()  # native text still buffered goes to the null device too
        os.dup2(saved, fd)
        sys.stdout.close()
        sys.stdout = real
        os.close(saved)


def _flush_c_stdio() -> None:
    with suppress(OSError, AttributeError):  # no C library to ask: nothing we could reach
        ctypes.CDLL(None).fflush(None)
