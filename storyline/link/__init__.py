"""The linking stage: across articles. Copies, event instances, corroboration and stories, kept up to date.

`update(store)` links the articles stored since the last run (the `link_pending` table): it computes their window
signatures and name terms once, finds their copies, compares their events only with stored events of the same type
and nearby dates, merges the instances they join, re-scores those instances, and re-clusters stories from the
stored terms. Everything it writes goes in one transaction, so a kill leaves the previous state and the pending
list intact. The result equals `update(store, rebuild=True)`, which re-links everything.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from storyline.errors import LimitError
from storyline.limits import short_of_memory
from storyline.link import conflicts
from storyline.link import copies as copies_mod
from storyline.link import stories as stories_mod
from storyline.link.corroboration import DENIAL, DENIAL_DAYS, denial_of, summarise
from storyline.link.instances import (
    LINK_SCORE,
    WINDOW_DAYS,
    Evidence,
    Instance,
    Report,
    by_group,
    cluster,
    components,
    evidence,
    explain,
    in_order,
    instance_id,
    pairs,
    vector,
)
from storyline.store import Store


@dataclass
class LinkReport:
    linked: int = 0
    copies: int = 0
    instances: int = 0
    stories: int = 0


def update(store: Store, rebuild: bool = False) -> LinkReport:
    """Link pending articles (all articles with `rebuild`). One transaction: when linking runs out of memory (under
    `--max-memory`, or on a machine without enough), nothing of it is kept, the articles stay stored and pending, and
    a `LimitError` says so."""
    try:
        return _update(store, rebuild)
    except MemoryError:
        raise LimitError(
            f"linking {short_of_memory()}; the articles are stored and still pending: "
            "run `storyline link` with more memory"
        ) from None


def _update(store: Store, rebuild: bool) -> LinkReport:
    db = store.db
    with store.transaction():
        if rebuild:
            for table in ("copies", "instances", "instance_reports", "stories", "story_articles", "link_features"):
                db.execute(f"DELETE FROM {table}")
            db.execute("INSERT OR IGNORE INTO link_pending SELECT id FROM articles")
        pending = sorted(row[0] for row in db.execute("SELECT article_id FROM link_pending"))
        if not pending:
            return LinkReport()
        _features(store, pending)
        copy_map = _copies(store, pending)
        n_instances = _instances(store, pending, copy_map)
        n_stories = _stories(store, copy_map)
        db.execute("DELETE FROM link_pending")
    return LinkReport(len(pending), len(copy_map), n_instances, n_stories)


# --- per-article features -----------------------------------------------------------------------------------------


def _features(store: Store, ids: list[str]) -> None:
    db = store.db
    for aid in ids:
        row = db.execute("SELECT title, text FROM articles WHERE id = ?", (aid,)).fetchone()
        if row is None:
            continue
        events = [json.loads(r[0]) for r in db.execute("SELECT data FROM events WHERE article_id = ?", (aid,))]
        sigs = copies_mod.signatures(row["text"])
        terms = stories_mod.article_terms(row["title"], row["text"], events)
        db.execute(
            "INSERT OR REPLACE INTO link_features (article_id, signatures, terms) VALUES (?, ?, ?)",
            (aid, b"".join(sigs), json.dumps(terms)),
        )


def _split(blob: bytes) -> list[bytes]:
    size = copies_mod.NUM_PERM * 4
    return [blob[i : i + size] for i in range(0, len(blob), size)]


def _copies(store: Store, pending: list[str]) -> dict[str, str]:
    db = store.db
    index = copies_mod.CopyIndex()
    for row in db.execute(
        "SELECT f.article_id, f.signatures, a.date FROM link_features f JOIN articles a ON a.id = f.article_id"
    ):
        index.add(row[0], row[2], _split(row[1]))
    for copy in index.copies_of(pending):
        # an article already linked to a better original keeps it, as a rebuild would choose
        row = db.execute(
            "SELECT original_id, similarity FROM copies WHERE article_id = ?", (copy.article_id,)
        ).fetchone()
        if row is not None and index.better(row[0], row[1], copy.original_id, copy.similarity):
            continue
        db.execute(
            "INSERT OR REPLACE INTO copies (article_id, original_id, similarity) VALUES (?, ?, ?)",
            (copy.article_id, copy.original_id, copy.similarity),
        )
    return {row[0]: row[1] for row in db.execute("SELECT article_id, original_id FROM copies")}


# --- instances --------------------------------------------------------------------------------------------------


def _reports(store: Store, where: str, args: Iterable[Any], vectors: dict[str, dict[str, float]]) -> list[Report]:
    sql = (
        "SELECT e.data, a.source, a.date, e.article_id FROM events e JOIN articles a ON a.id = e.article_id WHERE "
        + where
        + " ORDER BY e.id"
    )
    rows = store.db.execute(sql, list(args)).fetchall()
    missing = sorted({r[3] for r in rows} - set(vectors))
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for aid, terms in store.db.execute(
            f"SELECT article_id, terms FROM link_features WHERE article_id IN ({marks})", chunk
        ):
            vectors[aid] = vector(json.loads(terms))
    return [Report(json.loads(r[0]), r[1], r[2], vectors.get(r[3])) for r in rows]


def _instances(store: Store, pending: list[str], copy_map: dict[str, str]) -> int:
    """Re-cluster the groups of reports that new reports join (see `instances`): a group is every report connected
    to a new one by pairs of enough evidence, so the groups and their clustering equal a rebuild's."""
    db = store.db
    vectors: dict[str, dict[str, float]] = {}
    marks = ", ".join("?" * len(pending))
    new = _reports(store, f"e.article_id IN ({marks})", pending, vectors)
    new_ids = {r.id for r in new}
    # the group each stored report was clustered in
    group_of: dict[str, str] = {
        row[0]: row[1] or row[0]
        for row in db.execute(
            "SELECT r.event_id, json_extract(i.data, '$.group') FROM instance_reports r"
            " JOIN instances i ON i.id = r.instance_id"
        )
    }
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        x = group_of.get(x, x)
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # each new report meets the stored and new reports of its type within the widest date window
    candidates: dict[str, Report] = {r.id: r for r in new}
    horizon = max(WINDOW_DAYS.values())
    for etype in sorted({r.event["type"] for r in new}):
        days = [r.day for r in new if r.event["type"] == etype and r.day]
        if days:
            lo = (min(days) - timedelta(days=horizon)).isoformat()
            hi = (max(days) + timedelta(days=horizon)).isoformat()
            where = "e.type = ? AND (e.date BETWEEN ? AND ? OR e.date IS NULL)"
            found = _reports(store, where, (etype, lo, hi), vectors)
        else:
            found = _reports(store, "e.type = ? AND e.date IS NULL", (etype,), vectors)
        candidates.update((r.id, r) for r in found if r.id not in new_ids)
    pools: dict[tuple[str, bool], list[Report]] = {}
    for r in candidates.values():
        pools.setdefault((r.event["type"], r.day is None), []).append(r)
    keys: dict[tuple[str, bool], list[int]] = {}
    coarse = {k: [r for r in pool if r.event.get("date_precision") == "year"] for k, pool in pools.items()}
    for k, pool in pools.items():
        pool.sort(key=lambda r: (r.day.toordinal() if r.day else 0, r.id))
        keys[k] = [r.day.toordinal() if r.day else 0 for r in pool]
    # scored pairs, by ids in the order compared, kept for the re-clustering below
    known: dict[tuple[str, str], Evidence | None] = {}
    sims: dict[tuple[str, str], float] = {}
    # with no stored instance (a rebuild) every new report is re-clustered anyway: no need to find their groups
    for a in sorted(new, key=lambda r: r.id) if group_of else []:
        k = (a.event["type"], a.day is None)
        pool = pools.get(k, [])
        first, last = 0, len(pool)
        if a.day is not None:
            day = a.day.toordinal()
            wide = horizon if a.event.get("date_precision") == "year" else WINDOW_DAYS["month"]
            first = bisect.bisect_left(keys[k], day - wide)
            last = bisect.bisect_right(keys[k], day + wide)
        nearby = pool[first:last]
        if a.day is not None:  # year-precision reports further away still fall in a year's window
            nearby += [r for r in coarse.get(k, []) if abs((r.day - a.day).days) <= horizon]  # type: ignore[operator]
        for b in nearby:
            if b.id == a.id or (b.id in new_ids and b.id < a.id):
                continue
            x, y = in_order(a, b)
            key = (x.id, y.id)
            if key not in known:
                known[key] = evidence(x, y, sims)
            ev = known[key]
            if ev is not None and ev.score >= LINK_SCORE:
                union(a.id, b.id)
    affected = {find(r.id) for r in new}
    # instances whose articles changed copy status are re-scored too
    changed = {aid for aid in copy_map if aid in pending or copy_map[aid] in pending}
    if changed:
        marks2 = ", ".join("?" * len(changed))
        for (event_id,) in db.execute(
            f"SELECT event_id FROM instance_reports WHERE article_id IN ({marks2})", sorted(changed)
        ):
            affected.add(find(event_id))
    member_ids = sorted(e for e in set(group_of) | new_ids if find(e) in affected)
    old_instances = {
        row[0]
        for start in range(0, len(member_ids), 500)
        for row in db.execute(
            "SELECT DISTINCT instance_id FROM instance_reports WHERE event_id IN ({})".format(
                ", ".join("?" * len(member_ids[start : start + 500]))
            ),
            member_ids[start : start + 500],
        )
    }
    for inst in sorted(old_instances):
        db.execute("DELETE FROM instances WHERE id = ?", (inst,))
        db.execute("DELETE FROM instance_reports WHERE instance_id = ?", (inst,))
    by_id = {r.id: r for r in candidates.values() if r.id in set(member_ids)}
    rest = [e for e in member_ids if e not in by_id]
    for start in range(0, len(rest), 500):
        chunk = rest[start : start + 500]
        by_id.update((r.id, r) for r in _reports(store, f"e.id IN ({', '.join('?' * len(chunk))})", chunk, vectors))
    scored = pairs(by_id.values(), known)
    rejections = _rejections(store, list(by_id.values()), vectors)
    groups = components(by_id, scored)
    for group, own in zip(groups, by_group(groups, scored), strict=True):
        for ids in cluster(group, own):
            _write_instance(store, [by_id[i] for i in ids], explain(ids, own), group[0], copy_map, rejections)
    _denied_elsewhere(store, [r for r in new if r.event["type"] == "REJECT"], set(by_id), copy_map, vectors)
    return int(db.execute("SELECT COUNT(*) FROM instances").fetchone()[0])


def _rejections(store: Store, reports: list[Report], vectors: dict[str, dict[str, float]]) -> list[Report]:
    """The stored rejections that may deny some of these reports: REJECT reports with words of denial, dated from
    the day before the earliest report to `DENIAL_DAYS` after the latest (or undated)."""
    days = sorted(r.day for r in reports if r.day)
    if not days:
        return []
    lo = (days[0] - timedelta(days=1)).isoformat()
    hi = (days[-1] + timedelta(days=DENIAL_DAYS)).isoformat()
    where = "e.type = 'REJECT' AND (e.date BETWEEN ? AND ? OR e.date IS NULL)"
    return [r for r in _reports(store, where, (lo, hi), vectors) if DENIAL.search(r.event.get("sentence") or "")]


def _denied_elsewhere(
    store: Store, new: list[Report], done: set[str], copy_map: dict[str, str], vectors: dict[str, dict[str, float]]
) -> None:
    """Re-score the stored instances, not re-clustered above, that new rejections deny."""
    new = [r for r in new if DENIAL.search(r.event.get("sentence") or "")]
    days = sorted(r.day for r in new if r.day)
    if not days:
        return
    lo = (days[0] - timedelta(days=DENIAL_DAYS)).isoformat()
    hi = (days[-1] + timedelta(days=1)).isoformat()
    claims = _reports(store, "e.type != 'REJECT' AND e.date BETWEEN ? AND ?", (lo, hi), vectors)
    denied = sorted({c.id for c in claims if c.id not in done and any(denial_of(r, c) for r in new)})
    instances = sorted(
        {
            row[0]
            for e in denied
            for row in store.db.execute("SELECT instance_id FROM instance_reports WHERE event_id = ?", (e,))
        }
    )
    for inst in instances:
        row = store.db.execute("SELECT json_extract(data, '$.group') FROM instances WHERE id = ?", (inst,)).fetchone()
        why = dict(store.db.execute("SELECT event_id, why FROM instance_reports WHERE instance_id = ?", (inst,)))
        reports = _reports(store, f"e.id IN ({', '.join('?' * len(why))})", sorted(why), vectors)
        store.db.execute("DELETE FROM instances WHERE id = ?", (inst,))
        store.db.execute("DELETE FROM instance_reports WHERE instance_id = ?", (inst,))
        _write_instance(store, reports, why, row[0], copy_map, _rejections(store, reports, vectors))


def _write_instance(
    store: Store,
    reports: list[Report],
    why: dict[str, str],
    group: str,
    copy_map: dict[str, str],
    rejections: list[Report],
) -> None:
    reports.sort(key=lambda r: (r.published or "9999", r.id))
    instance = Instance(instance_id(r.id for r in reports), reports, why)
    record = summarise(instance, copy_map, rejections)
    record["conflicts"] = conflicts.compare(instance, copy_map)
    record["group"] = group
    store.db.execute(
        "INSERT INTO instances (id, type, date, status, story_id, independent_sources, first_reported, source_id,"
        " target_id, data) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)",
        (
            record["id"],
            record["type"],
            record["date"],
            record["status"],
            record["independent_sources"],
            record["first_reported"],
            (record["source"] or {}).get("actor_id"),
            (record["target"] or {}).get("actor_id"),
            json.dumps(record, ensure_ascii=False),
        ),
    )
    store.db.executemany(
        "INSERT INTO instance_reports (event_id, instance_id, article_id, why) VALUES (?, ?, ?, ?)",
        [(r.id, record["id"], r.event["article_id"], why[r.id]) for r in instance.reports],
    )


# --- stories ----------------------------------------------------------------------------------------------------


def _stories(store: Store, copy_map: dict[str, str]) -> int:
    db = store.db
    features = {
        row[0]: stories_mod.ArticleFeatures(row[0], row[1], row[2], json.loads(row[3]))
        for row in db.execute(
            "SELECT a.id, a.date, a.title, f.terms FROM articles a JOIN link_features f ON f.article_id = a.id"
        )
    }
    found = stories_mod.cluster(list(features.values()), copy_map)
    db.execute("DELETE FROM stories")
    db.execute("DELETE FROM story_articles")
    story_of: dict[str, str] = {}
    for s in found:
        record = {
            "id": s.id,
            "label": stories_mod.label(s, features),
            "start": s.first.isoformat() if s.first else None,
            "end": s.last.isoformat() if s.last else None,
            "article_ids": s.members,
        }
        db.execute(
            "INSERT INTO stories (id, label, start, end, data) VALUES (?, ?, ?, ?, ?)",
            (s.id, record["label"], record["start"], record["end"], json.dumps(record, ensure_ascii=False)),
        )
        db.executemany(
            "INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)", [(a, s.id) for a in s.members]
        )
        story_of.update((a, s.id) for a in s.members)
    # an instance belongs to the story most of its reports' articles are in (ties: the earliest story id)
    rows = db.execute("SELECT instance_id, article_id FROM instance_reports").fetchall()
    votes: dict[str, dict[str, int]] = {}
    for inst, aid in rows:
        sid = story_of.get(aid)
        if sid:
            votes.setdefault(inst, {}).setdefault(sid, 0)
            votes[inst][sid] += 1
    db.execute("UPDATE instances SET story_id = NULL")
    db.executemany(
        "UPDATE instances SET story_id = ? WHERE id = ?",
        [(min(v, key=lambda s: (-v[s], s)), inst) for inst, v in votes.items()],
    )
    return len(found)
