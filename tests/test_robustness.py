"""Bad input through `storyline ingest`: one `error:` line per bad input naming it and the reason, exit status 1,
and every good input stored. Real files made in tmp_path: binary, empty, 50 MB, a 1 MB line, broken and foreign
encodings, HTML with only scripts, broken CSV and JSONL, unparseable dates, other languages, link loops, unreadable
files, a pipe."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shared_path
from test_crash import STORYLINE
from typer.testing import CliRunner

from storyline import language
from storyline.cli import app
from storyline.errors import InputError, LimitError
from storyline.ingest import DEFAULT_MAX_ARTICLE_BYTES, ReadOptions, decode, read_inputs
from storyline.model import Provenance, RawArticle
from storyline.store import EventQuery, Store

runner = CliRunner()

GOOD = (
    "Ceasefire agreed in Geneva\n\nBoth sides agreed to a ceasefire on Sunday after three days of talks in Geneva, "
    "officials from the two delegations said.\n"
)


def good(title: str, days: str) -> str:
    """An English article; articles with different `days` have different texts (the store keeps one of each text)."""
    return GOOD.replace("Ceasefire agreed in Geneva", title).replace("three days", days)


FRENCH = (
    "Les négociations reprennent\n\nLe ministre des affaires étrangères a déclaré mardi que les pourparlers de paix "
    "reprendraient la semaine prochaine à Genève, selon des sources diplomatiques.\n"
)
ARABIC = "محادثات\n\nقال المرصد السوري لحقوق الإنسان إن القوات الحكومية سيطرت على حي جديد في شرق حلب يوم الاثنين\n"


def _ingest(*args: str) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["ingest", *args])
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    return result.exit_code, errors, result.output


def _stored(db: Path) -> dict[str, str]:
    with Store(db, readonly=True) as store:
        return {a.title: a.text for a in store.articles()}


def _one_error(errors: list[str], name: str) -> str:
    mine = [e for e in errors if f"{os.sep}{name}" in e]
    assert len(mine) == 1, (name, errors)
    return mine[0]


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Write one file per kind of bad input; returns file name -> what its error line must say."""
    expect = {}
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 40)
    expect["binary.bin"] = "binary file"
    (folder / "empty.txt").write_bytes(b"")
    expect["empty.txt"] = "empty file"
    with open(folder / "huge.txt", "wb") as fh:
        fh.write(b"Huge\n\n" + b"The army shelled the town again on Monday. " * 1_250_000)  # 53 MB
    expect["huge.txt"] = "exceeds the article size limit of 1,000,000 bytes"
    (folder / "one_line.txt").write_bytes(b"Long line " + b"word " * (1 << 18))  # a 1.3 MB line, no break
    expect["one_line.txt"] = "exceeds the article size limit"
    (folder / "scripts.html").write_text(
        "<html><head><script>var a = 1;</script><style>p {}</style></head>"
        "<body><script>document.write('x')</script><noscript></noscript></body></html>"
    )
    expect["scripts.html"] = "HTML page with no article text"
    (folder / "no_text_column.csv").write_text("id,body\n1,Police arrested twelve people.\n")
    expect["no_text_column.csv"] = "missing column 'text'"
    (folder / "bad_date.jsonl").write_text(json.dumps({"id": "d1", "text": GOOD, "date": "the day after"}) + "\n")
    expect["bad_date.jsonl:1"] = "date 'the day after' cannot be parsed"
    (folder / "array.json").write_text(json.dumps([{"id": "x", "text": GOOD}], indent=2))
    expect["array.json"] = "a JSON array, not JSON Lines"
    (folder / "french.txt").write_text(FRENCH)
    expect["french.txt"] = "not in English: identified as French (fr"
    (folder / "arabic.txt").write_text(ARABIC)
    expect["arabic.txt"] = "not in English: written mostly in a non-Latin script, identified as Arabic (ar"
    (folder / "loop").mkdir()
    (folder / "loop" / "back").symlink_to("..")
    expect["back"] = "directory already read (a loop of symbolic links?)"
    (folder / "ping.txt").symlink_to(folder / "pong.txt")
    (folder / "pong.txt").symlink_to(folder / "ping.txt")
    expect["ping.txt"] = "cannot read file: Too many levels of symbolic links"
    expect["pong.txt"] = "cannot read file: Too many levels of symbolic links"
    if sys.platform.startswith("linux"):
        # unreadable even for root: reading a process's memory file from its start fails
        (folder / "unreadable.txt").symlink_to("/proc/self/mem")
        expect["unreadable.txt"] = "cannot read file: Input/output error"
    if os.geteuid() != 0:
        (folder / "secret.txt").write_text(GOOD)
        (folder / "secret.txt").chmod(0)
        expect["secret.txt"] = "cannot read file: Permission denied"
    os.mkfifo(folder / "pipe.txt")
    expect["pipe.txt"] = "not a regular file (a pipe, socket or device)"
    return expect


def test_each_bad_input_gets_one_error_line_and_every_good_one_is_stored(tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    expect = _bad_inputs(folder)
    (folder / "good.txt").write_text(GOOD)
    (folder / "latin1.txt").write_bytes(good("Talks in Genève", "four days").encode("latin-1"))
    (folder / "utf16.txt").write_bytes(good("Truce agreed", "five days").encode("utf-16"))
    (folder / "broken_utf8.txt").write_bytes(
        "Talks in Zürich\n\nThe café owner said police detained ".encode()
        + b"\xff\xfe"
        + b"forty protesters on Friday."
    )
    (folder / "rows.csv").write_text(f'id,text\nr1,"{good("Truce talks", "six days")}"\nr2,"broken "quote" x\n')
    expect["rows.csv:6"] = "broken CSV quoting"  # the row before it spans lines 2-5
    (folder / "rows.jsonl").write_text(
        json.dumps(
            {"id": "j1", "text": "Rebels seized the town of Saraqib on Friday, a war monitor based in Britain said."}
        )
        + '\n{"id": "j2", "text": \n'
    )
    expect["rows.jsonl:2"] = "invalid JSON"

    code, errors, output = _ingest(str(folder), "--db", str(db))

    assert code == 1 and "Traceback" not in output
    for name, reason in expect.items():
        assert reason in _one_error(errors, name), (name, errors)
    assert len(errors) == len(expect), errors
    stored = _stored(db)
    assert set(stored) == {
        "Ceasefire agreed in Geneva",
        "Talks in Genève",
        "Truce agreed",
        "Talks in Zürich",
        "Truce talks",
        "Rebels seized the town of Saraqib on Friday, a war monitor based in Britain said.",
    }, stored
    assert stored["Talks in Zürich"] == "The café owner said police detained \ufffd\ufffdforty protesters on Friday."
    again = _ingest(str(folder), "--db", str(db))
    assert again[0] == 1 and "0 new, 6 already stored" in again[2]


def test_limits_on_rows_fields_and_standard_input(tmp_path: Path, db: Path) -> None:
    big = "The army shelled the town. " * 200
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.jsonl").write_text(
        json.dumps({"id": "l1", "text": big}) + "\n" + json.dumps({"id": "l2", "text": GOOD}) + "\n"
    )
    (folder / "long.csv").write_text(f'id,text\nc1,"{big * 500}"\nc2,"{good("Other", "two days")}"\n')
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--max-article-bytes", "2000"])
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert result.exit_code == 1 and len(errors) == 2, result.output
    assert errors[0].endswith(
        "long.csv:2: a field of more than 1,048,576 characters exceeds the article size limit of 2,000 bytes"
        " (raise it with --max-article-bytes); rest of file skipped"
    )
    assert errors[1].endswith("long.jsonl:1: article of 5,400 characters exceeds the article size limit of 2,000 bytes")
    assert "1 new" in result.output  # l2; the CSV's reader cannot go on past a field over its limit
    piped = runner.invoke(app, ["ingest", "-", "--db", str(db), "--max-article-bytes", "2000"], input=big)
    assert piped.exit_code == 1 and "error: -: standard input of 5,400 bytes exceeds" in piped.output


def test_jsonl_line_longer_than_the_line_limit_is_skipped_and_the_next_line_read(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "x", "text": "' + "a" * 80_000 + '"}\n' + json.dumps({"id": "y", "text": GOOD}) + "\n")
    items = list(read_inputs([str(path)], ReadOptions(max_article_bytes=1000)))
    assert isinstance(items[0], InputError) and str(items[0]).startswith(f"{path}:1: line of more than 71,536")
    assert isinstance(items[1], RawArticle) and items[1].ext_id == "y" and items[1].provenance.row == 2


def test_a_file_that_is_not_jsonl_gets_one_error_not_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text("".join(f"line {n} of plain notes\n" for n in range(500)))
    (error,) = read_inputs([str(path)])
    assert isinstance(error, InputError) and "not JSON Lines: none of its first 11 lines" in str(error)
    short = tmp_path / "short.jsonl"
    short.write_text("nope\n[1, 2]\n")
    errors = [str(e) for e in read_inputs([str(short)])]
    assert errors == [
        f"{short}:1: invalid JSON (Expecting value at column 1)",
        f"{short}:2: a JSON object was expected on this line",
    ]


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": GOOD}) + "\n" + "[" * 200_000 + "\n")
    items = list(read_inputs([str(path)]))
    assert isinstance(items[0], RawArticle)
    assert isinstance(items[1], InputError) and "nested too deeply" in str(items[1])


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Café in Zürich".encode(), "Café in Zürich"),
        ("Café in Zürich".encode("latin-1"), "Café in Zürich"),
        ("Café in Zürich".encode("utf-16"), "Café in Zürich"),
        (codecs.BOM_UTF8 + "Café in Zürich".encode(), "Café in Zürich"),
        ("Café in Zürich €".encode()[:-1], "Café in Zürich "),  # cut inside the last character
        ("Café ".encode() + b"\x9d" + "in Zürich".encode(), "Café \ufffdin Zürich"),
        (b"Caf\xe9 in Z\xfcrich \x80", "Café in Zürich €"),
    ],
)
def test_decoding(data: bytes, text: str) -> None:
    assert decode("f", data) == text


def test_default_article_limit_is_documented() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"{DEFAULT_MAX_ARTICLE_BYTES:,}" in readme


def test_language_of_real_corpora_no_english_article_is_refused() -> None:
    refused = {}
    for name in ("news_bodies.jsonl", "syria_war_articles.jsonl"):
        with open(shared_path("corpora", name), encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                guess = language.identify(row["text"])
                if not guess.english:
                    refused[row["id"]] = guess.code
    # the three bodies of the English news corpus that are not in English (two French pages, one Chinese)
    assert refused == {"fnc-train-624": "zh", "fnc-train-1686": "fr", "fnc-train-2515": "fr"}


def test_short_texts_stay_undetermined_and_are_kept() -> None:
    guess = language.identify("Rebels seized the town.")
    assert guess.code is None and guess.english and guess.stored_code is None
    assert language.identify(GOOD * 2).stored_code == "en"


def test_max_memory_refuses_a_limit_too_small_and_runs_the_biggest_article_within_the_smallest_it_allows(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    # 540 KB, one paragraph: parsed as one batch it took GBs; parsed in chunks one at a time it fits the headroom
    (folder / "b_big.txt").write_text("Army shells the town again\n\n" + "The army shelled the town. " * 20_000)
    (folder / "c.txt").write_text(good("Talks resume", "two days"))
    db = tmp_path / "m.db"

    def run(megabytes: int) -> subprocess.CompletedProcess[str]:
        command = [*STORYLINE, "ingest", str(folder), "--db", str(db), "--max-memory", str(megabytes)]
        return subprocess.run(command, capture_output=True, text=True, timeout=600)

    too_small = run(100)
    assert too_small.returncode == 1 and too_small.stderr.startswith(
        "error: --max-memory 100 MB is less than Storyline needs: about "
    ), too_small.stderr
    assert not db.exists() or not _stored(db)
    needed = int(too_small.stderr.split("about ")[1].split()[0])
    result = run(needed + 100)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert set(_stored(db)) == {"Ceasefire agreed in Geneva", "Army shells the town again", "Talks resume"}
    with Store(db, readonly=True) as store:
        big = next(a for a in store.articles() if a.title == "Army shells the town again")
        # the sentence said 20,000 times is one report, not 20,000 (chunk edges may cut a copy differently)
        assert 1 <= len(store.events(EventQuery(article=big.id))) <= 5


def test_an_article_that_runs_out_of_memory_is_refused_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline import limits, pipeline

    raws = [
        RawArticle(text, Provenance(f"/in/{name}.txt"), date="2016-12-15")
        for name, text in (("a", GOOD), ("b", good("Big", "many days")), ("c", good("Talks resume", "two days")))
    ]

    def batch_needing_memory(batch: list[RawArticle]) -> list[object]:
        if any(raw.provenance.file.endswith("b.txt") for raw in batch):
            raise MemoryError  # what the allocator raises under RLIMIT_AS
        return pipeline.process_batch(batch)  # type: ignore[return-value]

    monkeypatch.setattr(limits, "process_batch", batch_needing_memory)
    monkeypatch.setattr(limits, "current_limit_mb", lambda: 1500)
    results = limits.process_safely(raws)
    assert [type(r).__name__ for r in results] == ["Processed", "InputError", "Processed"]
    assert str(results[1]) == "/in/b.txt: needs more memory than the limit of 1,500 MB (--max-memory) allows; skipped"


def test_linking_that_runs_out_of_memory_keeps_the_articles_pending(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline import link

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    (folder / "c.txt").write_text(good("Talks resume", "two days"))

    def out_of_memory(*args: object) -> int:
        raise MemoryError

    with monkeypatch.context() as patch:
        patch.setattr(link, "_instances", out_of_memory)
        result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--date", "2016-12-15"])
    assert isinstance(result.exception, LimitError) and str(result.exception).startswith(
        "linking needs more memory than this machine has free; the articles are stored and still pending"
    ), result.exception
    with Store(db, readonly=True) as store:
        assert store.db.execute("SELECT COUNT(*) FROM link_pending").fetchone()[0] == 2
        assert store.db.execute("SELECT COUNT(*) FROM copies").fetchone()[0] == 0
    assert runner.invoke(app, ["link", "--db", str(db)]).exit_code == 0
    with Store(db, readonly=True) as store:
        assert store.db.execute("SELECT COUNT(*) FROM link_pending").fetchone()[0] == 0
        assert store.db.execute("SELECT COUNT(*) FROM instances").fetchone()[0] >= 2


def test_an_article_a_stage_fails_on_is_reported_and_the_run_goes_on(tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    # 'N years ago' with N over the publication year made extraction raise (storyline/extract/when.py)
    (folder / "b.txt").write_text("History\n\nRoman troops attacked the city 2500 years ago, historians said.\n")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--date", "2016-12-15"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    stored = _stored(db)
    assert "Ceasefire agreed in Geneva" in stored
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    if "History" not in stored:
        assert errors == [
            f"error: {folder / 'b.txt'}: internal error while processing (ValueError: year -484 is out"
            " of range); skipped, please report it"
        ], errors
