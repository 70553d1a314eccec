"""Figures on events (issue 10): numbers with their kind, qualifier, group, span and authority, on sentences written
for these tests; conflicts between reports' figures, dates and places within an instance."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.extract import extract
from storyline.extract.figures import figure_words, number_value
from storyline.link.conflicts import compare, interval
from storyline.link.instances import Instance, Report
from storyline.model import Article, Event, Provenance
from storyline.nlp import load
from storyline.pipeline import parse_articles


@pytest.fixture(scope="module", autouse=True)
def _model() -> None:
    load()  # once for the module: every test below parses


def events_of(text: str, date: str = "2017-03-02") -> list[Event]:
    article = Article("f", "f", "", text, text, date, None, None, None, Provenance("test"))
    ((title, body),) = list(parse_articles([article]))
    return extract(article, title, body).events


def figures_of(text: str) -> list[tuple[Event, dict[str, Any]]]:
    return [(e, f) for e in events_of(text) for f in e.figures]


def only(text: str, kind: str) -> tuple[Event, dict[str, Any]]:
    found = [(e, f) for e, f in figures_of(text) if f["kind"] == kind]
    assert len(found) == 1, figures_of(text)
    return found[0]


@pytest.mark.parametrize(
    ("words", "value"),
    [("2,200", 2200), ("1.5 million", 1_500_000), ("forty-five", 45), ("two hundred", 200), ("3 thousand", 3000)],
)
def test_number_value(words: str, value: float) -> None:
    doc = load().make_doc(words)
    assert number_value(list(doc)) == value


def test_not_a_number() -> None:
    assert number_value(list(load().make_doc("several"))) is None


def test_killed_with_qualifier_group_and_part() -> None:
    text = "Government shelling killed at least 12 civilians, including three children, in the village on Sunday."
    event, fig = figures_of(text)[0]
    assert event.type == "ASSAULT"
    assert (fig["kind"], fig["value"], fig["qualifier"], fig["group"]) == ("killed", 12, "at least", "civilians")
    assert text[fig["span"][0] : fig["span"][1]] == "12"
    part = event.figures[1]
    assert (part["value"], part["group"], part["part_of"]) == (3, "children", 0)


def test_arrests_more_than() -> None:
    event, fig = only("Riot police arrested more than 200 protesters in the capital on Friday.", "arrested")
    assert event.type == "COERCE"
    assert (fig["value"], fig["qualifier"]) == (200, "more than")


def test_force_size_is_troops_unless_something_happened_to_them() -> None:
    _, fig = only("Egypt sent 3,000 troops to its border with Libya on Monday.", "troops")
    assert fig["value"] == 3000
    _, killed = only("The militants killed 40 soldiers in an ambush near the border on Monday.", "killed")
    assert (killed["value"], killed["group"]) == (40, "soldiers")


def test_range_and_authority_of_the_verb_that_gives_it() -> None:
    text = (
        "Syrian jets bombed the market in Douma on Tuesday. "
        "The health ministry put the death toll from the raid between 40 and 60."
    )
    event, fig = only(text, "killed")
    assert event.trigger == "bombed"  # no event in the toll's own sentence: the fitting one before it
    assert (fig["value"], fig["value_max"], fig["qualifier"]) == (40, 60, "between")
    assert fig["according_to"] is not None and fig["according_to"]["sector"] == "GOV"


def test_vague_amount() -> None:
    _, fig = only("Rebel fighters shelled the town on Sunday and dozens of people were wounded.", "wounded")
    assert (fig["value"], fig["value_max"], fig["qualifier"]) == (24, 100, "vague")


def test_years_measures_and_labels_are_not_figures() -> None:
    text = "Turkish troops attacked the town 30 km from the border in 2016, the fifth raid of the five-year war."
    assert figures_of(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Rebel gunners shelled the town on Nov 7 2016, killing 12 civilians.",
        "Russian jets struck two of the group's positions near Raqqa on Sunday, killing 12 fighters.",
    ],
)
def test_dates_and_things_counted_are_not_figures(text: str) -> None:
    assert [(f["kind"], f["value"]) for _, f in figures_of(text)] == [("killed", 12)]


def test_every_kind_has_types() -> None:
    words = figure_words()
    assert set(words.kinds.values()) | set(words.sizes.values()) <= set(words.types)
    assert all(words.types[k] for k in words.types)


# --- conflicts between reports ----------------------------------------------------------------------------------

SYRIA_MIL = {"name": "Syria", "country": "SYR", "sector": "MIL", "actor_id": "SYR-MIL", "text": "Syrian jets"}
CIVILIANS = {"name": "civilians", "country": "SYR", "sector": "CVL", "actor_id": "SYR-CVL", "text": "civilians"}
DOUMA = {"name": "Douma", "country": "SYR", "lat": 33.57, "lon": 36.40, "geonames_id": 1}
ALEPPO = {"name": "Aleppo", "country": "SYR", "lat": 36.20, "lon": 37.16, "geonames_id": 2}


def report(
    n: int, outlet: str, killed: dict[str, Any] | None, day: str = "2017-03-07", place: dict[str, Any] = DOUMA
) -> Report:
    event = {
        "id": f"a{n}:b0",
        "article_id": f"a{n}",
        "type": "ASSAULT",
        "source": SYRIA_MIL,
        "target": CIVILIANS,
        "date": day,
        "date_precision": "day",
        "date_source": "text",
        "location": place,
        "modality": "asserted",
        "sentence": "Syrian jets bombed the market.",
        "figures": [{"kind": "killed", "part_of": None, "according_to": None, **killed}] if killed else [],
    }
    return Report(event, outlet, "2017-03-07")


def test_interval_by_qualifier() -> None:
    assert interval({"value": 58, "qualifier": "at least"})[0] == 58
    assert interval({"value": 58, "qualifier": "at least"})[1] == float("inf")
    assert interval({"value": 50, "qualifier": "about"}) == pytest.approx((40, 60))
    assert interval({"value": 500, "value_max": 1300, "qualifier": "between"}) == (500, 1300)


def test_the_report_that_departs_and_by_how_much() -> None:
    reports = [
        report(1, "Wire A", {"value": 58, "qualifier": "at least"}),
        report(2, "Wire B", {"value": 60, "qualifier": None}),
        report(3, "Wire C", {"value": 62, "qualifier": None}),
        report(4, "Blog D", {"value": 20, "qualifier": None}),
    ]
    record = compare(Instance("i1", reports), {})
    (killed,) = record["figures"]
    assert killed["range"] == [20, 62] and killed["median"] == 59
    assert killed["depart"] == ["a4"] and killed["conflict"]
    blog = next(v for v in killed["values"] if v["article_id"] == "a4")
    assert blog["departs_by"] == pytest.approx((20 - 60) / 60, abs=1e-3)
    assert blog["compared_with"] == ["a1", "a2", "a3"]
    assert record["departing"] == ["a4"]


def test_a_lower_bound_agrees_with_larger_counts_and_copies_measure_no_one() -> None:
    reports = [
        report(1, "Wire A", {"value": 58, "qualifier": "at least"}),
        report(2, "Wire B", {"value": 72, "qualifier": None}),
        report(3, "Wire B copy", {"value": 10, "qualifier": None}),
    ]
    record = compare(Instance("i2", reports), {"a3": "a2"})
    (killed,) = record["figures"]
    assert killed["depart"] == ["a3"]  # measured against the others ...
    first = next(v for v in killed["values"] if v["article_id"] == "a1")
    assert not first["departs"] and first["compared_with"] == ["a2"]  # ... but measures no one


def test_dates_and_places_that_depart() -> None:
    reports = [
        report(1, "Wire A", None),
        report(2, "Wire B", None),
        report(3, "Wire C", None, day="2017-03-08"),
        report(4, "Blog D", None, day="2017-03-05", place=ALEPPO),
    ]
    record = compare(Instance("i3", reports), {})
    assert record["figures"] == []
    assert record["dates"]["depart"] == ["a4"] and record["dates"]["median"] == "2017-03-07"
    assert record["places"]["depart"] == ["a4"] and record["places"]["most_given"] == "Douma"
