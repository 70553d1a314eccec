"""Flat shapes of the stored records, for CSV output and analytics exports."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

EVENT_COLUMNS = (
    "id", "article_id", "type", "mode", "cameo_root", "trigger",
    "source_text", "source_name", "source_country", "source_sector", "source_actor_id",
    "target_text", "target_name", "target_country", "target_sector", "target_actor_id",
    "date", "date_precision", "date_source", "location_name", "location_country", "location_lat", "location_lon",
    "modality", "speaker", "outlet", "sentence", "span_start", "span_end", "from_title", "confidence",
)  # fmt: skip


def flat_event(e: dict[str, Any]) -> dict[str, Any]:
    """One event export dict as a flat row of `EVENT_COLUMNS`."""
    row: dict[str, Any] = {k: e.get(k) for k in EVENT_COLUMNS if k in e}
    for role in ("source", "target"):
        actor = e.get(role) or {}
        for part in ("text", "name", "country", "sector", "actor_id"):
            row[f"{role}_{part}"] = actor.get(part)
    loc = e.get("location") or {}
    row["location_name"] = loc.get("name")
    row["location_country"] = loc.get("country")
    row["location_lat"] = loc.get("lat")
    row["location_lon"] = loc.get("lon")
    attribution = e.get("attribution") or {}
    speaker = attribution.get("speaker") or {}
    row["speaker"] = speaker.get("name")
    row["outlet"] = attribution.get("outlet")
    row["span_start"], row["span_end"] = e["span"]
    return row


CLAIM_COLUMNS = (
    "id", "article_id", "speaker_text", "speaker_name", "speaker_country", "speaker_sector", "speaker_actor_id",
    "outlet", "cue", "kind", "anonymous", "content", "span_start", "span_end", "event_ids", "status",
)  # fmt: skip


def flat_claim(c: dict[str, Any]) -> dict[str, Any]:
    """One claim export dict as a flat row of `CLAIM_COLUMNS`."""
    row: dict[str, Any] = {k: c.get(k) for k in ("id", "article_id", "outlet", "cue", "kind", "anonymous", "content")}
    speaker = c.get("speaker") or {}
    for part in ("text", "name", "country", "sector", "actor_id"):
        row[f"speaker_{part}"] = speaker.get(part)
    row["span_start"], row["span_end"] = c["span"]
    row["event_ids"] = " ".join(c.get("event_ids") or [])
    row["status"] = "; ".join(f"{s['kind']}:{','.join(a['name'] for a in s['by'])}" for s in c.get("status") or [])
    return row


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, columns: Iterable[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
