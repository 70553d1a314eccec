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
import stat
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

#: Default limit on one article's size; larger inputs are refused. Parsing costs about 100 s and 3 GB of memory a
#: megabyte of text, and no news article comes near a megabyte, so a larger input is a dump or a mistake.
DEFAULT_MAX_ARTICLE_BYTES = 1_000_000
#: a JSONL file whose first lines are all broken is not JSONL: it is refused as a whole after this many
MAX_LEADING_BAD_LINES = 10


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
            elif _is_special(entry):
                yield InputError(str(path), "not a regular file (a pipe, socket or device); skipped")
            else:
                yield from read_file(path, options)
        stack.extend(reversed(subdirs))


def _is_special(entry: os.DirEntry[str]) -> bool:
    """A pipe, socket or device found in a directory: opening one could wait forever or never end."""
    try:
        mode = entry.stat().st_mode
    except OSError:
        return False  # a broken or looping link: reading it reports why
    return not stat.S_ISREG(mode)


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
        data = _read_capped(path, options.max_article_bytes)
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


def _read_capped(path: Path, limit: int) -> bytes:
    """A file's bytes, refused when over `limit`. Reads at most limit + 1 bytes, so a device or a growing file ends."""
    size = path.stat().st_size
    if size > limit:
        raise InputError(str(path), _too_big(f"file of {size:,} bytes", limit))
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(str(path), _too_big("input", limit))
    return data


def _too_big(what: str, limit: int) -> str:
    return f"{what} exceeds the article size limit of {limit:,} bytes (raise it with --max-article-bytes)"


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
        data = text.encode("utf-8")
        try:
            if len(data) > options.max_article_bytes:
                raise InputError("-", _too_big(f"standard input of {len(data):,} bytes", options.max_article_bytes))
            yield from (_from_html if fmt == "html" else _from_text)(data, Provenance("-"), options)
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
    """Decode a file's bytes: BOMs honoured, UTF-8 first, then Windows-1252/Latin-1. Binary and empty are refused.

    A UTF-8 file cut inside its last character loses that character; a UTF-8 file with a few broken bytes keeps
    the rest of its text, each broken byte shown as U+FFFD; a file in a single-byte encoding is read as Windows-1252.
    """
    _check_not_binary(where, data[:8192])
    encoding = _sniff_encoding(data[:8192])
    if encoding in ("utf-8-sig", "utf-16", "utf-32"):
        text = data.decode(encoding, errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = _decode_broken_utf8(data, exc)
    if not text.strip():
        raise InputError(where, "empty file" if not data else "no text (only white space)")
    return text


def _decode_broken_utf8(data: bytes, exc: UnicodeDecodeError) -> str:
    if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
        return data[: exc.start].decode("utf-8")
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    multibyte = sum(1 for c in text if c > "\x7f") - broken
    if multibyte >= broken:
        return text
    return data.decode("cp1252", errors="replace")


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


def _lines(text: TextIO, limit: int) -> Iterator[tuple[int, str | None]]:
    """(line number, line) for each line; None for a line longer than `limit` characters, which is skipped unread."""
    lineno = 0
    while line := text.readline(limit + 1):
        lineno += 1
        if len(line) > limit and not line.endswith("\n"):
            while (rest := text.readline(1 << 16)) and not rest.endswith("\n"):
                pass
            yield lineno, None
        else:
            yield lineno, line


def _read_jsonl(text: TextIO, where: str, options: ReadOptions) -> Iterator[Item]:
    # JSON escapes (\uXXXX) may take six characters for one of the text, and the other fields need room too
    limit = 6 * options.max_article_bytes + 65536
    seen_any = good = False
    # errors of the lines before the first good one: a file with no good line among its first few is not JSONL
    held: list[InputError] = []
    for lineno, line in _lines(text, limit):
        at = f"{where}:{lineno}"
        if line is not None and not line.strip():
            continue
        if not seen_any and line is not None and line.lstrip().startswith("["):
            yield InputError(where, "a JSON array, not JSON Lines (one object per line); convert it with: jq -c '.[]'")
            return
        seen_any = True
        try:
            if line is None:
                raise InputError(at, _too_big(f"line of more than {limit:,} characters", options.max_article_bytes))
            obj = _json_object(line, at)
        except InputError as exc:
            if good:
                yield exc
            elif len(held) < MAX_LEADING_BAD_LINES:
                held.append(exc)
            else:
                yield InputError(where, f"not JSON Lines: none of its first {len(held) + 1} lines is a JSON object")
                return
            continue
        good = True
        yield from held
        held.clear()
        try:
            yield _record(obj, at, lineno, where, options)
        except InputError as exc:
            yield exc
    yield from held
    if not seen_any:
        yield InputError(where, "empty file")


def _json_object(line: str, at: str) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(at, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(at, "invalid JSON (nested too deeply)") from None
    if not isinstance(obj, dict):
        raise InputError(at, "a JSON object was expected on this line")
    return obj


def _read_csv(text: TextIO, where: str, options: ReadOptions, delimiter: str = ",") -> Iterator[Item]:
    field_limit = max(options.max_article_bytes * 2, 1 << 20)
    csv.field_size_limit(field_limit)
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
            if "field limit" in str(exc):
                reason = _too_big(f"a field of more than {field_limit:,} characters", options.max_article_bytes)
            else:
                reason = f"broken CSV quoting ({exc})"
            yield InputError(f"{where}:{reader.reader.line_num}", f"{reason}; rest of file skipped")
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
