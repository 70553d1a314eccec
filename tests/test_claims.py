"""Claims and attribution: speakers, outlets, quotes, statuses (issue 5)."""

from __future__ import annotations

import pytest
from conftest import shared_path

from storyline.extract import Extraction, extract
from storyline.extract.claims import find_quotes
from storyline.model import Article, Claim, Provenance
from storyline.pipeline import parse_articles


def run(text: str, date: str = "2017-04-06", title: str = "", author: str | None = None) -> Extraction:
    article = Article("t", "t", title, text, text, date, None, None, author, Provenance("test"))
    ((t, body),) = list(parse_articles([article]))
    return extract(article, t, body)


def only(claims: list[Claim], needle: str) -> Claim:
    found = [c for c in claims if needle in c.content]
    assert found, [c.content for c in claims]
    return found[0]


def test_quotes_in_all_marks_and_over_paragraphs() -> None:
    text = (
        'He said: "We will not leave." Then: “Nor will we ever give in,” he added.\n\n'
        "“This part goes on.\n\n“And ends here,” the envoy said."
    )
    spans = [text[s:e] for s, e, _ in find_quotes(text)]
    assert "We will not leave." in spans
    assert any(s.startswith("Nor will we ever give in") for s in spans)
    assert any("This part goes on." in s and "And ends here" in s for s in spans)


def test_scare_quotes_are_not_claims() -> None:
    assert find_quotes("The so-called “moderates” lost ground.") == []


@pytest.mark.parametrize(
    ("text", "needle", "speaker", "outlet", "kind"),
    [
        ("Russian Foreign Minister Sergei Lavrov said that the talks had failed.", "the talks had failed", "Lavrov", None, "indirect"),
        ("Interfax quoted Valentina Matviyenko as saying that the operation would go on.", "operation would go on", "Matviyenko", "Interfax", "indirect"),
        ("The army had retaken the district, according to Reuters.", "retaken the district", "Reuters", "Reuters", "indirect"),
        ("“We will respond,” the Turkish leader said.", "We will respond", "Turkish leader", None, "direct"),
        ("Foreign Minister Jean-Yves Le Drian told Le Monde that France would act.", "France would act", "Le Drian", "Le Monde", "indirect"),
    ],
)  # fmt: skip
def test_speaker_outlet_and_kind(text: str, needle: str, speaker: str, outlet: str | None, kind: str) -> None:
    claim = only(run(text).claims, needle)
    assert claim.speaker is not None and speaker in claim.speaker.text + " " + claim.speaker.name
    assert claim.outlet == outlet or (outlet and claim.outlet and outlet in claim.outlet)
    assert claim.kind == kind


@pytest.mark.parametrize(
    ("text", "needle", "speaker", "outlet"),
    [
        ("Putin told Erdogan that the grain corridor would stay open, the Kremlin said in a readout.", "corridor would stay open", "Putin", "Kremlin"),
        ("Blinken told Lapid in a call that Washington backed the truce, according to a State Department readout.", "Washington backed the truce", "Blinken", "State Department readout"),
        ("The state news agency IRNA quoted a government spokesman as saying that the talks would resume.", "talks would resume", "spokesman", "IRNA"),
        ("The ministry's statement said the border would stay closed.", "border would stay closed", "ministry", "statement"),
        ("In a post on his blog, the former finance minister wrote that the deal was a trap.", "the deal was a trap", "minister", "blog"),
        ("Lavrov, quoted by TASS, said Moscow would respond in kind.", "Moscow would respond", "Lavrov", "TASS"),
        ("The minister told reporters in a statement carried by SANA that the army would press on.", "army would press on", "minister", "SANA"),
        ("Speaking to state television, the governor said the dam was holding.", "dam was holding", "governor", "state television"),
        ("Netanyahu told reporters in Jerusalem that the deal was a historic mistake.", "historic mistake", "Netanyahu", None),
    ],
)  # fmt: skip
def test_relaying_outlets(text: str, needle: str, speaker: str, outlet: str | None) -> None:
    claims = run(text).claims
    claim = only(claims, needle)
    assert claim.speaker is not None and speaker in claim.speaker.text + " " + claim.speaker.name
    assert (claim.outlet is None) if outlet is None else (claim.outlet is not None and outlet in claim.outlet)
    # a relaying clause is the outlet of the words, not a second claim about them
    assert len([c for c in claims if needle in c.content]) == 1


def test_words_reported_within_reported_words() -> None:
    claims = run(
        "The state news agency KCNA reported that the envoy had told his hosts that the summit would go ahead."
    ).claims
    inner = next(c for c in claims if c.content.startswith("the summit would go ahead"))
    outer = next(c for c in claims if c.content.startswith("the envoy had told"))
    assert outer.outlet == "KCNA" and inner.outlet == "KCNA"
    assert inner.speaker is not None and "envoy" in inner.speaker.text


def test_next_words_come_through_the_same_outlet() -> None:
    claims = run(
        "Aung Kyaw, a party spokesman, told Reuters by telephone that the leaders had been detained before dawn. "
        "“We urge everyone to stay calm,” he said, adding that he expected to be arrested himself."
    ).claims
    quote = only(claims, "stay calm")
    assert quote.outlet == "Reuters"
    assert quote.speaker is not None and "Aung Kyaw" in quote.speaker.name
    assert only(claims, "expected to be arrested").outlet == "Reuters"


def test_anonymous_source() -> None:
    claim = only(
        run("“The deal is dead,” said one senior diplomat, who asked not to be named.").claims, "The deal is dead"
    )
    assert claim.anonymous


def test_events_inside_claims_are_relayed() -> None:
    found = run("A monitor said that Syrian jets bombed the town of Saraqeb on Tuesday.")
    (event,) = [e for e in found.events if e.type == "ASSAULT"]
    assert event.voice == "relayed" and event.modality == "reported"
    speaker = event.attribution["speaker"]
    assert speaker is not None and "monitor" in speaker.text
    assert event.id in found.claims[0].event_ids


def test_denial_and_no_confirmation_are_statuses() -> None:
    found = run(
        "Rebels said government forces shelled the village on Monday.\n\n"
        "The defence ministry denied that its forces had shelled the village.\n\n"
        "There has been no confirmation of the shelling from Damascus."
    )
    kinds = {s.kind for s in found.statuses}
    assert {"denied", "unconfirmed"} <= kinds
    unconfirmed = next(s for s in found.statuses if s.kind == "unconfirmed")
    assert any(a.country == "SYR" for a in unconfirmed.by)


def test_confirmed_headline_is_a_status() -> None:
    found = run("Officials said nothing.", title="CONFIRMED: Russia negotiates with Turkey")
    assert any(s.kind == "confirmed" and s.cue == "CONFIRMED" for s in found.statuses)


# --- the seeds ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> dict[str, Extraction]:
    from storyline.clean import clean
    from storyline.ingest import read_file

    articles = [clean(r) for r in read_file(shared_path("samples", "seeds.jsonl"))]  # type: ignore[arg-type]
    return {a.id: extract(a, t, b) for a, (t, b) in zip(articles, parse_articles(articles), strict=True)}


def _claim(found: Extraction, speaker: str, outlet: str | None) -> Claim | None:
    for c in found.claims:
        if c.speaker and speaker in c.speaker.name and (outlet is None or c.outlet == outlet):
            return c
    return None


def test_seed_relayed_speakers(seeds: dict[str, Extraction]) -> None:
    assert _claim(seeds["seed001"], "Matviyenko", "Interfax")
    assert _claim(seeds["seed001"], "Zaid al-Saleh", "Reuters")
    assert _claim(seeds["seed004"], "Financial Times", "Financial Times")
    assert _claim(seeds["seed004"], "Zakharova", None)
    assert any(c.speaker and "Lavrov" in c.speaker.name for s in seeds.values() for c in s.claims)


def test_seed_anonymous_opposition_figure(seeds: dict[str, Extraction]) -> None:
    assert any(c.anonymous and c.speaker and "opposition figure" in c.speaker.text for c in seeds["seed004"].claims)


def test_seed_deal_unconfirmed_and_moscow_silent(seeds: dict[str, Extraction]) -> None:
    found = seeds["seed002"]
    deal = [e for e in found.events if e.type == "AGREE" and "agreement" in e.trigger and "13th December" in e.sentence]
    assert deal and all(e.modality == "unconfirmed" for e in deal)
    silence = [s for s in found.statuses if s.kind == "unconfirmed" and any(a.country == "RUS" for a in s.by)]
    assert silence and any(deal[0].id in s.event_ids for s in silence)
