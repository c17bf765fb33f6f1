"""Contract files (CSV/XLSX) in and out: validated readers and atomic writers."""

from adapters.tabular.readers import (
    ReadResult,
    read_history,
    read_history_dir,
    read_population,
    read_population_dir,
)
from adapters.tabular.sources import Source
from adapters.tabular.writers import write_history, write_population, write_proposals

__all__ = [
    "ReadResult",
    "Source",
    "read_history",
    "read_history_dir",
    "read_population",
    "read_population_dir",
    "write_history",
    "write_population",
    "write_proposals",
]
