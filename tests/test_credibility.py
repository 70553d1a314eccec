"""Credibility from evidence (issue 10): article and outlet profiles on the seeds and the sample corpus, the score
and its explanation, the `storyline credibility` command and the profile on the web pages."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from conftest import shared_path
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import storyline
from storyline import credibility
from storyline.cli import app
from storyline.web import create_app

runner = CliRunner()


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seed articles, ingested and linked once for this module."""
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    report = storyline.ingest([str(shared_path("samples", "seeds.jsonl"))], path)
    assert report.ok and report.new == 5, report
    return path


@pytest.fixture(scope="module")
def seed_profiles(seeds_db: Path) -> dict[str, credibility.ArticleProfile]:
    with storyline.Store(seeds_db, readonly=True) as store:
        return {p.article_id: p for p in credibility.article_profiles(store)}


# --- the seeds --------------------------------------------------------------------------------------------------


def test_seed002_deal_of_13_december_is_unconfirmed(seed_profiles: dict[str, credibility.ArticleProfile]) -> None:
    p = seed_profiles["seed002"]
    deals = [e for e in p.evidence["unconfirmed"] if e["type"] == "AGREE" and "13th December" in e["sentence"]]
    assert deals, p.evidence["unconfirmed"]
    assert p.signals["unconfirmed"] and p.signals["unconfirmed"] > 0
    assert p.contributions["unconfirmed"] < 0
    assert any(s.startswith("Unconfirmed:") for s in p.explanation), p.explanation


def test_seed004_confirmed_headline_is_weighed_against_its_body(
    seed_profiles: dict[str, credibility.ArticleProfile],
) -> None:
    p = seed_profiles["seed004"]
    head = p.evidence["headline"]
    assert head["claims_confirmation"] and head["cue"] == "CONFIRMED"
    # the body's confirmation is the Financial Times's; Russia, a party to the talks, only does not deny them
    assert head["party_confirms"] == [] and head["others_confirm"] == ["Financial Times"]
    assert p.signals["headline_overclaim"] == 0.5
    assert p.contributions["headline_overclaim"] < 0
    first = p.explanation[0]
    assert "CONFIRMED" in first and "Financial Times" in first and "does not deny" in first


def test_seed001_surrendered_figure_is_the_russian_military_s(seeds_db: Path) -> None:
    with storyline.Store(seeds_db, readonly=True) as store:
        figures = [f for e in store.events(storyline.store.EventQuery(article="seed001")) for f in e["figures"]]
    (surrendered,) = [f for f in figures if f["kind"] == "surrendered"]
    assert surrendered["value"] == 2200
    assert surrendered["according_to"]["country"] == "RUS" and surrendered["according_to"]["sector"] == "MIL"
    evacuated = [f for f in figures if f["kind"] == "evacuated"]
    assert {f["value"] for f in evacuated} == {100_000, 40_000}
    children = next(f for f in evacuated if f["value"] == 40_000)
    assert children["group"] == "children" and children["part_of"] is not None


def test_only_seed004_claims_confirmation_in_its_headline(seed_profiles: dict[str, credibility.ArticleProfile]) -> None:
    claims = {aid for aid, p in seed_profiles.items() if p.signals["headline_overclaim"] is not None}
    assert claims == {"seed004"}


# --- the score --------------------------------------------------------------------------------------------------


def test_no_evidence_scores_one_half() -> None:
    assert credibility.score({}) == (0.5, {})
    assert credibility.score({s.name: None for s in credibility.SIGNALS}) == (0.5, {})


def test_signals_move_the_score_their_way() -> None:
    up, _ = credibility.score({"corroborated": 1.0, "named_sources": 1.0})
    down, contributions = credibility.score({"denied": 1.0, "speculation": 0.5, "loaded_language": 3.0})
    assert up > 0.5 > down
    assert contributions == {"denied": -1.5, "speculation": -0.6, "loaded_language": -1.0}


def test_every_signal_is_documented() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for spec in credibility.SIGNALS:
        assert f"`{spec.name}`" in readme, spec.name
        assert spec.meaning


def test_loaded_words_and_phrases() -> None:
    found, words = credibility.loaded_words("The regime's so-called truce was, of course, crystal clear propaganda.")
    assert words == 11
    assert found == {"so-called": 1, "of course": 1, "crystal clear": 1, "propaganda": 1}


def test_departure_is_symmetric_on_a_log_scale() -> None:
    assert credibility.departure(22, 22) == 0
    assert credibility.departure(43, 21) == pytest.approx(math.log(2))
    assert credibility.departure(21, 43) == credibility.departure(43, 21)
    # the +1 keeps a small count from weighing like a large one: 0 against 2 is less than 0 against 200
    assert credibility.departure(0, 2) < credibility.departure(0, 200)


# Three outlets report one air strike on a market; two give tolls of 20 and 22, the third 90 (texts written for
# this test). The third is the one the others' figures leave alone.
_MARKET = "An air strike on the market of Maarat al-Numan in Idlib province on Tuesday killed {n} people, {who} said."
_TOLLS = [("toll-a", "Outlet One", 20, "the civil defence"), ("toll-b", "Outlet Two", 22, "a monitoring group")]
_OUTLIER = ("toll-c", "Outlet Three", 90, "the paper's correspondent")


def _market_db(path: Path, reports: list[tuple[str, str, int, str]]) -> dict[str, credibility.ArticleProfile]:
    lines = [
        {
            "id": aid,
            "title": f"Air strike on Maarat al-Numan market kills {n}",
            "text": _MARKET.format(n=n, who=who) + " Rescue workers searched the rubble for hours.",
            "source": outlet,
            "date": "2016-06-14",
        }
        for aid, outlet, n, who in reports
    ]
    corpus = path.with_suffix(".jsonl")
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert storyline.ingest([str(corpus)], path).new == len(reports)
    with storyline.Store(path, readonly=True) as store:
        return {p.article_id: p for p in credibility.article_profiles(store)}


def test_figure_departure_singles_out_the_toll_the_others_do_not_give(tmp_path: Path) -> None:
    profiles = _market_db(tmp_path / "market.db", [*_TOLLS, _OUTLIER])
    a, b, c = (profiles[aid] for aid in ("toll-a", "toll-b", "toll-c"))
    for p in (a, b, c):
        assert [d["median"] for d in p.evidence["departures"]] == [22], p.evidence["departures"]
    assert c.signals["figure_departure"] == pytest.approx(math.log(91 / 23), abs=0.001)
    assert c.contributions["figure_departure"] < 0 < a.contributions["figure_departure"]
    assert b.signals["figure_departure"] == 0 and c.score < a.score
    assert any("a factor of 4.0" in s and "90 against a median of 22" in s for s in c.explanation), c.explanation


def test_figure_departure_needs_two_other_reports(tmp_path: Path) -> None:
    profiles = _market_db(tmp_path / "pair.db", [_TOLLS[0], _OUTLIER])
    for p in profiles.values():
        assert p.signals["figure_conflicts"] == 1  # the two are compared, and each departs from the other
        assert p.signals["figure_departure"] is None and "figure_departure" not in p.contributions


# --- outlets ----------------------------------------------------------------------------------------------------


def test_outlet_profiles_on_the_sample(sample_db: Path) -> None:
    with storyline.Store(sample_db, readonly=True) as store:
        outlets = credibility.outlet_profiles(store)
        n_articles = store.count("articles")
    assert sum(o.articles for o in outlets) == n_articles
    for o in outlets:
        assert 0 <= o.score <= 1
        assert o.instances == 0 or sum(o.statuses.values()) == pytest.approx(1, abs=0.01)
        assert [m["month"] for m in o.by_month] == sorted(m["month"] for m in o.by_month)
        assert o.first_reports <= o.instances and o.explanation


# --- the command and the pages ----------------------------------------------------------------------------------


def test_command_prints_one_line_per_article(seeds_db: Path) -> None:
    result = runner.invoke(app, ["credibility", "--db", str(seeds_db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["article_id"] for r in rows) == [f"seed00{n}" for n in range(5)]
    for r in rows:
        assert 0 <= r["score"] <= 1 and isinstance(r["signals"], dict) and r["explanation"]


def test_command_one_article_and_errors(seeds_db: Path) -> None:
    result = runner.invoke(app, ["credibility", "--db", str(seeds_db), "--article", "seed004"])
    assert result.exit_code == 0
    assert "headline_overclaim" in result.stdout and "Financial Times" in result.stdout
    missing = runner.invoke(app, ["credibility", "--db", str(seeds_db), "--article", "nope"])
    assert missing.exit_code == 1 and "no article 'nope'" in str(missing.exception)


def test_command_outlets(sample_db: Path) -> None:
    result = runner.invoke(app, ["credibility", "--db", str(sample_db), "--outlets", "--format", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all({"outlet", "score", "statuses", "by_month", "explanation"} <= set(r) for r in rows)


def test_pages_show_the_profiles(seeds_db: Path, sample_db: Path) -> None:
    page = TestClient(create_app(seeds_db), base_url="http://127.0.0.1").get("/articles/seed004")
    assert page.status_code == 200
    assert "Evidence profile: " in page.text and "The headline says CONFIRMED" in page.text
    assert "Financial Times&#39;s" in page.text  # escaped like the rest of the page
    with storyline.Store(sample_db, readonly=True) as store:
        outlet = store.articles()[0].source
    assert outlet
    listing = TestClient(create_app(sample_db), base_url="http://127.0.0.1").get("/articles", params={"source": outlet})
    assert listing.status_code == 200 and f"Evidence profile of {outlet}" in listing.text
