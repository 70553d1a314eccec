"""Geometry for the pages' SVG charts: timelines (story instances, an actor's events) and an actor's network.

These functions only compute positions, colours and paths made of numbers. The templates draw them, so every
label and tooltip goes through Jinja's escaping like the rest of the page.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

#: one colour per PLOVER type: cooperation in blues and greens, verbal conflict in ambers, material conflict in reds
TYPE_COLOURS: dict[str, str] = {
    "AGREE": "#2b6cb0",
    "CONSULT": "#4299e1",
    "SUPPORT": "#90cdf4",
    "CONCEDE": "#81e6d9",
    "COOPERATE": "#2f855a",
    "AID": "#68d391",
    "RETREAT": "#9ae6b4",
    "REQUEST": "#d69e2e",
    "ACCUSE": "#dd6b20",
    "REJECT": "#b7791f",
    "THREATEN": "#ed8936",
    "PROTEST": "#9f7aea",
    "SANCTION": "#805ad5",
    "MOBILIZE": "#718096",
    "COERCE": "#e53e3e",
    "ASSAULT": "#9b2c2c",
}
OTHER_COLOUR = "#a0aec0"

#: the ring around a timeline mark says how well the event is attested
STATUS_COLOURS: dict[str, str] = {
    "corroborated": "#276749",
    "single-source": "#a0aec0",
    "disputed": "#d69e2e",
    "denied": "#c53030",
}

LANE_HEIGHT = 28
AXIS_HEIGHT = 34
LABEL_WIDTH = 240
SIDE_WIDTH = 70
#: room kept free at both ends of the axis, so that dodged marks stay inside it
PAD = 24
RADIUS = 6


def type_colour(event_type: str) -> str:
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)


@dataclass(frozen=True)
class TimelineItem:
    """One thing to place on a timeline: its lane, its day (None: undated) and where clicking it leads."""

    lane: str
    date: str | None
    type: str
    href: str
    title: str
    status: str | None = None
    lane_href: str | None = None
    item_id: str = ""


@dataclass(frozen=True)
class Lane:
    y: float
    label: str
    href: str | None


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    colour: str
    ring: str
    href: str
    title: str
    type: str
    status: str | None
    item_id: str


@dataclass
class Timeline:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: int
    #: where the lane labels end
    label_x: int
    lanes: list[Lane] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    #: the columns beside the axis (earlier, later, undated) that have items
    columns: list[Tick] = field(default_factory=list)


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def timeline(
    items: Sequence[TimelineItem], width: int = 980, start: str | None = None, end: str | None = None
) -> Timeline:
    """Lanes (ordered by their first date), a date axis with readable ticks and one mark per item.

    Items dated before `start` or after `end` go to an "earlier" or "later" column beside the axis, so that one
    background event years back does not squash a story of a few weeks; undated items get a column of their own.
    """
    low, high = _day(start), _day(end)
    days = [_day(item.date) for item in items]
    on_axis = [d for d in days if d is not None and (low is None or d >= low) and (high is None or d <= high)]
    earlier = any(d is not None and low is not None and d < low for d in days)
    later = any(d is not None and high is not None and d > high for d in days)
    undated = any(d is None for d in days)
    lane_first: dict[str, date] = {}
    lane_href: dict[str, str | None] = {}
    for item, d in zip(items, days, strict=True):
        lane_href.setdefault(item.lane, item.lane_href)
        key = d or date.max
        if item.lane not in lane_first or key < lane_first[item.lane]:
            lane_first[item.lane] = key
    order = sorted(lane_first, key=lambda name: (lane_first[name], name))
    lane_y = {name: AXIS_HEIGHT + LANE_HEIGHT * n + LANE_HEIGHT / 2 for n, name in enumerate(order)}
    plot_left = LABEL_WIDTH + (SIDE_WIDTH if earlier else 0)
    plot_right = width - 16 - SIDE_WIDTH * (later + undated)
    chart = Timeline(
        width=width,
        height=AXIS_HEIGHT + LANE_HEIGHT * max(1, len(order)) + 8,
        plot_left=plot_left,
        plot_right=plot_right,
        axis_y=AXIS_HEIGHT - 6,
        label_x=LABEL_WIDTH - 10,
        lanes=[Lane(lane_y[name], name, lane_href[name]) for name in order],
    )
    if earlier:
        chart.columns.append(Tick(LABEL_WIDTH + SIDE_WIDTH / 2, "earlier"))
    if later:
        chart.columns.append(Tick(plot_right + SIDE_WIDTH / 2, "later"))
    if undated:
        chart.columns.append(Tick(width - 16 - SIDE_WIDTH / 2, "undated"))
    column = {tick.label: tick.x for tick in chart.columns}
    first, last = (min(on_axis), max(on_axis)) if on_axis else (None, None)

    def x_of(d: date | None) -> float:
        if d is None:
            return column["undated"]
        if low is not None and d < low:
            return column["earlier"]
        if high is not None and d > high:
            return column["later"]
        assert first is not None and last is not None
        if first == last:
            return (plot_left + plot_right) / 2
        inner_left, inner_right = plot_left + PAD, plot_right - PAD
        return inner_left + (d - first).days / (last - first).days * (inner_right - inner_left)

    if first is not None and last is not None:
        chart.ticks = [Tick(x_of(d), label) for d, label in _ticks(first, last)]
    slots: dict[tuple[str, float], list[int]] = defaultdict(list)
    for n, (item, d) in enumerate(zip(items, days, strict=True)):
        slots[(item.lane, round(x_of(d)))].append(n)
    for (lane, x), members in slots.items():
        for k, n in enumerate(members):
            item = items[n]
            dodge = (k - (len(members) - 1) / 2) * (RADIUS * 1.6)
            chart.marks.append(
                Mark(
                    x=x + dodge,
                    y=lane_y[lane],
                    colour=type_colour(item.type),
                    ring=STATUS_COLOURS.get(item.status or "", "#ffffff"),
                    href=item.href,
                    title=item.title,
                    type=item.type,
                    status=item.status,
                    item_id=item.item_id,
                )
            )
    return chart


def _ticks(start: date, end: date, most: int = 10) -> list[tuple[date, str]]:
    """Tick days between start and end: days, weeks, months or years, whichever gives at most `most` ticks."""
    span = (end - start).days
    if span == 0:
        return [(start, f"{start.day} {start:%b %Y}")]
    if span <= 3 * most:
        step = max(1, math.ceil(span / most))
        return [(start + timedelta(days=n), _short(start + timedelta(days=n))) for n in range(0, span + 1, step)]
    if span <= 7 * most * 2:
        weeks = max(1, math.ceil(span / 7 / most))
        first = start + timedelta(days=(7 - start.weekday()) % 7)
        return [(d, _short(d)) for d in _range(first, end, timedelta(days=7 * weeks))]
    months = [date(y, m, 1) for y in range(start.year, end.year + 1) for m in range(1, 13)]
    months = [d for d in months if start <= d <= end]
    if len(months) <= most * 2:
        step = max(1, math.ceil(len(months) / most))
        return [(d, f"{d:%b %Y}") for d in months[::step]]
    years = [date(y, 1, 1) for y in range(start.year + 1, end.year + 1)]
    step = max(1, math.ceil(len(years) / most))
    return [(d, str(d.year)) for d in years[::step]]


def _range(first: date, last: date, step: timedelta) -> list[date]:
    out = []
    while first <= last:
        out.append(first)
        first += step
    return out


def _short(d: date) -> str:
    return f"{d.day} {d:%b}"


@dataclass(frozen=True)
class Link:
    """The events between the actor at the centre and one other actor, of one type, in one direction."""

    other_id: str
    other_label: str
    type: str
    outgoing: bool
    count: int


@dataclass(frozen=True)
class Node:
    x: float
    y: float
    label: str
    href: str | None
    anchor: str
    label_x: float
    label_y: float
    weight: int


@dataclass(frozen=True)
class Edge:
    path: str
    colour: str
    width: float
    title: str
    marker: str


@dataclass
class Network:
    width: int
    height: int
    centre: Node
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    #: counterparts left out of the drawing (the table lists them all)
    hidden: int = 0


def network(
    centre_label: str, links: Sequence[Link], href_of: dict[str, str], most: int = 18, width: int = 760
) -> Network:
    """The centre actor in the middle, its counterparts around it, one curved arrow per type and direction."""
    height = 520
    cx, cy, radius = width / 2, height / 2, min(width, height) / 2 - 70
    weight: dict[str, int] = defaultdict(int)
    labels: dict[str, str] = {}
    for link in links:
        weight[link.other_id] += link.count
        labels[link.other_id] = link.other_label
    shown = sorted(weight, key=lambda k: (-weight[k], labels[k]))[:most]
    chart = Network(width, height, Node(cx, cy, centre_label, None, "middle", cx, cy + 30, 0))
    chart.hidden = len(weight) - len(shown)
    place: dict[str, tuple[float, float]] = {}
    for n, other in enumerate(shown):
        angle = 2 * math.pi * n / len(shown) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        place[other] = (x, y)
        anchor = "start" if math.cos(angle) > 0.3 else "end" if math.cos(angle) < -0.3 else "middle"
        dx = 12 if anchor == "start" else -12 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (22 if math.sin(angle) > 0 else -14)
        chart.nodes.append(Node(x, y, labels[other], href_of.get(other), anchor, x + dx, y + dy, weight[other]))
    bends: dict[str, int] = defaultdict(int)
    for link in sorted(links, key=lambda k: (-k.count, k.type)):
        if link.other_id not in place:
            continue
        k = bends[link.other_id]
        bends[link.other_id] += 1
        offset = (k + 1) // 2 * 16 * (1 if k % 2 else -1)
        ox, oy = place[link.other_id]
        (x1, y1), (x2, y2) = ((cx, cy), (ox, oy)) if link.outgoing else ((ox, oy), (cx, cy))
        arrow = f"{centre_label} → {link.other_label}" if link.outgoing else f"{link.other_label} → {centre_label}"
        chart.edges.append(
            Edge(
                path=_curve(x1, y1, x2, y2, offset, shorten=14),
                colour=type_colour(link.type),
                width=round(1.5 + 1.5 * math.log2(link.count), 1),
                title=f"{arrow}: {link.type} ×{link.count}",
                marker=link.type if link.type in TYPE_COLOURS else "OTHER",
            )
        )
    return chart


def _curve(x1: float, y1: float, x2: float, y2: float, offset: float, shorten: float) -> str:
    """A quadratic curve from (x1, y1) towards (x2, y2), bent sideways by `offset`, stopping short of the end node."""
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    sx, sy = x1 + ux * shorten, y1 + uy * shorten
    ex, ey = x2 - ux * shorten, y2 - uy * shorten
    mx, my = (sx + ex) / 2 - uy * offset, (sy + ey) / 2 + ux * offset
    return f"M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}"
