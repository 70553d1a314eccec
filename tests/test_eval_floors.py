"""Accuracy is a tested number: `storyline eval` on the gold sets must stay at or above the floors pinned in
tests/floors.json (the team's held-out split included: it is measured, never tuned on)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, shared_path

from storyline.evaluate import evaluate

FLOORS: dict[str, dict[str, float]] = json.loads((ROOT / "tests" / "floors.json").read_text())
GOLD = ROOT / "gold"


def _check(report: dict[str, Any], floors: dict[str, float]) -> None:
    failures = [f"{name} {report[name]:.3f} < floor {floor}" for name, floor in floors.items() if report[name] < floor]
    assert not failures, "; ".join(failures)


@pytest.mark.parametrize(
    ("name", "files"),
    [
        ("events_team_dev", ["events_dev_a.jsonl", "events_dev_b.jsonl"]),
        ("events_team_dev_cd", ["events_dev_c.jsonl", "events_dev_d.jsonl"]),
        ("events_team_dev_efg", ["events_dev_e.jsonl", "events_dev_f.jsonl", "events_dev_g.jsonl"]),
        ("events_team_dev_hij", ["events_dev_h.jsonl", "events_dev_i.jsonl", "events_dev_j.jsonl"]),
        ("events_team_dev_k", ["events_dev_k.jsonl"]),
        ("events_team_test", [f"events_test_{x}.jsonl" for x in "abcdef"]),
    ],
)
def test_team_event_gold(name: str, files: list[str]) -> None:
    _check(evaluate([GOLD / f for f in files]), FLOORS[name])


def test_plover_dev() -> None:
    _check(evaluate([shared_path("gold", "plover_dev.jsonl")]), FLOORS["events_plover_dev"])


@pytest.mark.parametrize(("name", "file"), [("claims_dev", "claims_dev.jsonl"), ("claims_test", "claims_test.jsonl")])
def test_team_claims_gold(name: str, file: str) -> None:
    claims = evaluate([GOLD / file])["claims"]
    flat = {f"{part}_f1": claims[part]["f1"] for part in ("speaker", "outlet", "found")}
    _check(flat, FLOORS[name])


def test_gold_files_are_well_formed() -> None:
    from storyline.evaluate import read_gold

    docs = read_gold(sorted(GOLD.glob("*.jsonl")))
    records = sum(len(d.records) for d in docs)
    event_docs = read_gold(sorted(GOLD.glob("events_*.jsonl")))
    sentences = sum(len(d.records) for d in event_docs)
    assert len(event_docs) >= 60 and sentences >= 400
    held_out = sum(len(d.records) for d in read_gold(sorted(GOLD.glob("events_test_*.jsonl"))))
    assert held_out >= 0.25 * sentences  # a quarter of the event gold is the held-out split
    claims = sum(len(r.get("claims") or []) for d in docs for r in d.records)
    assert claims >= 150 and records > 0


def test_bad_gold_file_is_a_clear_error(tmp_path: Path) -> None:
    from storyline.errors import GoldError

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "t", "events": [{"type": "NOPE"}]}\n')
    with pytest.raises(GoldError, match=r"bad.jsonl:1: unknown event type"):
        evaluate([bad])
