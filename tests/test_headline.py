"""Headlines whose verb the small parser reads as a noun ("Police fire tear gas ...") are parsed again with the verb
reading (issue 4). Headlines written for these tests."""

from __future__ import annotations

from storyline import nlp
from storyline.extract import extract, repair_headings
from storyline.model import Article, Event, Provenance
from storyline.pipeline import parse_articles


def run(title: str, text: str = "") -> tuple[Article, list[Event]]:
    article = Article("h", "h", title, text, text, "2022-05-02", None, None, None, Provenance("test"))
    ((parsed_title, body),) = list(parse_articles([article]))
    return article, extract(article, parsed_title, body).events


def test_a_present_tense_verb_read_as_a_noun_is_read_as_the_verb() -> None:
    # the model reads "issues" as a plural noun, the subject of "arrest"
    assert nlp.load()("ICC issues arrest warrant for Kony")[1].pos_ == "NOUN"
    _, events = run("ICC issues arrest warrant for Kony")
    (event,) = events
    assert event.type == "COERCE" and event.from_title
    assert event.source is not None and event.source.text == "ICC"


def test_police_fire_tear_gas_has_the_police_as_source() -> None:
    article, events = run("Chilean police fire tear gas at students in Santiago")
    (event,) = events
    assert event.type == "COERCE"
    assert event.source is not None and event.source.country == "CHL" and event.source.sector == "COP"
    assert article.title[event.span[0] : event.span[1]] == "tear gas"


def test_a_verb_read_as_an_adjective_in_a_headline_is_read_as_the_verb() -> None:
    assert nlp.load()("Peru and Chile reopen border to trade after two years")[3].pos_ == "ADJ"
    _, events = run("Peru and Chile reopen border to trade after two years")
    assert [e.type for e in events] == ["RETREAT"]


def test_two_states_sign_a_deal_in_a_headline() -> None:
    _, events = run("Ghana and Togo sign deal on joint border patrols")
    assert "AGREE" in {e.type for e in events}


def test_a_headline_already_read_right_is_left_alone() -> None:
    """The noun phrases of a headline whose verb was found keep their reading: 'air strikes' and 'Russian strikes'
    are not verbs."""
    _, events = run("NATO launches air strikes against Serb positions")
    (event,) = events
    assert event.type == "ASSAULT" and event.source is not None and event.source.name == "NATO"
    _, events = run("Ukraine rejects peace plan as Russian strikes pound Kharkiv")
    assert {e.type for e in events} == {"REJECT", "ASSAULT"}


def test_a_heading_at_the_top_of_the_body_is_repaired_in_place() -> None:
    text = "Police fire tear gas at marchers in Lima\n\nOfficers used batons on Friday. Several people were hurt."
    article, events = run("", text)
    (event,) = [e for e in events if e.type == "COERCE"]
    assert not event.from_title and article.text[event.span[0] : event.span[1]] == "tear gas"
    assert event.source is not None and event.source.text.lower() == "police"


def test_repairing_headings_keeps_the_text_and_the_other_sentences() -> None:
    text = "Police fire tear gas at marchers in Lima\n\nOfficers used batons on Friday. Several people were hurt."
    doc = nlp.load()(text)
    fixed = repair_headings(doc, nlp.parse_with_verb)
    assert fixed is not doc and fixed.text == doc.text
    assert [(t.dep_, t.head.i) for t in fixed[9:]] == [(t.dep_, t.head.i) for t in doc[9:]]
    assert fixed[1].pos_ == "VERB" and doc[1].pos_ != "VERB"
