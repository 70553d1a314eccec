"""Readers: every format, field mapping, and a one-line error for every bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest import FieldMap, ReadOptions, read_inputs
from storyline.model import RawArticle

HTML = """<html><head><title>Envoys meet | Example News</title>
<meta property="og:site_name" content="Example News"><meta property="article:published_time" content="2017-06-05">
</head><body><nav>Home | World | Sport</nav><article><h1>Envoys meet in Kuwait</h1>
<p>Kuwait's emir hosted envoys from Qatar and Saudi Arabia on Monday in an effort to end the dispute.</p>
<p>The talks lasted three hours, officials said, and will resume later in the week.</p></article>
<footer>Share on Twitter</footer></body></html>"""


def _items(paths: list[str], **kw: object) -> list[RawArticle | InputError]:
    return list(read_inputs(paths, ReadOptions(**kw)))  # type: ignore[arg-type]


def test_jsonl_keeps_ids_and_maps_fields(tmp_path: Path) -> None:
    p = tmp_path / "c.jsonl"
    p.write_text(
        json.dumps({"doc": "x1", "body": "Troops crossed the border on Friday.", "when": "2014-03-01"}) + "\n",
        encoding="utf-8",
    )
    (item,) = _items([str(p)], fields=FieldMap(id="doc", text="body", date="when"))
    assert isinstance(item, RawArticle)
    assert (item.ext_id, item.date, item.provenance.row) == ("x1", "2014-03-01", 1)


def test_jsonl_bad_line_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "c.jsonl"
    p.write_text('{"id": "a", "text": "Fine text here."}\n{"id": "b", "text": \n{"id": "c"}\n', encoding="utf-8")
    items = _items([str(p)])
    assert isinstance(items[0], RawArticle)
    assert isinstance(items[1], InputError) and str(items[1]).startswith(f"{p}:2: invalid JSON")
    assert isinstance(items[2], InputError) and "no text" in str(items[2]) and ":3:" in str(items[2])


def test_csv_reads_rows_and_reports_missing_column(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text('id,title,text,date,source\n7,"A title","Police arrested, it said, 12 people.",2019-10-02,Wire\n')
    (item,) = _items([str(good)])
    assert isinstance(item, RawArticle) and item.ext_id == "7" and item.source == "Wire"
    bad = tmp_path / "bad.csv"
    bad.write_text("id,body\n1,hello\n")
    (error,) = _items([str(bad)])
    assert isinstance(error, InputError) and "missing column 'text'" in str(error) and str(bad) in str(error)


def test_csv_broken_quoting_is_reported(tmp_path: Path) -> None:
    p = tmp_path / "q.csv"
    p.write_text('id,text\n1,"fine row"\n2,"broken "quote" here\n')
    items = _items([str(p)])
    assert isinstance(items[0], RawArticle)
    assert any(isinstance(i, InputError) and "CSV" in str(i) for i in items[1:])


def test_unparseable_date_is_an_error_naming_the_row(tmp_path: Path) -> None:
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"id": "a", "text": "Some text.", "date": "the day after"}) + "\n")
    (error,) = _items([str(p)])
    assert isinstance(error, InputError) and "cannot be parsed" in str(error) and ":1" in str(error)


def test_html_main_text_title_date_site(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    (item,) = _items([str(p)])
    assert isinstance(item, RawArticle)
    assert item.title and "Envoys meet" in item.title
    assert "hosted envoys from Qatar" in item.text and "Home | World" not in item.text
    assert item.date == "2017-06-05"
    assert item.source == "Example News"


def test_directory_recursive_with_binary_and_empty(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "good.txt").write_text("Title\n\nThe army shelled the town on Monday.\n")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    items = _items([str(tmp_path)])
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert len([i for i in items if isinstance(i, RawArticle)]) == 1
    assert any("blob.bin" in e and "binary" in e for e in errors)
    assert any("empty.txt" in e and "empty" in e for e in errors)


def test_glob_and_missing_path(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"a{n}.txt").write_text(f"Title {n}\n\nBody number {n} here.")
    items = _items([str(tmp_path / "a*.txt"), str(tmp_path / "nope.txt")])
    assert sum(isinstance(i, RawArticle) for i in items) == 3
    assert isinstance(items[-1], InputError) and "no such file" in str(items[-1])


def test_stdin_jsonl_and_text() -> None:
    items = list(read_inputs(["-"], stdin=io.StringIO('{"id": "s1", "text": "Rebels seized the town."}\n')))
    assert isinstance(items[0], RawArticle) and items[0].ext_id == "s1"
    items = list(read_inputs(["-"], stdin=io.StringIO("A title\n\nPlain text body.\n")))
    assert isinstance(items[0], RawArticle) and items[0].provenance.file == "-"


def test_default_date_only_fills_gaps(tmp_path: Path) -> None:
    p = tmp_path / "c.jsonl"
    p.write_text(
        json.dumps({"id": "a", "text": "Some text.", "date": "2015-01-02"})
        + "\n"
        + json.dumps({"id": "b", "text": "Other text."})
        + "\n"
    )
    a, b = _items([str(p)], default_date="2020-05-05")
    assert isinstance(a, RawArticle) and isinstance(b, RawArticle)
    assert (a.date, b.date) == ("2015-01-02", "2020-05-05")


def test_encodings(tmp_path: Path) -> None:
    text = "Title\n\nThe café owner in Zürich said troops arrived."
    for name, data in {
        "latin1.txt": text.encode("latin-1"),
        "utf16.txt": text.encode("utf-16"),
        "bom8.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
    }.items():
        (tmp_path / name).write_bytes(data)
    items = _items([str(tmp_path)])
    assert all(isinstance(i, RawArticle) and "café owner in Zürich" in i.text for i in items), items
