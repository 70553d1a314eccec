"""Readers: turn files, directories, globs and standard input into a lazy stream of raw articles.

Every reader is a generator. A bad input never stops the stream: it yields an `InputError` naming the input and
the reason, and the caller reports it and goes on.
"""

from __future__ import annotations

import codecs
import csv
import glob
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import trafilatura

from storyline.dates import parse_absolute_date
from storyline.errors import InputError
from storyline.model import Provenance, RawArticle

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
FORMATS = ("auto", "txt", "html", "jsonl", "csv")

#: Default limit on one article's size; larger inputs are refused (see `Limits`).
DEFAULT_MAX_ARTICLE_BYTES = 5_000_000


@dataclass(frozen=True)
class FieldMap:
    """Which column or key of a corpus file holds each article field."""

    id: str = "id"
    title: str = "title"
    text: str = "text"
    date: str = "date"
    url: str = "url"
    source: str = "source"
    author: str = "author"


@dataclass(frozen=True)
class ReadOptions:
    fields: FieldMap = FieldMap()
    #: publication date given to inputs that have none (YYYY-MM-DD)
    default_date: str | None = None
    #: force one format instead of choosing by file suffix
    format: str = "auto"
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES


Item = RawArticle | InputError


def read_inputs(
    paths: Iterable[str], options: ReadOptions = ReadOptions(), stdin: TextIO | None = None
) -> Iterator[Item]:
    """Yield a raw article or an input error for everything under `paths`, lazily, in a stable order."""
    for path in paths:
        if path == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, options)
        elif os.path.isdir(path):
            yield from _read_dir(Path(path), options)
        elif os.path.exists(path) or os.path.islink(path):
            yield from read_file(Path(path), options)
        elif glob.has_magic(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield InputError(path, "no file matches this pattern")
            for match in matches:
                yield from (
                    _read_dir(Path(match), options) if os.path.isdir(match) else read_file(Path(match), options)
                )
        else:
            yield InputError(path, "no such file or directory")


def _read_dir(root: Path, options: ReadOptions) -> Iterator[Item]:
    """Walk a directory recursively, following links to directories once each (a link loop is reported)."""
    seen: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            yield InputError(str(folder), "directory already read (a loop of symbolic links?); skipped")
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield InputError(str(folder), f"cannot list directory: {exc.strerror or exc}")
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(path)
            else:
                yield from read_file(path, options)
        stack.extend(reversed(subdirs))


def _format_of(path: Path, options: ReadOptions) -> str:
    if options.format != "auto":
        return options.format
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    return "txt"


def read_file(path: Path, options: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Read one file of any supported format."""
    where = str(path)
    fmt = _format_of(path, options)
    try:
        if fmt in ("jsonl", "csv"):
            with open(path, "rb") as fh:
                head = fh.read(4096)
            _check_not_binary(where, head)
            encoding = _sniff_encoding(head)
            with open(path, encoding=encoding, errors="replace", newline="") as text:
                if fmt == "jsonl":
                    yield from _read_jsonl(text, where, options)
                else:
                    yield from _read_csv(text, where, options, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
            return
        size = path.stat().st_size
        if size > options.max_article_bytes:
            raise InputError(
                where, f"file of {size:,} bytes exceeds the article size limit of {options.max_article_bytes:,}"
            )
        data = path.read_bytes()
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(where, f"cannot read file: {exc.strerror or exc}")
        return
    try:
        yield from (_from_html if fmt == "html" else _from_text)(data, Provenance(where), options)
    except InputError as exc:
        yield exc


def _read_stdin(stream: TextIO, options: ReadOptions) -> Iterator[Item]:
    text = stream.read()
    fmt = options.format
    if fmt == "auto":
        fmt = "jsonl" if text.lstrip().startswith("{") else "txt"
    if fmt == "jsonl":
        yield from _read_jsonl(io.StringIO(text), "-", options)
    elif fmt == "csv":
        yield from _read_csv(io.StringIO(text), "-", options)
    else:
        try:
            yield from (_from_html if fmt == "html" else _from_text)(text.encode("utf-8"), Provenance("-"), options)
        except InputError as exc:
            yield exc


# --- decoding -----------------------------------------------------------------------------------------------


def _check_not_binary(where: str, head: bytes) -> None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return
    if b"\x00" in head:
        raise InputError(where, "binary file (contains NUL bytes), not text")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.05:
        raise InputError(where, "binary file (control characters), not text")


def _sniff_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is still UTF-8
        if exc.start < len(head) - 3:
            return "cp1252"
    return "utf-8"


def decode(where: str, data: bytes) -> str:
    """Decode a file's bytes: BOMs honoured, UTF-8 first, then Windows-1252/Latin-1. Binary and empty are refused."""
    _check_not_binary(where, data[:8192])
    encoding = _sniff_encoding(data[:8192])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise InputError(where, "empty file" if not data else "no text (only white space)")
    return text


# --- formats ------------------------------------------------------------------------------------------------


def _from_text(data: bytes, prov: Provenance, options: ReadOptions) -> Iterator[RawArticle]:
    text = decode(str(prov), data)
    yield RawArticle(text=text, provenance=prov, date=options.default_date, raw=text)


def _from_html(data: bytes, prov: Provenance, options: ReadOptions) -> Iterator[RawArticle]:
    page = decode(str(prov), data)
    doc = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    meta: dict[str, Any] = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (meta.get("text") or "").strip()
    if not text:
        raise InputError(str(prov), "HTML page with no article text")
    title = (meta.get("title") or "").strip() or None
    if title and text.split("\n", 1)[0].strip() == title:
        text = text.split("\n", 1)[1].strip() if "\n" in text else ""
        if not text:
            raise InputError(str(prov), "HTML page with a title but no article text")
    author = (meta.get("author") or "").strip() or None
    if author and (len(author) > 60 or any(c.isdigit() for c in author)):
        author = None
    yield RawArticle(
        text=text,
        provenance=prov,
        title=title,
        date=parse_absolute_date(meta.get("date") or "") or options.default_date,
        source=(meta.get("sitename") or meta.get("hostname") or "").strip() or None,
        url=meta.get("url"),
        author=author,
        raw=page,
        has_title=title is not None,
    )


def _record(obj: dict[str, Any], where: str, row: int, source_file: str, options: ReadOptions) -> RawArticle:
    f = options.fields
    text = obj.get(f.text)
    if not isinstance(text, str):
        raise InputError(where, f"no text: field '{f.text}' is missing or not a string")
    if not text.strip():
        raise InputError(where, f"empty text in field '{f.text}'")
    if len(text.encode("utf-8")) > options.max_article_bytes:
        raise InputError(
            where,
            f"article of {len(text):,} characters exceeds the article size limit of {options.max_article_bytes:,} bytes",
        )

    def opt(name: str) -> str | None:
        value = obj.get(name)
        if value is None or value == "":
            return None
        return str(value).strip() or None

    raw_date = opt(f.date)
    date = parse_absolute_date(raw_date) if raw_date else None
    if raw_date and date is None:
        raise InputError(where, f"date {raw_date!r} cannot be parsed (use YYYY-MM-DD)")
    return RawArticle(
        text=text,
        provenance=Provenance(source_file, row),
        title=opt(f.title),
        date=date or options.default_date,
        source=opt(f.source),
        url=opt(f.url),
        author=opt(f.author),
        ext_id=opt(f.id),
        raw=text,
        has_title=opt(f.title) is not None,
    )


def _read_jsonl(lines: Iterable[str], where: str, options: ReadOptions) -> Iterator[Item]:
    seen_any = False
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        seen_any = True
        at = f"{where}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(at, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield InputError(at, "a JSON object was expected on this line")
            continue
        try:
            yield _record(obj, at, lineno, where, options)
        except InputError as exc:
            yield exc
    if not seen_any:
        yield InputError(where, "empty file")


def _read_csv(text: TextIO, where: str, options: ReadOptions, delimiter: str = ",") -> Iterator[Item]:
    csv.field_size_limit(max(options.max_article_bytes * 2, 1 << 20))
    reader = csv.DictReader(text, delimiter=delimiter, strict=True)
    try:
        columns = reader.fieldnames
    except csv.Error as exc:
        yield InputError(where, f"broken CSV header ({exc})")
        return
    if not columns:
        yield InputError(where, "empty file")
        return
    if options.fields.text not in columns:
        yield InputError(
            where, f"missing column '{options.fields.text}' (columns: {', '.join(c for c in columns if c)})"
        )
        return
    row = 0
    while True:
        try:
            obj = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield InputError(f"{where}:{reader.line_num}", f"broken CSV quoting ({exc}); rest of file skipped")
            return
        row += 1
        at = f"{where}:{reader.line_num}"
        if None in obj:
            yield InputError(at, "more fields than columns in this row")
            continue
        try:
            yield _record(obj, at, row, where, options)
        except InputError as exc:
            yield exc
