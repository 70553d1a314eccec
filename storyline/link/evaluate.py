"""How well linking works on a corpus whose true instances, stories and copies are known.

The truth file (see `storyline/data/sample_truth.json`) lists each real happening with the sentences that report it
(an article id and an anchor: words of that sentence). A system event stands for a truth report when it comes from
that article, has the same type and its sentence holds the anchor (when the sentence holds two reports' anchors, its
trigger must lie inside this one's). Instance merging is scored on pairs of truth
reports that extraction found (both have a system event): such a pair is found when its two events are in one
instance; a pair of system events in one instance is right when they stand for reports of one happening. The
end-to-end figure counts every true pair, so it also falls when extraction misses a report. Stories are
scored on pairs of articles the same way.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

from storyline.store import Store


def _prf(right: int, found: int, true: int) -> dict[str, float]:
    p = right / found if found else 0.0
    r = right / true if true else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "pairs_found": found,
        "pairs_true": true,
    }


def evaluate_links(store: Store, truth_path: str | Path) -> dict[str, Any]:
    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    instance_of: dict[str, str] = {}
    for inst in store.instances():
        for r in inst["reports"]:
            instance_of[r["event_id"]] = inst["id"]
    events_by_article: dict[str, list[dict[str, Any]]] = {}
    for e in store.events():
        events_by_article.setdefault(e["article_id"], []).append(e)
    titles = {a.id: a.title for a in store.articles()}

    # truth reports -> the system event that stands for each
    anchors_by_article: dict[str, list[str]] = {}
    for inst in truth["instances"]:
        for rep in inst["reports"]:
            anchors_by_article.setdefault(rep["article_id"], []).append(rep["anchor"])
    report_event: dict[tuple[str, int], str | None] = {}
    for inst in truth["instances"]:
        for n, rep in enumerate(inst["reports"]):
            match = None
            for e in events_by_article.get(rep["article_id"], []):
                if e["type"] == inst["type"] and _stands_for(e, rep, titles, anchors_by_article[rep["article_id"]]):
                    match = e["id"]
                    break
            report_event[(inst["key"], n)] = match
    true_pairs = right_recall = extracted_pairs = 0
    for inst in truth["instances"]:
        for a, b in combinations(range(len(inst["reports"])), 2):
            ra, rb = inst["reports"][a], inst["reports"][b]
            if ra["article_id"] == rb["article_id"]:
                continue
            true_pairs += 1
            ea, eb = report_event[(inst["key"], a)], report_event[(inst["key"], b)]
            if ea and eb:
                extracted_pairs += 1
                if instance_of.get(ea) and instance_of.get(ea) == instance_of.get(eb):
                    right_recall += 1
    happening_of = {e: key for (key, _), e in report_event.items() if e}
    system_groups: dict[str, list[str]] = {}
    for event_id, inst_id in instance_of.items():
        if event_id in happening_of:
            system_groups.setdefault(inst_id, []).append(event_id)
    found_pairs = right_precision = 0
    for members in system_groups.values():
        for ea, eb in combinations(sorted(members), 2):
            if ea.split(":")[0] == eb.split(":")[0]:
                continue
            found_pairs += 1
            right_precision += happening_of[ea] == happening_of[eb]
    # merging is scored on the reports extraction found; end to end, every true pair counts
    instances = {
        **_prf(right_precision, found_pairs, extracted_pairs),
        "reports_matched": sum(1 for v in report_event.values() if v),
        "reports": len(report_event),
        "end_to_end": _prf(right_precision, found_pairs, true_pairs),
    }

    story_of = {a: s["id"] for s in store.stories() for a in s["article_ids"]}
    true_story = {a: s["key"] for s in truth["stories"] for a in s["article_ids"]}
    arts = sorted(true_story)
    t_pairs = s_pairs = both = 0
    for a, b in combinations(arts, 2):
        same_true = true_story[a] == true_story[b]
        same_sys = story_of.get(a) is not None and story_of.get(a) == story_of.get(b)
        t_pairs += same_true
        s_pairs += same_sys
        both += same_true and same_sys
    stories = _prf(both, s_pairs, t_pairs)
    copies = store.copies()
    copy_truth = {(c["copy"], c["original"]) for c in truth["copies"]}
    copy_found = set(copies.items())
    return {
        "instances": instances,
        "stories": stories,
        "copies": _prf(len(copy_truth & copy_found), len(copy_found), len(copy_truth)),
        "statuses": _statuses(store, truth, report_event, instance_of),
    }


def _stands_for(event: dict[str, Any], report: dict[str, str], titles: dict[str, str], anchors: list[str]) -> bool:
    """Whether `event` is the system's reading of `report`. Its sentence must hold the report's anchor; when that
    sentence also holds the anchor of another report (one sentence telling two happenings), the event's trigger must
    lie inside this report's anchor, or the event would stand for whichever happening the sentence tells first."""
    text = titles.get(event["article_id"], "") if event["from_title"] else event["sentence"]
    anchor = report["anchor"]
    if anchor not in text:
        return False
    if sum(1 for other in set(anchors) if other in text) < 2:
        return True
    start = event["span"][0] - (0 if event["from_title"] else event["sentence_span"][0])
    at = text.index(anchor)
    return at <= start < at + len(anchor)


def _statuses(
    store: Store, truth: dict[str, Any], report_event: dict[tuple[str, int], str | None], instance_of: dict[str, str]
) -> dict[str, Any]:
    """For each truth happening found, its true status against the status of the instance most of its reports are in."""
    by_id = {i["id"]: i for i in store.instances()}
    agree = total = 0
    confusion: dict[str, dict[str, int]] = {}
    for inst in truth["instances"]:
        ids = [instance_of.get(report_event[(inst["key"], n)] or "") for n in range(len(inst["reports"]))]
        ids = [i for i in ids if i]
        if not ids:
            continue
        best = max(set(ids), key=lambda i: (ids.count(i), i))
        got = by_id[best]["status"]
        total += 1
        agree += got == inst["status"]
        confusion.setdefault(inst["status"], {}).setdefault(got, 0)
        confusion[inst["status"]][got] += 1
    return {"accuracy": agree / total if total else 0.0, "happenings": total, "confusion": confusion}
