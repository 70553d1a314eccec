"""The `storyline` command: a thin layer over `storyline.api`. It parses options, calls the API and prints."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline import api
from storyline.errors import InputError, StorylineError
from storyline.ingest import DEFAULT_MAX_ARTICLE_BYTES, FieldMap, ReadOptions
from storyline.store import Store

app = typer.Typer(
    help="Storyline: who did what to whom, where, according to whom, from a pile of news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file.")]


class ListFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


class InputFormat(StrEnum):
    auto = "auto"
    txt = "txt"
    html = "html"
    jsonl = "jsonl"
    csv = "csv"


def _print_error(error: InputError) -> None:
    err.print(f"error: {error}", markup=False, highlight=False)


def _ingest(paths: list[str], db: Path, options: ReadOptions, quiet: bool = False) -> api.IngestReport:
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} read"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    ) as progress:
        task = progress.add_task("ingesting", total=None)
        report = api.ingest(
            paths,
            db,
            options=options,
            on_error=_print_error,
            on_progress=lambda n: progress.advance(task, n),
        )
    out.print(
        f"{report.new} new, {report.duplicates} already stored, {len(report.errors)} "
        f"error{'s' if len(report.errors) != 1 else ''} ({db})",
        highlight=False,
    )
    return report


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive), globs, or - for standard input.")],
    db: DbOption = Path(api.DEFAULT_DB),
    date: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs that have none.")] = None,
    input_format: Annotated[
        InputFormat, typer.Option("--input-format", help="Read every input as this format (default: by suffix).")
    ] = InputFormat.auto,
    id_field: Annotated[str, typer.Option(help="Corpus column holding the article id.")] = "id",
    title_field: Annotated[str, typer.Option(help="Corpus column holding the title.")] = "title",
    text_field: Annotated[str, typer.Option(help="Corpus column holding the text.")] = "text",
    date_field: Annotated[str, typer.Option(help="Corpus column holding the publication date.")] = "date",
    url_field: Annotated[str, typer.Option(help="Corpus column holding the URL.")] = "url",
    source_field: Annotated[str, typer.Option(help="Corpus column holding the outlet or site.")] = "source",
    author_field: Annotated[str, typer.Option(help="Corpus column holding the author.")] = "author",
    max_article_bytes: Annotated[
        int, typer.Option(help="Refuse articles larger than this many bytes.")
    ] = DEFAULT_MAX_ARTICLE_BYTES,
) -> None:
    """Read articles (txt, html, jsonl, csv), clean them and store them. Exit status 1 if any input was bad."""
    if date is not None and not _valid_date(date):
        raise typer.BadParameter(f"{date!r} is not a date of the form YYYY-MM-DD", param_hint="--date")
    options = ReadOptions(
        fields=FieldMap(id_field, title_field, text_field, date_field, url_field, source_field, author_field),
        default_date=date,
        format=input_format.value,
        max_article_bytes=max_article_bytes,
    )
    report = _ingest(paths, db, options)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def articles(
    db: DbOption = Path(api.DEFAULT_DB),
    format: Annotated[ListFormat, typer.Option("--format", help="Output format.")] = ListFormat.table,
    text: Annotated[bool, typer.Option("--text", help="Include the clean text.")] = False,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many articles.")] = None,
) -> None:
    """List stored articles by date: id, title, date, source, url, removed lines (and the text with --text)."""
    with _open(db) as store:
        rows = store.articles(source=source, limit=limit)
    if format is ListFormat.jsonl:
        for a in rows:
            d = a.to_dict(with_text=text)
            d.pop("provenance")
            _jsonl(d)
        return
    table = Table("date", "id", "source", "title", "removed", *(["text"] if text else []))
    for a in rows:
        table.add_row(
            a.date or "—",
            a.id,
            a.source or "—",
            a.title,
            str(len(a.removed)),
            *([a.text] if text else []),
        )
    out.print(table)


@app.command()
def demo(db: DbOption = Path("demo.db")) -> None:
    """Ingest the bundled sample corpus and show what was stored, by date."""
    _ingest([str(api.sample_corpus_path())], db, ReadOptions())
    with _open(db) as store:
        rows = store.articles()
    table = Table("date", "source", "title", title=f"{len(rows)} articles in {db}")
    for a in rows:
        table.add_row(a.date or "—", a.source or "—", a.title)
    out.print(table)


def _valid_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _open(db: Path) -> Store:
    return Store(db, readonly=True)


def _jsonl(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def main() -> None:
    """Entry point: our own errors become one line on stderr and exit status 1."""
    try:
        app()
    except StorylineError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
