"""The team's knowledge as data files (TSV), and the one reader for them.

Each table has a header line; lines starting with `#` are comments; a cell holding a list separates its items
with `|`. What the tables mean is documented in their own header comments and in the README.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from storyline.errors import StorylineError


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a knowledge table as dicts keyed by the header, cells stripped; cached for the process."""
    path = resources.files(__package__).joinpath(name)
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None:
        raise StorylineError(f"knowledge table {name} is empty")
    header = [h.strip() for h in header]
    rows = []
    for lineno, cells in enumerate(reader, start=2):
        if len(cells) > len(header):
            raise StorylineError(
                f"knowledge table {name}: row {lineno} has {len(cells)} cells for {len(header)} columns"
            )
        cells = cells + [""] * (len(header) - len(cells))
        rows.append({h: c.strip() for h, c in zip(header, cells, strict=True)})
    return tuple(rows)


def split_list(cell: str) -> list[str]:
    """The items of a `|`-separated cell."""
    return [item.strip() for item in cell.split("|") if item.strip()]
