"""Cleaning: boilerplate goes with its reason, reporting stays, titles and datelines are found."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from storyline.clean import boilerplate_reason, clean
from storyline.errors import InputError
from storyline.ingest import read_file
from storyline.model import Provenance, RawArticle

BOILERPLATE = [
    "Print Friendly, PDF & Email",
    "What do you think?",
    "Notify of",
    "0 0 vote",
    "Article Rating",
    "View all comments",
    "Inline Feedbacks",
    "Help us grow. Support The Duran on Patreon!",
    "Views and opinions expressed are those of the author, not of this site.",
    "Our site does not give financial, investment or medical advice here.",
    "Share this:",
    "Photo: Aleppo's old city at dusk / Levant Monitor",
]

REPORTING = [
    "The Turkish president phoned Putin late on Wednesday evening, his office said.",
    "Reuters reports an army general, Zaid al-Saleh, saying that the battle is nearly over.",
    "Donors pledged $1.2 billion in aid at a conference in London on Tuesday.",
    "The opposition says it will report the abuses to the United Nations.",
    "What do you think the minister meant by that, a reporter asked Lavrov on Monday.",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert boilerplate_reason(line) is not None


@pytest.mark.parametrize("line", REPORTING)
def test_reporting_lines_are_kept(line: str) -> None:
    assert boilerplate_reason(line) is None


def _raw(text: str, **kw: object) -> RawArticle:
    return RawArticle(text=text, provenance=Provenance("t.txt"), **kw)  # type: ignore[arg-type]


def test_junk_line_and_dateline_before_the_title() -> None:
    a = clean(_raw("in ,\n\nThursday, 15 December 2016\n\nTalks resume in Geneva\n\nEnvoys met on Wednesday."))
    assert a.title == "Talks resume in Geneva"
    assert a.date == "2016-12-15"
    assert a.text == "Envoys met on Wednesday."
    assert [r.reason for r in a.removed] == ["junk first line", "dateline (publication date)"]


def test_given_date_is_not_overridden_by_dateline() -> None:
    a = clean(_raw("14 December, 2016\n\nTitle here\n\nBody sentence here.", date="2016-12-20"))
    assert a.date == "2016-12-20"


@pytest.mark.parametrize(
    ("text", "left", "date"),
    [
        ("Date of publication 8 April 2017 An airstrike hit the town.", "An airstrike hit the town.", "2017-04-08"),
        ("Fri 07 Apr 2017 at 0914 The mayor says the strike killed two.", "The mayor says", "2017-04-07"),
        ("Posted on July 12 2016 by Staff Writer Rebels attacked.", "by Staff Writer Rebels", "2016-07-12"),
        ("Wednesday 10 August 2016 20:02 Syrian Coalition: raids go on.", "Syrian Coalition:", "2016-08-10"),
        # the count after the date is the headline's, not a time of day
        ("18 November 2016 150 fighters surrendered near the town.", "150 fighters surrendered", "2016-11-18"),
    ],
)
def test_a_date_glued_before_the_text_is_removed(text: str, left: str, date: str) -> None:
    a = clean(_raw(text, title="A title"))
    assert a.text.startswith(left)
    assert a.date == date
    assert a.removed[0].reason == "dateline (publication date)"


def test_a_text_that_only_starts_with_a_date_word_is_kept() -> None:
    for text in ("On 8 April 2017 an airstrike hit the town.", "April showers hit the town on 8 April 2017."):
        a = clean(_raw(text, title="A title", date="2017-04-09"))
        assert a.text == text and a.date == "2017-04-09" and not a.removed


def test_related_headlines_after_comment_widgets_are_dropped() -> None:
    text = (
        "Ceasefire collapses\n\nFighting resumed on Friday after the truce broke down.\n\n"
        "What do you think?\n\nNotify of\n\nView all comments\n\nAnother headline about something\n\nA second headline"
    )
    a = clean(_raw(text))
    assert a.text == "Fighting resumed on Friday after the truce broke down."
    reasons = {r.text: r.reason for r in a.removed}
    assert reasons["Another headline about something"] == "related headlines"
    assert reasons["A second headline"] == "related headlines"


def test_short_last_line_without_widgets_is_kept() -> None:
    a = clean(_raw("Title\n\nThe army advanced on Tuesday.\n\nMore to follow"))
    assert a.text.endswith("More to follow")


def test_repeated_paragraph_is_removed_once() -> None:
    para = "The embassy said its staff were safe and accounted for after the blast."
    a = clean(_raw(f"Title\n\n{para}\n\nOther news from the city today follows here.\n\n{para}"))
    assert a.text.count(para) == 1
    assert any(r.reason == "repeated paragraph" for r in a.removed)


def test_hard_wrapped_lines_are_joined() -> None:
    a = clean(_raw("Title\n\nThe foreign minister said on Monday that the talks\nwould resume next week in Vienna."))
    assert a.text == "The foreign minister said on Monday that the talks would resume next week in Vienna."


def test_nothing_left_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        clean(_raw("Title only\n\nWhat do you think?\n\nNotify of"))


def test_key_depends_on_text_and_outlet() -> None:
    a = clean(_raw("Title\n\nSame body text.", source="A"))
    b = clean(_raw("Other title\n\nSame body text.", source="A"))
    c = clean(_raw("Title\n\nSame body text.", source="B"))
    assert a.key == b.key != c.key


# --- the seeds: every boilerplate line goes, every reporting sentence stays ------------------------------------

# The seeds' boilerplate lines, named by the SHA-1 (first 12 hex digits) of the whole line with its spaces
# collapsed, so that the seeds' words are read from ../shared at test time and not repeated here.
SEED_BOILERPLATE = {
    "05a00a0c6b73": "print-friendly widget",
    "f538b53baf76": "rating widget: the vote counts",
    "ea01827a4032": "rating widget: its label",
    "039361a3b917": "the outlet's appeal for donations",
    "0691226ba57d": "a column's disclaimer of the views in it",
    "5e3adee62e3e": "another column's disclaimer, at the top and again at the bottom",
    "cd736b5333fc": "comment box: its question",
    "87151cd35d0f": "comment box: the notification switch",
    "0d62479f2f1a": "comment box: the feedback count",
    "7add65308237": "comment box: the link to all comments",
    "29d7383096f0": "a related-article headline",
    "bd06a56b6faf": "a related-article headline",
    "ffb0f8b422ef": "a related-article headline",
    "85f2f5b50211": "a related-article headline",
    "e39fbf65efef": "a related-article headline",
    "84d668c2259d": "comment box: its link",
}


def _seed_articles(seeds_dir: Path) -> list:
    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        (raw,) = list(read_file(path))
        assert isinstance(raw, RawArticle)
        out.append((path, clean(raw)))
    return out


def _digest(line: str) -> str:
    return hashlib.sha1(line.encode("utf-8")).hexdigest()[:12]


def test_seed_boilerplate_removed(seeds_dir: Path) -> None:
    seen = set()
    for path, article in _seed_articles(seeds_dir):
        paragraphs = article.text.split("\n\n")
        for line in path.read_text(encoding="utf-8").split("\n"):
            line = " ".join(line.split())
            if _digest(line) not in SEED_BOILERPLATE:
                continue
            seen.add(_digest(line))
            what = SEED_BOILERPLATE[_digest(line)]
            assert not any(p.startswith(line) or (line in p and len(p) < 250) for p in paragraphs), (what, path.name)
        assert "ATTENTION EDITORS" not in article.text
    assert seen == set(SEED_BOILERPLATE), [SEED_BOILERPLATE[d] for d in set(SEED_BOILERPLATE) - seen]


def test_seed_reporting_sentences_kept(seeds_dir: Path) -> None:
    """Every line of a seed that no rule names as boilerplate is in the clean text, word for word."""
    for path, article in _seed_articles(seeds_dir):
        removed = {r.text for r in article.removed}
        for line in path.read_text(encoding="utf-8").split("\n"):
            line = " ".join(line.split())
            if not line or line in removed or line == article.title:
                continue
            assert line in article.text, (path.name, line)
        # every sentence-like removed line has a reason that is not a guess
        for r in article.removed:
            assert r.reason


def test_seed_titles_and_dateline(seeds_dir: Path) -> None:
    by_name = {path.name[:3]: a for path, a in _seed_articles(seeds_dir)}
    title = by_name["001"].title
    assert title.startswith("ALEPPO: Russia rejects talks") and title.endswith("as more Jihadis surrender")
    assert len(title.split()) == 12
    assert by_name["002"].date == "2016-12-15"
    assert by_name["002"].title.startswith("Russia rejects ceasefire in Aleppo")
    title = by_name["000"].title
    assert title.startswith("Flynn-Patrushev Exchange Slows") and title.endswith("Ahead of Decisive Ending")
    assert len(title.split()) == 9
    assert by_name["000"].date is None  # no dateline: never invented


def test_caption_glued_into_a_long_paragraph_is_cut_not_the_paragraph() -> None:
    body = " ".join(["The army advanced on the town after days of heavy shelling, officials said."] * 8)
    text = f"Title\n\n{body} Fighters stand in Raqqa on June 3 2015. REUTERS/Stringer The ministry denied it."
    a = clean(_raw(text))
    assert "The ministry denied it." in a.text and body in a.text
    assert "REUTERS/Stringer" not in a.text and "Fighters stand in Raqqa" not in a.text
    assert any(r.reason == "photo caption or credit" for r in a.removed)
