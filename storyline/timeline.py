"""A story's timeline: its event instances in date order with their status and sources, as rows or as one
self-contained HTML file with an SVG chart (time across, one lane per actor pair, one colour per event type).

Everything taken from articles is escaped: the file holds no script and loads nothing.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

TYPE_COLOURS = {
    "AGREE": "#2e7d32", "CONSULT": "#43a047", "SUPPORT": "#66bb6a", "CONCEDE": "#9ccc65", "COOPERATE": "#00897b",
    "AID": "#26a69a", "RETREAT": "#80cbc4", "REQUEST": "#fbc02d", "ACCUSE": "#f9a825", "REJECT": "#ef6c00",
    "THREATEN": "#e65100", "PROTEST": "#8e24aa", "SANCTION": "#5e35b1", "MOBILIZE": "#6d4c41", "COERCE": "#c62828",
    "ASSAULT": "#b71c1c",
}  # fmt: skip
STATUS_MARK = {"corroborated": "✔", "single-source": "•", "disputed": "?", "denied": "✘"}


def actor_name(actor: dict[str, Any] | None) -> str:
    return actor["name"] if actor else "—"


def pair(instance: dict[str, Any]) -> str:
    return f"{actor_name(instance.get('source'))} → {actor_name(instance.get('target'))}"


def rows(instances: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The timeline as plain rows, in date order (undated last)."""
    out = []
    for inst in sorted(instances, key=lambda i: (i["date"] or "9999", i["id"])):
        out.append(
            {
                "date": inst["date"],
                "type": inst["type"],
                "pair": pair(inst),
                "status": inst["status"],
                "independent_sources": inst["independent_sources"],
                "first_reported": inst["first_reported"],
                "outlets": sorted({r["outlet"] or r["article_id"] for r in inst["reports"]}),
                "sentence": inst.get("sentence"),
                "id": inst["id"],
                "reports": inst["reports"],
            }
        )
    return out


def html(story: dict[str, Any], instances: list[dict[str, Any]]) -> str:
    """One self-contained HTML page: the chart and the table of instances with their reports."""
    items = rows(instances)
    dated = [date.fromisoformat(i["date"]) for i in items if i["date"]]
    lanes = sorted({i["pair"] for i in items})
    width, lane_h, left = 960, 26, 260
    height = 40 + lane_h * max(len(lanes), 1)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + left}" height="{height}" role="img">']
    if dated:
        start, end = min(dated), max(dated)
        span = max((end - start).days, 1)
        for n, lane in enumerate(lanes):
            y = 30 + n * lane_h
            svg.append(f'<text x="4" y="{y + 4}" font-size="11">{escape(lane[:40])}</text>')
            svg.append(f'<line x1="{left}" y1="{y}" x2="{left + width}" y2="{y}" stroke="#eee"/>')
        for i in items:
            if not i["date"]:
                continue
            x = left + (date.fromisoformat(i["date"]) - start).days / span * (width - 20) + 10
            y = 30 + lanes.index(i["pair"]) * lane_h
            r = 4 + min(i["independent_sources"], 6)
            title = f"{i['date']} {i['type']} {i['pair']} ({i['status']}, {i['independent_sources']} sources)"
            svg.append(
                f'<circle cx="{x:.1f}" cy="{y}" r="{r}" fill="{TYPE_COLOURS.get(i["type"], "#777")}" '
                f'fill-opacity="0.8"><title>{escape(title)}</title></circle>'
            )
        svg.append(f'<text x="{left}" y="14" font-size="11">{start.isoformat()}</text>')
        svg.append(f'<text x="{left + width - 70}" y="14" font-size="11">{end.isoformat()}</text>')
    svg.append("</svg>")
    legend = " ".join(
        f'<span style="color:{c}">■</span> {t}' for t, c in TYPE_COLOURS.items() if any(i["type"] == t for i in items)
    )
    body = []
    for i in items:
        reports = "<br>".join(
            f"{escape(r['outlet'] or r['article_id'])} ({escape(r['voice'])}"
            + (f", copy of {escape(r['copy_of'])}" if r["copy_of"] else "")
            + ")"
            for r in i["reports"]
        )
        body.append(
            "<tr>"
            f"<td>{escape(i['date'] or '—')}</td><td>{escape(i['type'])}</td><td>{escape(i['pair'])}</td>"
            f'<td class="{escape(i["status"])}">{STATUS_MARK.get(i["status"], "")} {escape(i["status"])}</td>'
            f"<td>{i['independent_sources']}</td><td>{escape(i['first_reported'] or '—')}</td>"
            f"<td>{escape(i['sentence'] or '')}</td><td>{reports}</td>"
            "</tr>"
        )
    title = escape(story.get("label") or "Timeline")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5em; }}
table {{ border-collapse: collapse; font-size: 13px; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 4px 6px; vertical-align: top; text-align: left; }}
.corroborated {{ color: #2e7d32; }} .single-source {{ color: #555; }}
.disputed {{ color: #ef6c00; }} .denied {{ color: #c62828; }}
</style></head><body>
<h1>{title}</h1>
<p>{escape(story.get("start") or "")} – {escape(story.get("end") or "")} · {len(items)} event instances · {
        len(story.get("article_ids") or [])
    } articles</p>
{"".join(svg)}
<p>{legend}</p>
<table><thead><tr><th>date</th><th>type</th><th>source → target</th><th>status</th><th>independent sources</th>
<th>first reported</th><th>evidence</th><th>reports</th></tr></thead><tbody>
{"".join(body)}
</tbody></table></body></html>
"""
