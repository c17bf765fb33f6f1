"""Checks of where a command will write, made before any work starts.

A wrong file type or a folder that does not exist used to surface after the whole computation,
as a traceback or as the name of a hidden temporary file. Each check raises InvalidInputError
with a Dutch message that names the value and says what to do; nothing has been written then.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from matcher.errors import InvalidInputError

TABLE_FORMATS = ("csv", "xlsx")  # what adapters/tabular/writers.py can write


def _either(choices: Sequence[str]) -> str:
    """'csv of xlsx', 'a, b of c'."""
    return choices[0] if len(choices) == 1 else f"{', '.join(choices[:-1])} of {choices[-1]}"


def table_format(fmt: str, *, option: str = "--format") -> str:
    """``csv`` or ``xlsx`` (any case), else a Dutch error naming the value."""
    chosen = fmt.strip().lower().lstrip(".")
    if chosen not in TABLE_FORMATS:
        raise InvalidInputError(
            f"{option} '{fmt}' kan niet: kies {_either(TABLE_FORMATS)}. "
            "Er is nog niets gedaan of geschreven."
        )
    return chosen


def output_file(
    path: Path,
    *,
    option: str,
    suffixes: Sequence[str] | None = None,
    create_folder: bool = False,
    not_one_of: Sequence[Path] = (),
) -> Path:
    """A file the command may write: the right type (``suffixes``, e.g. ('.csv', '.xlsx')), not
    a folder, not one of the command's other files (``not_one_of``: its input would be
    overwritten), and a folder to put it in that exists (or, with ``create_folder``, can be
    made)."""
    path = Path(path)
    if any(path.absolute().resolve() == Path(other).absolute().resolve() for other in not_one_of):
        raise InvalidInputError(
            f"{option} '{path}' is ook een van de andere bestanden van deze opdracht en zou "
            "dan overschreven worden: kies een andere naam. Er is nog niets gedaan of geschreven."
        )
    if path.is_dir():
        raise InvalidInputError(
            f"{option} '{path}' is een map, geen bestand: geef een bestandsnaam in die map op. "
            "Er is nog niets gedaan of geschreven."
        )
    if suffixes is not None and path.suffix.lower() not in suffixes:
        kinds = _either(list(suffixes))
        what = (
            "heeft geen bestandstype"
            if not path.suffix
            else f"is een {path.suffix}-bestand en dat kan niet"
        )
        raise InvalidInputError(
            f"{option} '{path}' {what}: kies een naam die eindigt op {kinds}, "
            f"bijvoorbeeld {path.stem or 'uitvoer'}{suffixes[0]}. Er is nog niets gedaan of "
            "geschreven."
        )
    if create_folder:
        _writable_folder(path.parent, option=option, value=path)
    else:
        _existing_folder(path.parent, option=option, value=path)
    return path


def output_folder(path: Path, *, option: str = "--out") -> Path:
    """A folder the command may write into: an existing folder, or one that can be made."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InvalidInputError(
            f"{option} '{path}' is een bestand, geen map: kies een map (die mag nog niet "
            "bestaan). Er is nog niets gedaan of geschreven."
        )
    _writable_folder(path, option=option, value=path)
    return path


def _existing_folder(folder: Path, *, option: str, value: Path) -> None:
    if not folder.is_dir():
        raise InvalidInputError(
            f"{option} '{value}': de map '{folder}' bestaat niet. Maak die map eerst aan of "
            "kies een map die er al is. Er is nog niets gedaan of geschreven."
        )
    _may_write(folder, option=option, value=value)


def _writable_folder(folder: Path, *, option: str, value: Path) -> None:
    """``folder`` exists, or the nearest part of it that exists is a folder we may write in."""
    existing = folder.absolute()
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise InvalidInputError(
            f"{option} '{value}': '{existing}' is een bestand, geen map, dus daarin kan geen "
            "map komen. Kies een andere plek. Er is nog niets gedaan of geschreven."
        )
    _may_write(existing, option=option, value=value)


def _may_write(folder: Path, *, option: str, value: Path) -> None:
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInputError(
            f"{option} '{value}': je mag niet schrijven in de map '{folder}'. Kies een andere "
            "map. Er is nog niets gedaan of geschreven."
        )


def history_date(when: str | None, today: date) -> date:
    """The date a history set is "as of" (--date): the given day, or a year before today."""
    try:
        return date.fromisoformat(when) if when else today - timedelta(days=365)
    except ValueError:
        raise InvalidInputError(
            f"--date moet een datum zijn als 2025-09-01, niet '{when}'."
        ) from None
