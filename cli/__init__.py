"""The ``matcher`` command line. Each command lives in its own module and registers itself here."""

from __future__ import annotations

from cli.dutch import DutchTyper, install_rich_texts

install_rich_texts()
app = DutchTyper(
    name="matcher",
    help="Passende Plek: BPV-plekken voorstellen voor mbo-studenten, ter beoordeling door mensen.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """Passende Plek: BPV-plekken voorstellen, mensen beslissen."""


# Command modules register on ``app`` when imported (kept at the bottom to avoid cycles).
COMMAND_MODULES: tuple[str, ...] = (
    "cli.demo",
    "cli.data",
    "cli.round",
    "cli.train",
    "cli.model",
    "cli.backup",
    "cli.serve",
    "cli.users",
    "cli.web",
    "cli.audit",
    "cli.db",
    "cli.mail",
)


def main() -> None:
    """Entry point of the ``matcher`` console script."""
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name)
    app()
