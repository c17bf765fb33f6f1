"""Typer's own texts in Dutch: the help screen, the usage line and the usage errors.

Typer 0.29 carries its own copy of Click (typer/_click) whose messages are plain f-strings, no
longer gettext calls, so a gettext catalogue cannot reach them; only typer/rich_utils.py still
takes its panel titles from gettext, once, when it is imported. Hence three supported hooks:
the panel titles are typer.rich_utils' module settings (as in rich-click, where they come from),
the help option, the usage line and the type labels are set by our command classes (Typer's
``cls``), and a usage error is rewritten in Dutch where our classes parse, before typer shows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer
import typer.rich_utils
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

HELP_OPTION_TEXT = "Toon deze hulp en stop."
USAGE_PREFIX = "Gebruik: "
OPTIONS_METAVAR = "[OPTIES]"
SUBCOMMAND_METAVAR = "OPDRACHT [OPTIES]..."

RICH_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "Argumenten",
    "OPTIONS_PANEL_TITLE": "Opties",
    "COMMANDS_PANEL_TITLE": "Opdrachten",
    "ERRORS_PANEL_TITLE": "Fout",
    "ABORTED_TEXT": "Afgebroken.",
    "RICH_HELP": "Meer hulp: [blue]'{command_path} {help_option}'[/]",
    "DEFAULT_STRING": "[standaard: {}]",
    "ENVVAR_STRING": "[omgevingsvariabele: {}]",
    "REQUIRED_LONG_STRING": "[verplicht]",
    "DEPRECATED_STRING": "(verouderd) ",
}

TYPE_LABELS: dict[str, str | None] = {
    "<bool>": None,  # a flag: on or off, there is nothing to type
    "<int>": "<heel getal>",
    "<int range>": "<heel getal>",
    "<float>": "<getal>",
    "<float range>": "<getal>",
    "<str>": "<tekst>",
    "<text>": "<tekst>",
    "<list[str]>": "<tekst, mag vaker>",
    "<path>": "<pad>",
    "<file>": "<bestand>",
    "<directory>": "<map>",
}

# Pydantic's reasons (typer 0.29 checks values with a TypeAdapter) and typer's own; the first
# pattern that matches gives the Dutch reason, its groups filled in.
_VALUE_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (r"Input should be a valid integer", "dit moet een heel getal zijn"),
        (r"Input should be a valid number", "dit moet een getal zijn"),
        (r"Input should be a valid boolean", "dit moet ja of nee zijn"),
        (r"Input should be greater than or equal to (\S+)", "dit moet {0} of meer zijn"),
        (r"Input should be greater than (\S+)", "dit moet meer dan {0} zijn"),
        (r"Input should be less than or equal to (\S+)", "dit mag hoogstens {0} zijn"),
        (r"Input should be less than (\S+)", "dit moet minder dan {0} zijn"),
        (r"(?:Value error, )?(.+?) is not one of (.+?)\.?$", "{0} kan niet; kies uit {1}"),
        (r"Value (.+) is not a valid (\S+?)\.?$", "{0} kan hier niet"),
    )
)


class DutchUsageError(UsageError):
    """A usage error whose message is already the Dutch text to show."""


def _hint(param_hint: Sequence[str] | str | None, param: Any) -> str:
    if param_hint is None and param is not None:
        param_hint = param.get_error_hint()
    if param_hint is None:
        return ""
    if isinstance(param_hint, str):
        return param_hint
    return " / ".join(repr(x) for x in param_hint)


def value_reason(message: str) -> str:
    """A reason for a refused value in Dutch; our own (already Dutch) reasons stay as they are."""
    for pattern, words in _VALUE_REASONS:
        match = pattern.search(message)
        if match:
            return words.format(*match.groups())
    return message


def dutch_message(error: UsageError) -> str:
    """The Dutch text of a usage error, with what to do about it."""
    if isinstance(error, MissingParameter):
        hint = _hint(error.param_hint, error.param)
        kind = error.param_type or (error.param.param_type_name if error.param else "option")
        noun = {"argument": "Het argument", "parameter": "De waarde"}.get(kind, "De optie")
        return f"{noun} {hint} ontbreekt. Geef die mee; zie --help."
    if isinstance(error, NoSuchOption):
        text = f"Onbekende optie: {error.option_name}."
        if error.possibilities:
            text += f" Bedoel je {' of '.join(sorted(error.possibilities))}?"
        return text + " Zie --help voor alle opties."
    if isinstance(error, BadOptionUsage):
        needs = re.fullmatch(r"Option '(.+)' requires (an argument|\d+ arguments)\.", error.message)
        if needs:
            return f"Achter {needs[1]} hoort een waarde. Zie --help."
        takes_none = re.fullmatch(r"Option '(.+)' does not take a value\.", error.message)
        if takes_none:
            return f"Achter {takes_none[1]} hoort geen waarde. Zie --help."
        return f"De optie {error.option_name} is niet goed gebruikt. Zie --help."
    if isinstance(error, BadParameter):
        hint = _hint(error.param_hint, error.param)
        where = f" voor {hint}" if hint else ""
        return f"Ongeldige waarde{where}: {value_reason(error.message).rstrip('.')}."
    message = error.message
    no_command = re.fullmatch(r"No such command '(.+?)'\.(?: Did you mean (.+)\?)?", message)
    if no_command:
        text = f"Onbekende opdracht '{no_command[1]}'."
        if no_command[2]:
            text += f" Bedoel je {no_command[2].replace(', ', ' of ')}?"
        return text + " Zie --help voor alle opdrachten."
    extra = re.fullmatch(r"Got unexpected extra arguments? ?(?:\(s\))? ?\((.*)\)", message)
    if extra:
        return (
            f"Onverwacht: {extra[1]}. Zet elke waarde direct achter de optie waar die bij "
            "hoort; zie --help."
        )
    if message == "Missing command.":
        return "Kies een opdracht; zie --help."
    return message


@contextmanager
def dutch_errors() -> Iterator[None]:
    """Raise a usage error from within the block again, in Dutch."""
    try:
        yield
    except DutchUsageError:
        raise
    except UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # typer shows the help for this one
            raise
        raise DutchUsageError(dutch_message(error), error.ctx) from None


def _dutch_type(display: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    def label(ctx: Any) -> str | None:
        shown = display(ctx)
        return TYPE_LABELS.get(shown, shown) if shown is not None else None

    return label


class _Dutch:
    """Help option, usage line and type labels in Dutch; usage errors rewritten (a mixin)."""

    params: list[Any]
    options_metavar: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.options_metavar == "[OPTIONS]":
            self.options_metavar = OPTIONS_METAVAR
        for param in self.params:
            if hasattr(param, "display_type_rich"):
                param.display_type_rich = _dutch_type(param.display_type_rich)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and option.help != HELP_OPTION_TEXT:  # made once, then cached
            option.help = HELP_OPTION_TEXT
            option.display_type_rich = _dutch_type(option.display_type_rich)
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with dutch_errors():
            return super().make_context(*args, **kwargs)  # type: ignore[misc]


class DutchCommand(_Dutch, TyperCommand):
    """A typer command that speaks Dutch."""


class DutchGroup(_Dutch, TyperGroup):
    """A typer group (the ``matcher`` command and ``matcher user``) that speaks Dutch."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.subcommand_metavar == "COMMAND [ARGS]...":
            self.subcommand_metavar = SUBCOMMAND_METAVAR

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        with dutch_errors():
            return super().resolve_command(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        with dutch_errors():
            return super().invoke(ctx)


class DutchTyper(typer.Typer):
    """``typer.Typer`` whose group and commands are the Dutch classes unless told otherwise."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", DutchGroup)
        # A bug's traceback must not print local variables: they can hold students' data.
        kwargs.setdefault("pretty_exceptions_show_locals", False)
        super().__init__(**kwargs)

    def command(self, name: str | None = None, *, cls: Any = None, **kwargs: Any) -> Any:
        """As ``typer.Typer.command``, with DutchCommand as the default class."""
        return super().command(name, cls=cls or DutchCommand, **kwargs)


def install_rich_texts() -> None:
    """Set typer's panel titles and hints (module settings of typer.rich_utils) in Dutch."""
    for name, text in RICH_TEXTS.items():
        setattr(typer.rich_utils, name, text)
