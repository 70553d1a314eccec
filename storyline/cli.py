"""The `storyline` command: a thin layer over `storyline.api`. It parses options, calls the API and prints."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline import api, export, link, timeline
from storyline import credibility as credibility_mod
from storyline.engine import EngineOptions
from storyline.errors import InputError, StorylineError
from storyline.evaluate import evaluate
from storyline.ingest import DEFAULT_MAX_ARTICLE_BYTES, FieldMap, ReadOptions
from storyline.store import TABLES, EventQuery, Store

app = typer.Typer(
    help="Storyline: who did what to whom, where, according to whom, from a pile of news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[Path, typer.Option("--db", help="SQLite database file.")]
LimitOption = Annotated[int | None, typer.Option(help="At most this many rows.")]


class ListFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


ListFormatOption = Annotated[ListFormat, typer.Option("--format", help="Output format.")]


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class InputFormat(StrEnum):
    auto = "auto"
    txt = "txt"
    html = "html"
    jsonl = "jsonl"
    csv = "csv"


def _print_error(error: InputError) -> None:
    err.print(f"error: {error}", markup=False, highlight=False)


def _ingest(
    paths: list[str],
    db: Path,
    options: ReadOptions,
    quiet: bool = False,
    engine: EngineOptions = EngineOptions(),
    parquet: Path | None = None,
    max_memory: int | None = None,
) -> api.IngestReport:
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
            engine=engine,
            out=parquet,
            max_memory=max_memory,
        )
    out.print(
        f"{report.new} new, {report.duplicates} already stored, {len(report.errors)} "
        f"error{'s' if len(report.errors) != 1 else ''} ({parquet or db})",
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
        int, typer.Option(min=1, help="Refuse articles larger than this many bytes.")
    ] = DEFAULT_MAX_ARTICLE_BYTES,
    max_memory: Annotated[
        int | None,
        typer.Option(
            min=1,
            metavar="MB",
            help="Hold each process to this much memory (Linux); an article that needs more is refused.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, help="Processes that parse and extract (local engine) or local Dask workers (default: one per core)."
        ),
    ] = None,
    engine: Annotated[
        Engine, typer.Option(help="local: this machine; dask: a Dask cluster (--scheduler, or a local one).")
    ] = Engine.local,
    scheduler: Annotated[
        str | None, typer.Option(help="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (dask engine).")
    ] = None,
    parquet: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write a Parquet dataset (articles, events, claims, statuses by month) to this directory instead of --db.",
        ),
    ] = None,
) -> None:
    """Read articles (txt, html, jsonl, csv), clean them and store them. Exit status 1 if any input was bad."""
    if date is not None and not _valid_date(date):
        raise typer.BadParameter(f"{date!r} is not a date of the form YYYY-MM-DD", param_hint="--date")
    if scheduler and engine is not Engine.dask:
        raise typer.BadParameter("a scheduler address needs --engine dask", param_hint="--scheduler")
    options = ReadOptions(
        fields=FieldMap(id_field, title_field, text_field, date_field, url_field, source_field, author_field),
        default_date=date,
        format=input_format.value,
        max_article_bytes=max_article_bytes,
    )
    report = _ingest(
        paths,
        db,
        options,
        engine=EngineOptions(engine.value, workers, scheduler),
        parquet=parquet,
        max_memory=max_memory,
    )
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def articles(
    db: DbOption = Path(api.DEFAULT_DB),
    format: ListFormatOption = ListFormat.table,
    text: Annotated[bool, typer.Option("--text", help="Include the clean text.")] = False,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    limit: LimitOption = None,
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


class EventFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


EventFormatOption = Annotated[EventFormat, typer.Option("--format", help="Output format.")]


@app.command()
def events(
    db: DbOption = Path(api.DEFAULT_DB),
    format: EventFormatOption = EventFormat.table,
    article: Annotated[str | None, typer.Option(help="Only this article's events.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="Only this PLOVER type (e.g. ASSAULT).")] = None,
    actor: Annotated[
        str | None, typer.Option(help="Only events whose source or target matches this text or id.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Only events with a source or target of this ISO3 country.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Only events dated on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Only events dated on or before YYYY-MM-DD.")] = None,
    limit: LimitOption = None,
) -> None:
    """List extracted events by date, with their evidence sentence."""
    query = EventQuery(article, type, actor, country, since, until, limit=limit)
    with _open(db) as store:
        rows = store.events(query)
    if not _print_rows(rows, format, export.flat_event, export.EVENT_COLUMNS):
        _event_table(rows, f"{len(rows)} events")


def _print_rows(
    rows: list[dict[str, Any]],
    format: EventFormat,
    flat: Callable[[dict[str, Any]], dict[str, Any]],
    columns: Sequence[str],
) -> bool:
    """Print rows as JSONL or CSV; False for a table, which the caller draws."""
    if format is EventFormat.jsonl:
        for row in rows:
            _jsonl(row)
    elif format is EventFormat.csv:
        export.write_csv((flat(r) for r in rows), sys.stdout, columns)
    return format is not EventFormat.table


def _actor_cell(actor: dict[str, Any] | None) -> str:
    if not actor:
        return "—"
    tags = "/".join(x for x in (actor.get("country"), actor.get("sector")) if x)
    return f"{actor['name']} ({tags})" if tags else actor["name"]


def _event_table(rows: list[dict[str, Any]], title: str) -> None:
    table = Table("date", "type", "source", "target", "modality", "evidence", title=title, show_lines=True)
    for r in rows:
        date = r["date"] or "—"
        if r.get("date_source") == "publication":
            date += " (pub.)"
        table.add_row(
            date,
            r["type"] + (f"/{r['mode']}" if r.get("mode") else ""),
            _actor_cell(r["source"]),
            _actor_cell(r["target"]),
            r["modality"],
            r["sentence"],
        )
    out.print(table)


@app.command()
def claims(
    db: DbOption = Path(api.DEFAULT_DB),
    format: EventFormatOption = EventFormat.table,
    article: Annotated[str | None, typer.Option(help="Only this article's claims.")] = None,
    speaker: Annotated[str | None, typer.Option(help="Only claims whose speaker matches this text.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only claims relayed by an outlet matching this text.")] = None,
    limit: LimitOption = None,
) -> None:
    """List claims: who says what, through which outlet, and who confirms or denies it."""
    with _open(db) as store:
        rows = store.claims(article=article, speaker=speaker, outlet=outlet, limit=limit)
    if not _print_rows(rows, format, export.flat_claim, export.CLAIM_COLUMNS):
        table = Table(
            "article", "speaker", "outlet", "kind", "content", "status", title=f"{len(rows)} claims", show_lines=True
        )
        for r in rows:
            speaker_cell = _actor_cell(r["speaker"]) + (" (anonymous)" if r["anonymous"] else "")
            status = ", ".join(
                f"{s['kind']} by {', '.join(a['name'] for a in s['by']) or 'the author'}" for s in r["status"]
            )
            table.add_row(r["article_id"], speaker_cell, r["outlet"] or "—", r["kind"], r["content"], status or "—")
        out.print(table)


class StatusFilter(StrEnum):
    corroborated = "corroborated"
    single_source = "single-source"
    disputed = "disputed"
    denied = "denied"


class TimelineFormat(StrEnum):
    table = "table"
    json = "json"
    html = "html"


@app.command("link")
def link_(
    db: DbOption = Path(api.DEFAULT_DB),
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Re-link every article, not only the new ones.")] = False,
) -> None:
    """Link articles: copies, event instances, corroboration and stories (ingest does this by itself)."""
    with Store(db) as store:
        done = link.update(store, rebuild=rebuild)
    out.print(
        f"{done.linked} articles linked: {done.copies} copies, {done.instances} instances, {done.stories} stories"
    )


@app.command()
def instances(
    db: DbOption = Path(api.DEFAULT_DB),
    format: ListFormatOption = ListFormat.table,
    story: Annotated[str | None, typer.Option(help="Only this story's instances.")] = None,
    status: Annotated[StatusFilter | None, typer.Option(help="Only instances with this status.")] = None,
    limit: LimitOption = None,
) -> None:
    """List event instances: one happening, every report of it, its independent sources and status."""
    with _open(db) as store:
        rows = store.instances(story=story, status=status.value if status else None, limit=limit)
    if format is ListFormat.jsonl:
        for row in rows:
            _jsonl(row)
        return
    table = Table(
        "date",
        "type",
        "source → target",
        "status",
        "sources",
        "first reported",
        "outlets",
        title=f"{len(rows)} instances",
    )
    for r in timeline.rows(rows):
        table.add_row(
            r["date"] or "—",
            r["type"],
            r["pair"],
            r["status"],
            str(r["independent_sources"]),
            r["first_reported"] or "—",
            ", ".join(r["outlets"]),
        )
    out.print(table)


@app.command()
def stories(
    db: DbOption = Path(api.DEFAULT_DB),
    format: ListFormatOption = ListFormat.table,
) -> None:
    """List stories: labelled clusters of articles and event instances over time."""
    with _open(db) as store:
        rows = store.stories()
    if format is ListFormat.jsonl:
        for row in rows:
            _jsonl(row)
        return
    table = Table("id", "label", "start", "end", "articles", "instances", title=f"{len(rows)} stories")
    for r in rows:
        table.add_row(
            r["id"],
            r["label"],
            r["start"] or "—",
            r["end"] or "—",
            str(len(r["article_ids"])),
            str(len(r["instance_ids"])),
        )
    out.print(table)


@app.command("timeline")
def timeline_(
    db: DbOption = Path(api.DEFAULT_DB),
    story: Annotated[str | None, typer.Option(help="The story (default: the one with the most instances).")] = None,
    format: Annotated[TimelineFormat, typer.Option("--format", help="Output format.")] = TimelineFormat.table,
    output: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
) -> None:
    """A story's instances in date order with their status and sources; --format html gives one self-contained page."""
    with _open(db) as store:
        chosen = _story(store, story)
        rows = store.instances(story=chosen["id"])
    if format is TimelineFormat.html:
        page = timeline.html(chosen, rows)
        if output:
            output.write_text(page, encoding="utf-8")
            out.print(f"wrote {output}")
        else:
            sys.stdout.write(page)
        return
    if format is TimelineFormat.json:
        text = json.dumps({"story": chosen, "instances": timeline.rows(rows)}, ensure_ascii=False, indent=2)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
        return
    _timeline_table(chosen, rows)


def _story(store: Store, story_id: str | None) -> dict[str, Any]:
    stories_ = store.stories()
    if not stories_:
        raise StorylineError(f"{store.path}: no stories yet (ingest articles first)")
    if story_id is None:
        return max(stories_, key=lambda s: (len(s["instance_ids"]), s["id"]))
    found = next((s for s in stories_ if s["id"] == story_id), None)
    if found is None:
        raise StorylineError(f"{store.path}: no story {story_id!r} (see `storyline stories`)")
    return found


def _timeline_table(story: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    table = Table(
        "date",
        "type",
        "source → target",
        "status",
        "sources",
        "reports",
        "evidence",
        title=story["label"],
        show_lines=True,
    )
    for r in timeline.rows(rows):
        table.add_row(
            r["date"] or "—",
            r["type"],
            r["pair"],
            f"{timeline.STATUS_MARK.get(r['status'], '')} {r['status']}",
            str(r["independent_sources"]),
            ", ".join(r["outlets"]),
            r["sentence"] or "",
        )
    out.print(table)


@app.command("credibility")
def credibility_(
    db: DbOption = Path(api.DEFAULT_DB),
    article: Annotated[str | None, typer.Option(help="Only this article's profile, signal by signal.")] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Only this outlet's articles; the table shows the outlet's profile first.")
    ] = None,
    outlets: Annotated[
        bool, typer.Option("--outlets", help="Outlet profiles (every outlet's, or --outlet's) instead of articles'.")
    ] = False,
    format: ListFormatOption = ListFormat.table,
) -> None:
    """Evidence profiles: corroboration, conflicts with other reports, sources, speculation, headline, wording; a
    score in [0, 1] with the signals that moved it (see the README, "Credibility")."""
    with _open(db) as store:
        if article is not None and store.article(article) is None:
            raise StorylineError(f"{db}: no article {article!r} (see `storyline articles`)")
        profiles = [] if outlets else credibility_mod.article_profiles(store, article=article, outlet=outlet)
        outlet_rows = credibility_mod.outlet_profiles(store, outlet=outlet) if outlets or outlet else []
    if outlet is not None and not outlet_rows:
        raise StorylineError(f"{db}: no articles from outlet {outlet!r}")
    if format is ListFormat.jsonl:
        for row in [*(o.to_dict() for o in outlet_rows if outlets), *(p.to_dict() for p in profiles)]:
            _jsonl(row)
        return
    for o in outlet_rows:
        _outlet_table(o)
    if article is not None:
        _signal_table(profiles[0])
    elif profiles:
        table = Table("date", "id", "outlet", "score", "moved by", "title", title=f"{len(profiles)} articles")
        for p in profiles:
            moved = sorted(p.contributions.items(), key=lambda kv: -abs(kv[1]))[:3]
            table.add_row(
                p.date or "—",
                p.article_id,
                p.outlet or "—",
                f"{p.score:.2f}",
                ", ".join(f"{name} {value:+.2f}" for name, value in moved if value) or "—",
                p.title,
            )
        out.print(table)


def _signal_table(p: credibility_mod.ArticleProfile) -> None:
    table = Table("signal", "value", "weight", "moves", "meaning", title=f"{p.article_id}: score {p.score:.2f}")
    for spec in credibility_mod.SIGNALS:
        value = p.signals.get(spec.name)
        table.add_row(
            spec.name,
            "—" if value is None else f"{value:g}",
            f"{spec.weight:+g}",
            f"{p.contributions.get(spec.name, 0):+.2f}",
            spec.meaning,
        )
    out.print(table)
    for sentence in p.explanation:
        out.print(f"- {sentence}", markup=False, highlight=False)


def _outlet_table(o: credibility_mod.OutletProfile) -> None:
    table = Table("month", "articles", "score", "corroborated", "figure conflicts", "denied", title=o.outlet)
    for m in o.by_month:
        table.add_row(
            m["month"],
            str(m["articles"]),
            _num(m["score"]),
            _num(m["corroborated"]),
            _num(m["figure_conflicts"]),
            _num(m["denied"]),
        )
    out.print(table)
    for sentence in o.explanation:
        out.print(f"- {sentence}", markup=False, highlight=False)


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


@app.command("eval")
def eval_(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files (see the README, 'Gold files').")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="Also list the records with misses or extras.")] = False,
) -> None:
    """Run the pipeline on gold files: per-type precision, recall and F1, actor and date accuracy."""
    report = evaluate(gold)
    if as_json:
        if not errors:
            report.pop("errors")
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    table = Table("type", "precision", "recall", "F1", "support", "predicted", title=f"{report['records']} records")
    for t, v in report["per_type"].items():
        table.add_row(
            t, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}", str(v["support"]), str(v["predicted"])
        )
    table.add_row(
        "macro",
        f"{report['macro_precision']:.2f}",
        f"{report['macro_recall']:.2f}",
        f"{report['macro_f1']:.2f}",
        "",
        "",
    )
    out.print(table)
    for name in ("source_country", "source_sector", "target_country", "target_sector", "date"):
        if f"{name}_accuracy" in report:
            out.print(f"{name} accuracy: {report[f'{name}_accuracy']:.2f} (n={report[f'{name}_n']})")
    if errors:
        for e in report["errors"]:
            out.print(
                f"{e['id']}: missed {e['missed']} extra {e['extra']} :: {e['text']}", markup=False, highlight=False
            )


@app.command("export")
def export_table(
    out_path: Annotated[str, typer.Option("--out", help="Output file; - writes jsonl or csv to standard output.")],
    db: DbOption = Path(api.DEFAULT_DB),
    table: Annotated[str, typer.Option(help=f"The table: {', '.join(TABLES)}.")] = "events",
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = ExportFormat.jsonl,
) -> None:
    """Write a whole table as JSONL, CSV or Parquet, in the order it was stored, for analytics tools."""
    if table not in TABLES:
        raise typer.BadParameter(f"{table!r} is not a table (tables: {', '.join(TABLES)})", param_hint="--table")
    with _open(db) as store:
        count = export.export_table(store, table, format.value, out_path)
    err.print(f"{count} rows of {table} written to {out_path}", highlight=False)


@app.command()
def demo(db: DbOption = Path("demo.db")) -> None:
    """Ingest the bundled sample corpus and show the events found, by date, with their evidence."""
    _ingest([str(api.sample_corpus_path())], db, ReadOptions())
    with _open(db) as store:
        articles = store.articles()
        rows = store.events(EventQuery(limit=None))
    out.print(f"{len(articles)} articles, {len(rows)} events in {db}")
    _event_table([r for r in rows if r["confidence"] >= 0.7], "events found in the sample corpus (confidence >= 0.7)")
    with _open(db) as store:
        stories_ = store.stories()
        chosen = _story(store, None)
        instances_ = store.instances(story=chosen["id"])
    table = Table("id", "label", "articles", "instances", title="stories")
    for st in stories_:
        table.add_row(st["id"], st["label"], str(len(st["article_ids"])), str(len(st["instance_ids"])))
    out.print(table)
    _timeline_table(chosen, instances_)


@app.command()
def serve(
    db: DbOption = Path(api.DEFAULT_DB),
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default: only this machine).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_ingest: Annotated[
        bool, typer.Option("--allow-ingest", help="Accept new articles through POST /api/articles.")
    ] = False,
) -> None:
    """Serve the web pages and the HTTP JSON API (reference at /docs); read-only unless --allow-ingest."""
    from storyline.web import serve as run_server  # the web stack loads only for this command

    run_server(db, host=host, port=port, allow_ingest=allow_ingest)


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
