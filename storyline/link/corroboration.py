"""Corroboration: for each event instance, who reports it, who first, in whose voice, who confirms or denies it.

Status, from the reports alone:
- `denied`: a party to the happening (its source or target) denies it, and no more than one independent outlet
  reports it in its own voice;
- `disputed`: it is denied (by a party or anyone), or reported as denied, while two or more independent outlets
  report it; or the reports contradict each other (one asserts, another says it did not happen);
- `corroborated`: two or more independent outlets report it (copies do not count) and nobody denies it;
- `single-source`: everything else.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from storyline.link.instances import Instance, Report, actor_match, big_place, named_in, similarity

#: a rejection that denies something reported: "dismissed as baseless reports that...", "denied a report"
DENIAL = re.compile(
    r"\b(den(y|ies|ied|ial)|dismiss(es|ed)?|baseless|unfounded|no such|fabricat\w*|false (report|claim)s?|"
    r"rejected the \w*\s*(claim|report|accusation|charge)s?)\b",
    re.IGNORECASE,
)
#: a denial comes at most this many days after the happening it denies
DENIAL_DAYS = 10

NEGATIVE = {"denied", "negated"}


def outlet_key(report: Report) -> str:
    """Independent sources are outlets; an article with no outlet counts as its own source."""
    return (report.outlet or f"article:{report.event['article_id']}").strip().lower()


def _parties(instance: Instance) -> set[str]:
    out: set[str] = set()
    for r in instance.reports:
        for role in ("source", "target"):
            actor = r.event.get(role) or {}
            for k in ("actor_id", "country"):
                if actor.get(k):
                    out.add(str(actor[k]))
    return out


def _says_trigger(rejection: Report, claim: Report) -> bool:
    """Whether the rejection uses the claim's trigger word, in any form ("broke" / "broken", "massing")."""
    words = (claim.event.get("trigger") or "").lower().split()
    if not words or len(words[0]) < 4:
        return False
    stem = words[0][: max(4, len(words[0]) - 3)]
    return f" {stem}" in rejection.text_key


def denial_of(rejection: Report, claim: Report) -> str | None:
    """Why a rejection (a REJECT report whose sentence denies a report or claim) denies the claim's happening, or
    None. It must come at most `DENIAL_DAYS` after it and say what it denies: a party to the happening (its
    source or target) names a specific name of the claim, or uses its trigger word and another of its words; or,
    in an alike article, anyone names two of its specific names."""
    if (
        rejection.event["type"] != "REJECT"
        or claim.event["type"] == "REJECT"
        or claim.event.get("modality") in NEGATIVE
    ):
        return None
    if rejection.day and claim.day and not -1 <= (rejection.day - claim.day).days <= DENIAL_DAYS:
        return None
    if not DENIAL.search(rejection.event.get("sentence") or ""):
        return None
    denier = rejection.event.get("source") or {}
    names = sorted(n for n in rejection.names & claim.names if not big_place(n))
    words = sorted(rejection.content & claim.content - set(names))
    party = denier and any(
        actor_match(denier, claim.event.get(role)) or named_in(denier, claim) for role in ("source", "target")
    )
    if party and (names or (_says_trigger(rejection, claim) and words)):
        return f"denied by a party, {denier.get('name')}, in {rejection.id} ({', '.join(names or words)})"
    if len(names) >= 2 and similarity(rejection, claim) >= 0.3:
        return f"denied in {rejection.id} ({', '.join(names)})"
    return None


def _denials(instance: Instance, rejections: list[Report]) -> tuple[list[dict[str, Any]], bool]:
    """Denials reported in the instance's reports, or by rejections of what they report, and whether a party to the
    happening made one."""
    parties = _parties(instance)
    found = []
    by_party = False
    for rej in rejections:
        reasons = [why for r in instance.reports if (why := denial_of(rej, r))]
        if reasons:
            speaker = rej.event.get("source") or {}
            found.append({"event_id": rej.id, "by": [speaker.get("name")], "sentence": rej.event.get("sentence")})
            by_party = by_party or any(why.startswith("denied by a party") for why in reasons)
    for r in instance.reports:
        for st in r.event.get("status") or []:
            if st.get("kind") == "denied":
                found.append({"event_id": r.id, "by": st.get("by") or [], "sentence": st.get("sentence")})
        if r.event.get("modality") == "denied":
            speaker = (r.event.get("attribution") or {}).get("speaker") or r.event.get("source") or {}
            found.append({"event_id": r.id, "by": [speaker.get("name")], "sentence": r.event.get("sentence")})
            if speaker.get("country") in parties or speaker.get("actor_id") in parties:
                by_party = True
    for r in instance.reports:
        for st in r.event.get("status") or []:
            if st.get("kind") == "denied" and any(_named_party(name, r, parties) for name in st.get("by") or []):
                by_party = True
    return found, by_party


def _named_party(name: str, report: Report, parties: set[str]) -> bool:
    for role in ("source", "target"):
        actor = report.event.get(role) or {}
        if actor.get("name") == name:
            return True
    return name in parties


def summarise(instance: Instance, copies: dict[str, str], rejections: list[Report] | None = None) -> dict[str, Any]:
    """The instance record: reports with their voice, independent sources, first report, status. `rejections` are
    REJECT reports from other instances that may deny this one (see `denial_of`)."""
    reports = []
    independent: set[str] = set()
    own_voice: set[str] = set()
    relayed: set[str] = set()
    for r in instance.reports:
        copy_of = copies.get(r.event["article_id"])
        voice = "own" if r.event.get("voice", "own") == "own" and r.event.get("modality") != "reported" else "relayed"
        if r.event.get("voice") == "assessment":
            voice = "assessment"
        reports.append(
            {
                "event_id": r.id,
                "article_id": r.event["article_id"],
                "outlet": r.outlet,
                "published": r.published,
                "copy_of": copy_of,
                "voice": voice,
                "modality": r.event.get("modality"),
                "why": instance.why.get(r.id),
            }
        )
        if copy_of is None and r.event.get("modality") not in NEGATIVE:
            independent.add(outlet_key(r))
            (own_voice if voice == "own" else relayed).add(r.outlet or r.event["article_id"])
    denials, by_party = _denials(instance, rejections or [])
    contradicted = any(r.event.get("modality") == "negated" for r in instance.reports) and any(
        r.event.get("modality") in {"asserted", "reported"} for r in instance.reports
    )
    n = len(independent)
    if denials and by_party and n <= 1:
        status = "denied"
    elif (denials and n >= 2) or contradicted or (denials and not by_party):
        status = "disputed"
    elif n >= 2:
        status = "corroborated"
    else:
        status = "single-source"
    first = min(instance.reports, key=lambda r: (r.published or "9999", r.id))
    head = _representative(instance)
    dates = Counter(r.event.get("date") for r in instance.reports if r.event.get("date"))
    return {
        "id": instance.id,
        "type": head.event["type"],
        "mode": head.event.get("mode"),
        "cameo_root": head.event.get("cameo_root"),
        "source": head.event.get("source"),
        "target": head.event.get("target"),
        "date": dates.most_common(1)[0][0] if dates else None,
        "location": next((r.event["location"] for r in instance.reports if r.event.get("location")), None),
        "status": status,
        "independent_sources": n,
        "first_reported": first.published,
        "first_report": first.id,
        "own_voice": sorted(own_voice),
        "relayed_by": sorted(relayed - own_voice),
        "denials": denials,
        "confirmations": [
            {"event_id": r.id, "by": st.get("by") or [], "sentence": st.get("sentence")}
            for r in instance.reports
            for st in r.event.get("status") or []
            if st.get("kind") == "confirmed"
        ],
        "sentence": head.event.get("sentence"),
        "reports": reports,
        "story_id": None,
    }


def _representative(instance: Instance) -> Report:
    """The report that names the most: source and target known, highest confidence, earliest."""

    def score(r: Report) -> tuple[int, float, str]:
        e = r.event
        named = sum(1 for k in ("source", "target") if e.get(k) and (e[k].get("country") or e[k].get("sector")))
        return (-named, -float(e.get("confidence") or 0), r.id)

    return min(instance.reports, key=score)


def outlet_profiles(instances: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per outlet: how many instances it reports, and the share later corroborated, single-source, disputed, denied."""
    counts: dict[str, Counter[str]] = {}
    for inst in instances:
        outlets = {r["outlet"] or "(no outlet)" for r in inst["reports"] if r["copy_of"] is None}
        for outlet in outlets:
            counts.setdefault(outlet, Counter())[inst["status"]] += 1
    out = []
    for outlet, c in sorted(counts.items()):
        total = sum(c.values())
        out.append(
            {
                "outlet": outlet,
                "instances": total,
                **{
                    s.replace("-", "_"): round(c[s] / total, 3)
                    for s in ("corroborated", "single-source", "disputed", "denied")
                },
            }
        )
    return out
