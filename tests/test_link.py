"""Across articles: copies, event instances, corroboration, stories and the timeline (issue 6)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT, shared_path
from typer.testing import CliRunner

import storyline
from storyline.cli import app
from storyline.link import update
from storyline.link.corroboration import denial_of, summarise
from storyline.link.evaluate import evaluate_links
from storyline.link.instances import Instance, Report, build, link_reason

FLOORS = json.loads((ROOT / "tests" / "floors.json").read_text())["links_sample"]
TRUTH = ROOT / "storyline" / "data" / "sample_truth.json"
runner = CliRunner()


def _event(eid: str, type_: str, src: str | None, tgt: str | None, day: str, **kw: object) -> dict[str, object]:
    def actor(c: str | None) -> dict[str, object] | None:
        return {"name": c, "text": c, "country": c, "sector": "GOV", "actor_id": f"{c}-GOV"} if c else None

    return {
        "id": eid,
        "article_id": eid.split(":")[0],
        "type": type_,
        "source": actor(src),
        "target": actor(tgt),
        "date": day,
        "date_precision": "day",
        "date_source": "text",
        "sentence": "",
        **kw,
    }


def test_link_reasons() -> None:
    a = Report(_event("a:1", "CONSULT", "TUR", "RUS", "2016-12-14"), "Wire", "2016-12-15")
    b = Report(_event("b:1", "CONSULT", "TUR", "RUS", "2016-12-15"), "Daily", "2016-12-15")
    c = Report(_event("c:1", "CONSULT", "TUR", "USA", "2016-12-14"), "Daily", "2016-12-15")
    d = Report(_event("d:1", "CONSULT", "TUR", "RUS", "2016-12-25"), "Daily", "2016-12-25")
    e = Report(_event("e:1", "ASSAULT", "TUR", "RUS", "2016-12-14"), "Daily", "2016-12-15")
    reason = link_reason(a, b)
    assert reason and "same type CONSULT" in reason and "within 1 day" in reason
    assert link_reason(a, c) is None  # different target
    assert link_reason(a, d) is None  # eleven days apart
    assert link_reason(a, e) is None  # different type


def test_sentences_about_the_same_thing_link_reports_with_no_actor_in_common() -> None:
    def report(eid: str, sentence: str) -> Report:
        return Report(_event(eid, "ASSAULT", None, None, "2017-04-04", sentence=sentence), eid, "2017-04-04")

    # no actor on either side, no shared name: what the sentences say ("chlorine", "hospitals") is what ties them
    a = report("a:1", "A chlorine attack struck the town at dawn, and hospitals filled with children.")
    b = report("b:1", "Doctors said the chlorine had killed dozens and hospitals ran short of oxygen.")
    c = report("c:1", "Government forces shelled the eastern districts of the country on Tuesday, officials said.")
    reason = link_reason(a, b)
    assert reason and "both say chlorine, hospitals" in reason
    # common words ("government", "forces", "eastern", "officials") and the trigger say nothing of which happening
    assert link_reason(a, c) is None and link_reason(b, c) is None


def test_weak_links_do_not_chain() -> None:
    # a and c each look like b, but name different targets: they cannot be one happening, so no instance holds both
    a = Report(_event("a:1", "CONSULT", "TUR", "RUS", "2016-12-14"), "Wire", "2016-12-15")
    b = Report(_event("b:1", "CONSULT", "TUR", None, "2016-12-14"), "Daily", "2016-12-15")
    c = Report(_event("c:1", "CONSULT", "TUR", "USA", "2016-12-14"), "Post", "2016-12-15")
    assert link_reason(a, b) and link_reason(b, c) and link_reason(a, c) is None
    groups = [sorted(r.id for r in i.reports) for i in build([c, b, a])]
    assert not any({"a:1", "c:1"} <= set(g) for g in groups)
    assert sorted(map(len, groups)) == [1, 2]
    assert groups == [sorted(r.id for r in i.reports) for i in build([a, b, c])]  # order does not matter


def test_two_sides_of_a_fight_or_a_quarrel_are_two_happenings() -> None:
    def fighters(text: str, sector: str, country: str | None) -> dict[str, object]:
        return {"name": text, "text": text, "country": country, "sector": sector, "actor_id": f"UNK-{sector}"}

    day = "2016-12-14"
    said = "on Sheikh Saeed in the eastern districts of Aleppo at dawn on Wednesday, breaking the ceasefire."
    rebels = _event(
        "a:1", "ASSAULT", None, None, day, source=fighters("rebels", "REB", None), sentence=f"Rebels fired {said}"
    )
    army = _event(
        "b:1", "ASSAULT", None, None, day, source=fighters("troops", "MIL", "SYR"), sentence=f"Troops fired {said}"
    )
    # rebels firing on the army and the army firing on rebels are two happenings, however alike the sentences
    assert link_reason(Report(rebels, "Wire", day), Report(army, "Daily", day)) is None
    both = dict(rebels, id="c:1", sources=[fighters("troops", "MIL", "SYR"), fighters("allied militias", "REB", None)])
    assert link_reason(Report(both, "Post", day), Report(army, "Daily", day))  # the state's side is on both

    # each accuses the other: the country the one names as accuser is the other's accused
    day = "2022-03-07"
    a = _event("d:1", "ACCUSE", "RUS", "UKR", day, sentence="Russia accused Ukraine of shelling Donetsk on Monday.")
    b = _event("e:1", "ACCUSE", "UKR", "RUS", day, sentence="Ukraine accused Russia of shelling Donetsk on Monday.")
    assert link_reason(Report(a, "Wire", day), Report(b, "Daily", day)) is None

    # a phone call and a meeting of the same two leaders on one day are two happenings; two meetings are one
    call = _event("f:1", "CONSULT", "TUR", "RUS", day, mode="phone", sentence="Erdogan spoke to Putin by phone.")
    met = _event("g:1", "CONSULT", "TUR", "RUS", day, mode="meet", sentence="Erdogan met Putin in Sochi.")
    again = _event("h:1", "CONSULT", "TUR", "RUS", day, mode="meet", sentence="Putin and Erdogan met in Sochi.")
    assert link_reason(Report(call, "Wire", day), Report(met, "Daily", day)) is None
    assert link_reason(Report(met, "Daily", day), Report(again, "Post", day))


def _claim_and_denial() -> tuple[Report, Report]:
    claim = _event("blog:1", "MOBILIZE", "SAU", "QAT", "2017-06-09", trigger="massing")
    claim["sentence"] = "Saudi armour is massing on the Qatar border, a reader in Hofuf says."
    denial = _event("wire:2", "REJECT", "SAU", None, "2017-06-12")
    denial["sentence"] = (
        "A Saudi official dismissed as baseless reports that armoured units were massing near the border."
    )
    return Report(claim, "Blog", "2017-06-10"), Report(denial, "Wire", "2017-06-12")


def test_a_partys_rejection_denies_another_instance() -> None:
    claim, denial = _claim_and_denial()
    why = denial_of(denial, claim)
    assert why and why.startswith("denied by a party")
    record = summarise(Instance("i1", [claim]), {}, [denial])
    assert record["status"] == "denied" and record["denials"][0]["event_id"] == "wire:2"
    assert summarise(Instance("i1", [claim]), {}, [])["status"] == "single-source"
    # a rejection without words of denial, or from someone else about something else, denies nothing
    plain = _event("wire:3", "REJECT", "SAU", None, "2017-06-12")
    plain["sentence"] = "Riyadh rejected the proposal for talks on the border."
    assert denial_of(Report(plain, "Wire", None), claim) is None
    other = _event("wire:4", "REJECT", "QAT", None, "2017-06-12")
    other["sentence"] = "Qatar dismissed as baseless reports that it funds militant groups."
    assert denial_of(Report(other, "Wire", None), claim) is None


def test_sample_copies_are_found(sample_db: Path) -> None:
    truth = json.loads(TRUTH.read_text())
    with storyline.Store(sample_db, readonly=True) as store:
        copies = store.copies()
    assert {(c["copy"], c["original"]) for c in truth["copies"]} <= set(copies.items())


def test_copy_adds_no_independent_source(sample_db: Path) -> None:
    with storyline.Store(sample_db, readonly=True) as store:
        copies = store.copies()
        instances = store.instances()
    with_copy = [i for i in instances if any(r["copy_of"] for r in i["reports"])]
    assert with_copy, "no instance reported by a copy"
    for inst in instances:
        outlets = {
            r["outlet"] for r in inst["reports"] if r["copy_of"] is None and r["modality"] not in {"denied", "negated"}
        }
        assert inst["independent_sources"] == len(outlets)
        for r in inst["reports"]:
            assert (r["copy_of"] is not None) == (r["article_id"] in copies)


def test_denied_claims_show_as_denied_or_disputed(sample_db: Path) -> None:
    truth = json.loads(TRUTH.read_text())
    with storyline.Store(sample_db) as store:
        result = evaluate_links(store, TRUTH)
    confusion = result["statuses"]["confusion"]
    denied_true = sum(confusion.get("denied", {}).values()) + sum(confusion.get("disputed", {}).values())
    denied_found = sum(
        n
        for true in ("denied", "disputed")
        for got, n in confusion.get(true, {}).items()
        if got in {"denied", "disputed"}
    )
    assert any(i["status"] in {"denied", "disputed"} for i in truth["instances"])
    assert denied_true == 0 or denied_found >= 1
    # two of the three happenings the truth marks denied (the meeting in Moscow, the armour on the border) are
    # denied by a party in another article's rejection: an instance holding their claim shows it
    with storyline.Store(sample_db, readonly=True) as store:
        events = store.events()
        status_of = {r["event_id"]: i["status"] for i in store.instances() for r in i["reports"]}
    shown = 0
    for inst in (i for i in truth["instances"] if i["status"] == "denied"):
        got = {
            status_of.get(e["id"])
            for rep in inst["reports"]
            for e in events
            if e["article_id"] == rep["article_id"] and e["type"] == inst["type"] and rep["anchor"] in e["sentence"]
        }
        shown += bool(got & {"denied", "disputed"})
    assert shown >= 2


def test_sample_instances_stay_small(sample_db: Path) -> None:
    with storyline.Store(sample_db, readonly=True) as store:
        sizes = [len(i["reports"]) for i in store.instances()]
        reports = store.instances()
    assert max(sizes) <= 15, sorted(sizes)[-5:]
    # every report of an instance of several says which other report it was linked to, and why
    for inst in reports:
        if len(inst["reports"]) > 1:
            assert all(r["why"].startswith("linked to ") and "evidence" in r["why"] for r in inst["reports"])


def test_sample_linking_floors(sample_db: Path) -> None:
    with storyline.Store(sample_db) as store:
        result = evaluate_links(store, TRUTH)
    got = {
        "instances_f1": result["instances"]["f1"],
        "stories_f1": result["stories"]["f1"],
        "copies_f1": result["copies"]["f1"],
    }
    failures = [f"{k} {got[k]:.3f} < {v}" for k, v in FLOORS.items() if not k.startswith("_") and got[k] < v]
    assert not failures, failures


def _snapshot(db: Path) -> tuple[object, ...]:
    with storyline.Store(db, readonly=True) as store:
        instances = sorted(
            (i["id"], i["status"], i["independent_sources"], tuple(sorted(r["event_id"] for r in i["reports"])))
            for i in store.instances()
        )
        stories = sorted((s["id"], tuple(sorted(s["article_ids"]))) for s in store.stories())
        copies = sorted(store.copies().items())
    return instances, stories, copies


def _halves(corpus: Path, tmp_path: Path, interleave: bool) -> tuple[Path, Path]:
    """The corpus in two halves: alternate lines (a different order of arrival), or its first and second half (the
    order kept: a corpus that repeats an id keeps its first text either way)."""
    lines = [line for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    mid = len(lines) // 2
    parts = (lines[::2], lines[1::2]) if interleave else (lines[:mid], lines[mid:])
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(parts[0]) + "\n", encoding="utf-8")
    second.write_text("\n".join(parts[1]) + "\n", encoding="utf-8")
    return first, second


def test_incremental_equals_rebuild_on_sample(sample_db: Path, tmp_path: Path) -> None:
    first, second = _halves(storyline.sample_corpus_path(), tmp_path, interleave=True)
    db = tmp_path / "halves.db"
    storyline.ingest([str(first)], db)
    storyline.ingest([str(second)], db)
    assert _snapshot(db) == _snapshot(sample_db)
    with storyline.Store(db) as store:
        update(store, rebuild=True)
    assert _snapshot(db) == _snapshot(sample_db)


@pytest.mark.slow
def test_syrian_corpus_in_two_halves_equals_at_once(tmp_path: Path) -> None:
    corpus = shared_path("corpora", "syria_war_articles.jsonl")
    first, second = _halves(corpus, tmp_path, interleave=False)
    once, twice = tmp_path / "once.db", tmp_path / "twice.db"
    storyline.ingest([str(corpus)], once)
    storyline.ingest([str(first)], twice)
    storyline.ingest([str(second)], twice)
    assert _snapshot(once) == _snapshot(twice)
    with storyline.Store(once, readonly=True) as store:
        largest = max(len(i["reports"]) for i in store.instances())
    assert largest <= 60  # no chain of weak links across the war (one instance had 1580 reports)


def test_cli_instances_stories_timeline(sample_db: Path, tmp_path: Path) -> None:
    rows = [
        json.loads(x)
        for x in runner.invoke(app, ["instances", "--db", str(sample_db), "--format", "jsonl"]).stdout.splitlines()
    ]
    assert rows
    for field in (
        "id",
        "type",
        "source",
        "target",
        "date",
        "status",
        "independent_sources",
        "first_reported",
        "story_id",
        "reports",
    ):
        assert field in rows[0]
    for field in ("event_id", "article_id", "outlet", "copy_of", "voice"):
        assert field in rows[0]["reports"][0]
    stories = [
        json.loads(x)
        for x in runner.invoke(app, ["stories", "--db", str(sample_db), "--format", "jsonl"]).stdout.splitlines()
    ]
    assert stories and {"id", "label", "start", "end", "article_ids", "instance_ids"} <= set(stories[0])
    page = tmp_path / "t.html"
    result = runner.invoke(app, ["timeline", "--db", str(sample_db), "--format", "html", "--out", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert html.startswith("<!doctype html>") and "<svg" in html and "<script" not in html.lower()
    timeline = json.loads(runner.invoke(app, ["timeline", "--db", str(sample_db), "--format", "json"]).stdout)
    dates = [r["date"] for r in timeline["instances"] if r["date"]]
    assert dates == sorted(dates)


def test_timeline_escapes_article_text(tmp_path: Path) -> None:
    from storyline.timeline import html

    evil = {"label": "<script>alert(1)</script>", "start": None, "end": None, "article_ids": []}
    inst = {
        "id": "i1", "date": "2020-01-01", "type": "ASSAULT", "status": "single-source", "independent_sources": 1,
        "first_reported": "2020-01-01", "sentence": "<img src=x onerror=alert(1)>",
        "source": {"name": "<b>x</b>"}, "target": None,
        "reports": [{"outlet": "<i>o</i>", "article_id": "a", "voice": "own", "copy_of": None}],
    }  # fmt: skip
    page = html(evil, [inst])
    assert "<script>" not in page and "<img" not in page and "<b>x</b>" not in page


def test_link_is_one_transaction(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    src = sqlite3.connect(sample_db)
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    with storyline.Store(db) as store:
        before = _snapshot(db)
        store.db.execute("INSERT INTO link_pending SELECT id FROM articles LIMIT 3")
        update(store)
    assert _snapshot(db) == before
