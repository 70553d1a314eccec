"""The command line: exit codes, one line per bad input, idempotent ingest, listings."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from storyline.cli import app

runner = CliRunner()


def test_bad_files_exit_1_and_good_one_is_stored(tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Ceasefire agreed\n\nBoth sides agreed to a ceasefire on Sunday.\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(500))
    (folder / "empty.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 1
    error_lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 2
    assert any("photo.jpg" in line for line in error_lines) and any("empty.txt" in line for line in error_lines)
    listed = runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl", "--text"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["title"] for r in rows] == ["Ceasefire agreed"]
    assert rows[0]["text"] == "Both sides agreed to a ceasefire on Sunday."


def test_ingest_twice_says_zero_new(tmp_path: Path, db: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Title\n\nThe minister resigned on Monday.")
    first = runner.invoke(app, ["ingest", str(p), "--db", str(db)])
    second = runner.invoke(app, ["ingest", str(p), "--db", str(db)])
    assert first.exit_code == second.exit_code == 0
    assert "1 new" in first.output and "0 new" in second.output


def test_date_option_is_validated(tmp_path: Path, db: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Title\n\nBody.")
    result = runner.invoke(app, ["ingest", str(p), "--db", str(db), "--date", "yesterday"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["ingest", str(p), "--db", str(db), "--date", "2016-12-15"])
    assert result.exit_code == 0
    row = json.loads(runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl"]).stdout)
    assert row["date"] == "2016-12-15"


def test_every_command_has_help() -> None:
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, name


def test_articles_on_missing_db_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["articles", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0


def test_seeds_end_to_end(seeds_dir: Path, db: Path) -> None:
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "5 new" in result.output
    again = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db)])
    assert "0 new" in again.output
    rows = [
        json.loads(line)
        for line in runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl", "--text"]).stdout.splitlines()
    ]
    titles = {r["title"] for r in rows}
    assert any(t.startswith("ALEPPO: Russia rejects talks") and t.endswith("as more Jihadis surrender") for t in titles)
    (seed002,) = [r for r in rows if r["title"].startswith("Russia rejects ceasefire in Aleppo")]
    assert seed002["date"] == "2016-12-15"
    for r in rows:
        assert "Print Friendly" not in r["text"] and "Notify of" not in r["text"]
