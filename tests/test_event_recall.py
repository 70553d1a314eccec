"""Event recall on ordinary wire phrasing (issue 4): the synonyms, light verbs and sentence shapes reporters use for
each PLOVER type, on sentences written for these tests."""

from __future__ import annotations

import pytest

from storyline.extract import extract
from storyline.model import Article, Event, Provenance
from storyline.pipeline import parse_articles


def run(text: str) -> list[Event]:
    article = Article("t", "t", "", text, text, "2021-03-10", None, None, None, Provenance("test"))
    ((title, body),) = list(parse_articles([article]))
    return extract(article, title, body).events


def types(text: str) -> list[str]:
    return [e.type for e in run(text)]


# text, the type it must yield
CASES = [
    # generic parties named by a plural or a role word are still actors
    ("The two leaders met in Oslo on Tuesday.", "CONSULT"),
    ("Both countries signed a border treaty in March.", "AGREE"),
    ("The kidnappers set the two engineers free on Monday.", "RETREAT"),
    ("The ruling party conceded defeat late on Sunday.", "CONCEDE"),
    # measures of aid, troop moves, security build-ups
    ("Canada announced $20 million in humanitarian aid for Haiti.", "AID"),
    ("Jordan took in thousands of Syrian refugees last year.", "AID"),
    ("Ankara moved two armoured brigades to the frontier.", "MOBILIZE"),
    ("Seoul put its border units on high alert overnight.", "MOBILIZE"),
    ("Egypt beefed up its military presence along the Libyan border.", "MOBILIZE"),
    # armed units entering or taking places
    ("Government troops rolled into the rebel stronghold at dawn.", "ASSAULT"),
    ("The insurgents took the district capital on Friday.", "ASSAULT"),
    # yielding: abandoned positions, shelved measures
    ("The militia abandoned its positions along the river.", "RETREAT"),
    ("The premier shelved the fuel tax after a week of strikes.", "CONCEDE"),
    # crowds
    ("Thousands of nurses took to the streets of Lisbon on Friday.", "PROTEST"),
    ("Riot police fired water cannon at demonstrators blockading the ministry.", "PROTEST"),
    # meetings, approvals, requests, backing
    ("The chancellor raised the jailed reporter's case with the Egyptian president.", "CONSULT"),
    ("The Security Council authorised a peacekeeping mission for the island.", "AGREE"),
    ("Germany is seeking the extradition of the former banker.", "REQUEST"),
    ("France backed the proposal for a truce.", "SUPPORT"),
    ("The Chinese premier is due to visit Berlin next week.", "CONSULT"),
    # crowds named by their size or trade, sit-ins, gatherings of protesters
    ("Tens of thousands marched through Montevideo on Friday.", "PROTEST"),
    ("Taxi drivers blocked the ring road around the capital.", "PROTEST"),
    ("Cleaners staged a sit-in at the ministry on Monday.", "PROTEST"),
    ("Hundreds of demonstrators gathered outside the consulate.", "PROTEST"),
    # stopping an attack, blocking convoys or websites, expelling reporters, arming an ally
    ("The militia stopped shelling the port on Sunday.", "RETREAT"),
    ("Border guards turned back a convoy of trucks carrying fuel.", "COERCE"),
    ("The regime blocked access to two messaging apps.", "COERCE"),
    ("The authorities expelled three foreign reporters.", "COERCE"),
    ("The allies shipped artillery ammunition to Kyiv.", "AID"),
    ("Oslo gave the refugee agency ten million dollars for the camps.", "AID"),
    ("The commerce department placed export controls on the chipmaker.", "SANCTION"),
    # a second noun joined to the first shares its verb
    ("Armenia declared martial law and a general mobilisation.", "MOBILIZE"),
    # passive light verbs: the noun is the subject, the verb carries its partners
    ("New sanctions were imposed on Iran's oil sector.", "SANCTION"),
    ("Talks were held in Vienna between Iran and the IAEA.", "CONSULT"),
    # nouns before the head noun decide when the head does not: aid trucks, but aid convoys stopped
    ("Jordan sent aid trucks to the border town of Daraa.", "AID"),
    ("Turkish relief lorries reached the flooded valley on Sunday.", "AID"),
    ("The army stopped aid convoys at the border.", "COERCE"),
    # light verbs with a particle carry nouns too
    ("The rebels said they would keep up their armed struggle against the state.", "THREATEN"),
    ("Warplanes carried out air strikes on the fuel depot.", "ASSAULT"),
    # more wire phrasings
    ("The two foreign ministers spoke by telephone on Friday.", "CONSULT"),
    ("Envoys of the two countries met at the border post.", "CONSULT"),
    ("Turkish and Greek diplomats were due to meet in Athens on Friday.", "CONSULT"),
    ("The mediator shuttled between Khartoum and Juba.", "CONSULT"),
    ("The two premiers signed a joint declaration on fisheries.", "AGREE"),
    ("The cabinet backed away from plans to raise fuel duties.", "CONCEDE"),
    ("Students occupied the rector's offices on Monday.", "PROTEST"),
    ("The navy unveiled a new attack submarine on Sunday.", "MOBILIZE"),
    ("The authorities suspended the licence of an opposition radio station.", "COERCE"),
    ("The union called for a nationwide strike.", "REQUEST"),
    # dismay in the passive, denials of any link, proceedings opened
    ("Norway said it was appalled by the shooting of the marchers.", "ACCUSE"),
    ("The ministry said it had nothing to do with the blast.", "REJECT"),
    ("Investigators opened a criminal case against the governor.", "ACCUSE"),
    ("Kurdish forces moved to secure the disputed districts.", "MOBILIZE"),
    # the subject of a passive raising verb acts in its infinitive
    ("The two premiers are expected to sign the accord next week.", "AGREE"),
    ("Israeli troops crossed the border into the enclave.", "ASSAULT"),
    # a verb joined to a passive one shares its subject
    ("The general was sworn in as interim leader and called for calm.", "REQUEST"),
]


@pytest.mark.parametrize(("text", "type_"), CASES)
def test_wire_phrasing_yields_its_type(text: str, type_: str) -> None:
    assert type_ in types(text), [(e.type, e.trigger) for e in run(text)]


def test_ready_or_weighing_sanctions_is_a_threat() -> None:
    for text in (
        "The bloc said it was ready to impose further sanctions on the junta.",
        "The European Union is weighing fresh sanctions against Minsk.",
    ):
        found = types(text)
        assert "THREATEN" in found and "SANCTION" not in found, (text, found)


def test_taking_a_decision_is_no_assault() -> None:
    assert "ASSAULT" not in types("The cabinet took a decision on the budget on Monday.")


def test_two_parties_sharing_a_border_do_not_cooperate() -> None:
    assert "COOPERATE" not in types("The two countries share a long mountain border.")


def test_troops_in_aid_trucks_only_for_armed_units() -> None:
    assert "ASSAULT" not in types("Relief workers crossed into the valley with medicine on Sunday.")


def test_one_act_on_several_targets_is_one_event() -> None:
    events = [e for e in run("Israel bombed Gaza and struck Lebanon on Sunday.") if e.type == "ASSAULT"]
    assert len(events) == 1, [(e.trigger, e.target) for e in events]
    countries = {a.country for a in events[0].targets}
    assert {"PSE", "LBN"} <= countries, events[0].targets


def test_said_would_raise_tariffs_is_a_sanction_decided() -> None:
    found = types("Beijing said it would raise tariffs on American soybeans from May 1.")
    assert "SANCTION" in found and "THREATEN" not in found, found


def test_stopped_attack_is_not_an_assault() -> None:
    assert "ASSAULT" not in types("The militia stopped shelling the port on Sunday.")


def test_a_statement_joined_by_and_is_its_own_event() -> None:
    found = types("The premier apologised for the delays and said she would accept the tribunal's ruling.")
    assert "SUPPORT" in found and "AGREE" in found, found


def test_a_clause_set_beside_with_while_is_its_own_event() -> None:
    found = types("Hungary voiced support for the plan, while Poland refused to sign it.")
    assert "SUPPORT" in found and "REJECT" in found, found


def test_crowds_gathering_to_welcome_are_no_protest() -> None:
    assert "PROTEST" not in types("Crowds gathered at the airport to greet the returning athletes.")


@pytest.mark.parametrize(
    ("headline", "type_", "country"),
    [
        ("Ghana hands back seized fishing trawler to Togo", "RETREAT", "GHA"),
        ("Burma's military rejects the findings of the inquiry.", "REJECT", "MMR"),
    ],
)
def test_headline_verb_tagged_as_a_noun(headline: str, type_: str, country: str) -> None:
    event = next((e for e in run(headline) if e.type == type_), None)
    assert event is not None and event.source is not None and event.source.country == country, run(headline)


def test_a_name_given_in_passing_is_no_accusation() -> None:
    assert "ACCUSE" not in types("India struck what it called a militant camp near the border.")


def test_crowds_pouring_out_to_celebrate_are_no_protest() -> None:
    assert "PROTEST" not in types("Fans poured into the streets to celebrate the victory.")


def test_missile_attacks_launched_are_assaults_not_weapons_tests() -> None:
    found = types("The allies launched air strikes and cruise missile attacks on the camps.")
    assert "ASSAULT" in found and "MOBILIZE" not in found, found


def test_the_one_appalled_is_the_source() -> None:
    event = next(e for e in run("Germany was appalled by the raid on the clinic.") if e.type == "ACCUSE")
    assert event.source is not None and event.source.country == "DEU", event.source


def test_having_nothing_to_lose_is_no_denial() -> None:
    assert "REJECT" not in types("The rebels say they have nothing to lose.")


def test_an_order_to_withdraw_is_no_mobilisation() -> None:
    found = types("The president ordered the army to withdraw from the city.")
    assert "MOBILIZE" not in found, found


def test_troops_crossing_a_river_on_exercise_are_no_assault() -> None:
    assert "ASSAULT" not in types("Troops crossed the river on a pontoon bridge during the exercise.")


def test_missiles_fired_into_the_sea_are_a_weapons_test() -> None:
    found = types("Pyongyang fired two short-range missiles into the sea on Tuesday.")
    assert "MOBILIZE" in found and "ASSAULT" not in found, found
    assert "ASSAULT" in types("Rebels fired rockets into the town on Tuesday.")
