"""Event types decided by a verb's argument, negation, announced sanctions and clauses that move the story on
(issue 4). Sentences written for these tests."""

from __future__ import annotations

import pytest

from storyline.extract import extract
from storyline.model import Article, Event, Provenance
from storyline.pipeline import parse_articles


def run(text: str) -> list[Event]:
    article = Article("t", "t", "", text, text, "2021-03-10", None, None, None, Provenance("test"))
    ((title, body),) = list(parse_articles([article]))
    return extract(article, title, body).events


def assert_one_each(cases: dict[str, str]) -> None:
    """Each text gives exactly one event, of the type it maps to."""
    for text, expected in cases.items():
        assert [e.type for e in run(text)] == [expected], text


# text, the type expected, a type that must not appear (the verb's or the noun's own type, read alone)
CASES = [
    ("Japan halted all economic aid to Myanmar after the coup.", "SANCTION", "AID"),
    ("The Korean Metal Workers' Union called off its strike on Monday.", "CONCEDE", "PROTEST"),
    ("Jordan flew blankets and medicine to Turkey on Tuesday.", "AID", None),
    ("Aid workers handed over 300 tonnes of flour to the Red Crescent in Homs.", "AID", "RETREAT"),
    ("Hundreds of protesters stormed the parliament building in Lima on Friday.", "PROTEST", "ASSAULT"),
    ("Ankara responded by severing diplomatic ties with Vienna.", "SANCTION", "SUPPORT"),
    ("Beijing called off its climate talks with Washington.", "SANCTION", "CONSULT"),
    ("The Moldovan government said it did not recognise the referendum.", "REJECT", "SUPPORT"),
    ("Norway will expel three Russian diplomats.", "SANCTION", "THREATEN"),
    ("The Russian army halted its offensive in northern Georgia on Sunday.", "RETREAT", "ASSAULT"),
    ("Peru called its envoy home from Bogota on Thursday.", "SANCTION", "CONSULT"),
    ("The president dismissed Interior Minister Carlos Mena on Friday.", "COERCE", "REJECT"),
    ("French police recaptured the fugitive gang boss in Marseille.", "COERCE", "ASSAULT"),
    ("The Italian foreign ministry regretted Budapest's decision.", "ACCUSE", "CONCEDE"),
    ("The US had sought a full embargo but dropped those demands to win over Beijing.", "CONCEDE", None),
    ("The envoy flew to Kigali, where President Kagame accepted the plan.", "AGREE", None),
    ("A team of Chilean rescuers landed in Quito on Sunday.", "AID", "CONSULT"),
    ("The cabinet imposed a curfew and called in the army on Friday.", "MOBILIZE", None),
    ("Sri Lanka handed the fugitive over to Indian police on Tuesday.", "COOPERATE", "RETREAT"),
    ("Kenya shared intelligence with Uganda on the smuggling ring.", "COOPERATE", None),
    ("The president fired his vice-president on Tuesday.", "COERCE", "ASSAULT"),
    ("Army tanks took up positions outside the state television building in Bamako.", "MOBILIZE", None),
    ("Malaysia flew tonnes of rice and blankets to Myanmar on Monday.", "AID", None),
    ("Armenia pulled out of a summit that Moscow was due to host in December.", "REJECT", "RETREAT"),
    ("Bolivia ordered the Peruvian ambassador to leave the country within 72 hours.", "SANCTION", "REQUEST"),
    ("The junta gave the Belgian envoy two days to leave.", "SANCTION", "RETREAT"),
    ("Rome declared two Iranian diplomats persona non grata on Friday.", "SANCTION", None),
    ("Canberra said it was closing its embassy in Kabul.", "SANCTION", "COERCE"),
    ("The military government tore up its defence pact with Paris.", "SANCTION", None),
    ("Beijing stopped issuing visas to Lithuanian citizens on Monday.", "SANCTION", None),
    ("Police in Dhaka shortened the curfew by four hours.", "CONCEDE", "COERCE"),
    ("The last Danish soldiers flew out of Mali on Tuesday.", "RETREAT", "CONSULT"),
    ("Portugal began bringing its soldiers home from the Central African Republic.", "RETREAT", None),
    ("Italy sent 40 police officers to help Albanian police guard the port.", "AID", "MOBILIZE"),
    ("The regional bloc deployed a peacekeeping force to Lesotho on Monday.", "AID", "MOBILIZE"),
    ("Latvia shut the last open crossing on its border with Belarus.", "COERCE", None),
    ("Quito declares nationwide emergency after prison riots", "COERCE", None),
    ("Canberra removed Beijing from its list of preferred suppliers on Monday.", "SANCTION", "ASSAULT"),
    ("Tokyo said on Thursday it was ending its military intelligence pact with Seoul.", "SANCTION", None),
    ("Three justices dismissed the government's appeal on Friday.", "REJECT", None),
    ("The junta turned away a joint delegation of the two blocs on Monday.", "REJECT", None),
    ("A judge in Lima ordered the former minister to be held in custody for a year.", "COERCE", "REQUEST"),
    ("Pyongyang fired two cruise missiles from a submarine off its east coast.", "MOBILIZE", "ASSAULT"),
    ("Hanoi imposed 20 percent duties on Chinese steel pipes on Monday.", "SANCTION", None),
    ("The Red Crescent set up camps for families displaced by the floods.", "AID", None),
    ("The militia and the army signed a truce in Juba on Sunday.", "AGREE", "RETREAT"),
    ("The military council dissolved the national assembly on Tuesday.", "COERCE", None),
    ("Hundreds of protesters attacked the Danish embassy in Tehran on Friday.", "PROTEST", "ASSAULT"),
    ("President Ramaphosa spoke to Tinubu by telephone on Monday.", "CONSULT", None),
    ("Canberra announced a new weapons package for Kyiv on Tuesday.", "AID", None),
    ("Qatar deposited $2 billion in Egypt's central bank.", "AID", None),
    ("Police in Italy and Albania broke up a smuggling ring in a joint operation.", "COOPERATE", None),
    ("Ottawa hit back with tariffs on American steel on Friday.", "SANCTION", "ASSAULT"),
    ("Seoul responded with matching tariffs on Japanese imports.", "SANCTION", None),
    ("Rwanda sent 1,000 soldiers to Cabo Delgado at Maputo's request.", "AID", "MOBILIZE"),
    ("The coast guard impounded a Panamanian-flagged freighter off Batumi.", "COERCE", "ASSAULT"),
    ("Tokmokov welcomed the Kyrgyz president at the airport on Monday.", "CONSULT", "SUPPORT"),
    ("The junta lifted the nationwide curfew on Thursday.", "CONCEDE", "RETREAT"),
    ("Seoul barred seafood from three Japanese prefectures on Friday.", "SANCTION", None),
    ("The cabinet bowed to pressure from the unions.", "CONCEDE", None),
    ("The junta confined the ousted president to his residence.", "COERCE", None),
    ("The foreign minister called the seizure unacceptable on Friday.", "ACCUSE", "CONSULT"),
    ("Tajik president calls in regional bloc to restore order", "REQUEST", "CONSULT"),
    ("Iran test-fired a new cruise missile on Sunday.", "MOBILIZE", "ASSAULT"),
    ("Qatar and Bahrain restored diplomatic relations on Wednesday.", "SUPPORT", "COOPERATE"),
    ("The two neighbours restored ferry links on Monday.", "COOPERATE", None),
    ("The rebels boycotted the talks in Geneva.", "REJECT", "PROTEST"),
    ("Manila opened two more bases to American forces.", "COOPERATE", None),
    ("The IMF approved a $1.2 billion loan for Kenya on Friday.", "AID", "SUPPORT"),
    ("The governor granted the activist clemency on Tuesday.", "CONCEDE", "AID"),
    ("The country withdrew its bid to host the summit.", "CONCEDE", "RETREAT"),
    ("The union took the ministry to court over the decree.", "ACCUSE", "ASSAULT"),
    ("Ghana takes Togo to WTO over cocoa levies", "ACCUSE", "ASSAULT"),
    ("Negotiators from both sides met in Lima on Friday.", "CONSULT", None),
    ("The trade pact between the two blocs came into force at midnight.", "COOPERATE", None),
    ("Under the accord, Japan dropped its duty on Chilean wine at once.", "CONCEDE", "SANCTION"),
    ("The president dropped his tariff threat on Friday.", "CONCEDE", "THREATEN"),
    ("Italian officers work alongside the Albanian police in Tirana.", "COOPERATE", None),
    ("The two navies began joint naval patrols on Monday.", "COOPERATE", "MOBILIZE"),
    ("The government and the rebels extended the truce by six months.", "AGREE", "RETREAT"),
    ("The guerrillas said they would suspend kidnappings for ransom.", "AGREE", "SANCTION"),
    ("A consignment of vaccine doses arrived in Kathmandu as a gift from India.", "AID", "CONSULT"),
    ("M23 rebels set a fuel depot in Goma ablaze on Monday.", "ASSAULT", None),
    ("Protesters stormed the town hall and set it ablaze.", "PROTEST", "ASSAULT"),
]


@pytest.mark.parametrize(("text", "expected", "absent"), CASES)
def test_event_type(text: str, expected: str, absent: str | None) -> None:
    types = [e.type for e in run(text)]
    assert expected in types, f"{expected} not in {types}"
    assert absent is None or absent not in types, f"{absent} in {types}"


def test_announced_sanction_keeps_its_source_from_the_main_verb() -> None:
    (event,) = [e for e in run("Ankara responded by severing diplomatic ties with Vienna.") if e.type == "SANCTION"]
    assert event.source is not None and event.source.country == "TUR"
    assert event.target is not None and event.target.country == "AUT"


def test_convoys_of_aid_stopped_are_no_sanction() -> None:
    """ "convoys of aid" is not a measure of aid: stopping the convoys is not cutting the aid."""
    types = [e.type for e in run("Soldiers stopped convoys of aid at the border crossing on Saturday.")]
    assert "SANCTION" not in types


def test_wrongdoing_a_speaker_reports_is_the_speakers_accusation() -> None:
    text = "The Chilean interior minister said the mining firm had corrupted two judges."
    (event,) = [e for e in run(text) if e.type == "ACCUSE"]
    assert event.source is not None and event.source.text.endswith("interior minister")
    assert event.target is not None and "firm" in event.target.text
    assert "ACCUSE" in [e.type for e in run("Madrid said Algiers was responsible for the attack on the pipeline.")]


def test_wrongdoing_nobody_reports_is_no_event() -> None:
    assert "ACCUSE" not in [e.type for e in run("The mining firm corrupted two judges in 2019.")]


@pytest.mark.parametrize(
    "text",
    ["The new streaming service will be called Tidewave.", "The Kenyan foreign minister was in Madrid on March 4."],
)
def test_names_and_dates_are_no_trigger(text: str) -> None:
    types = [e.type for e in run(text)]
    assert "ACCUSE" not in types and "PROTEST" not in types, types


def test_a_trigger_that_is_the_sentences_subject_needs_no_actor() -> None:
    assert "PROTEST" in [e.type for e in run("Protests erupted in Lima on Friday.")]
    assert "AGREE" not in [e.type for e in run("The deal was welcomed in Lima on Friday.")]


def test_as_clause_is_news_of_its_own() -> None:
    types = [e.type for e in run("Rebels seized the town of Kidal as Malian soldiers abandoned their posts.")]
    assert "ASSAULT" in types and "RETREAT" in types, types


def test_forces_put_on_alert_are_mobilized() -> None:
    assert "MOBILIZE" in [e.type for e in run("The Greek navy put its submarines on alert on Monday.")]


def test_two_states_forces_drilling_together_is_cooperation_between_both() -> None:
    """ "U.S. and South Korean forces": two countries before one head are two actors, and their drills are joint."""
    (event,) = [e for e in run("Japanese and Australian forces began large drills near Darwin on Monday.")]
    assert event.type == "COOPERATE"
    assert {a.country for a in [event.source, *event.sources] if a is not None} == {"JPN", "AUS"}


def test_a_noun_event_in_a_headline_as_clause_is_its_own_event() -> None:
    types = [e.type for e in run("Ukraine rejects peace plan as Russian strikes pound Kharkiv")]
    assert "REJECT" in types and "ASSAULT" in types


def test_the_terms_of_a_deal_keep_their_own_type() -> None:
    """What an agreement provides is told as planned acts of their own type, not as promises (AGREE)."""
    (event,) = [e for e in run("Under the accord, Ethiopian troops will pull out of the border town within a month.")]
    assert (event.type, event.modality) == ("RETREAT", "planned")


def test_the_group_is_the_organisation_named_before() -> None:
    text = "The army said Hamas fighters had fired rockets at Sderot, but the group denied any involvement."
    (event,) = [e for e in run(text) if e.type == "REJECT"]
    assert event.source is not None and event.source.actor_id == "hamas"


def test_an_announced_deployment_is_a_deployment_not_a_threat() -> None:
    types = [e.type for e in run("The ministry said 500 paratroopers would fly to Lithuania next week.")]
    assert "MOBILIZE" in types and "THREATEN" not in types


def test_a_progressive_verb_hung_on_be_keeps_its_subject() -> None:
    (event,) = run("Qatar is mediating between Hamas and Israel.")  # (with "Oman" the parser gets it right)
    assert event.type == "CONSULT" and event.source is not None and event.source.country == "QAT"


def test_police_units_arriving_are_no_diplomatic_visit() -> None:
    types = [e.type for e in run("About 300 Rwandan police officers arrived in Bangui on Tuesday.")]
    assert "CONSULT" not in types


def test_a_trip_the_writer_expects_is_a_planned_visit_not_a_promise() -> None:
    (event,) = run("The Qatari envoy was expected to travel to Kabul next week.")
    assert (event.type, event.modality) == ("CONSULT", "planned")


def test_agreeing_to_impose_a_measure_is_the_measure() -> None:
    """docs/coding-guidelines.md rule 2: a decision to sanction a third party is the sanction, not an agreement."""
    (event,) = run("Nordic ministers agreed to impose an arms embargo on Belarus.")
    assert event.type == "SANCTION" and event.target is not None and event.target.country == "BLR"


def test_what_parties_are_to_do_is_planned_in_its_own_type() -> None:
    events = run("Under the truce, the militia is to withdraw from the port and the navy is to lift its blockade.")
    assert [(e.type, e.modality) for e in events] == [("RETREAT", "planned"), ("RETREAT", "planned")]


def test_an_act_joined_to_a_verb_that_can_mean_planning_is_not_planned() -> None:
    """ "set off bombs and kidnapped": "set" is a planning verb only as "is set to"."""
    events = run("The militants set off two bombs and kidnapped a Nigerian engineer on Sunday.")
    assert ("ASSAULT", "asserted") in [(e.type, e.modality) for e in events]
    assert "THREATEN" not in [e.type for e in events]


def test_a_clause_before_a_semicolon_is_not_what_the_next_clause_says() -> None:
    """ "X seizes tanker; London warns ...": the parser hangs the first clause on "warns" as its content."""
    (event,) = [
        e for e in run("Iran impounds Greek tanker in the Gulf; Athens warns of consequences") if e.type == "COERCE"
    ]
    assert event.modality == "asserted" and event.source is not None and event.source.country == "IRN"


def test_a_past_tense_after_a_reported_would_clause_is_the_speakers_next_act() -> None:
    """ "warned that X would ... and called on Y to ...": the parser joins the call to the reported clause."""
    text = "The ministry warned that the tariffs would hurt exporters and called on Ottawa to drop them."
    article = Article("t", "t", "", text, text, "2021-03-10", None, None, None, Provenance("test"))
    ((title, body),) = list(parse_articles([article]))
    found = extract(article, title, body)
    (request,) = [e for e in found.events if e.type == "REQUEST"]
    assert request.modality == "asserted" and request.source is not None and request.source.text == "ministry"
    (claim,) = found.claims
    assert text[claim.span[0] : claim.span[1]] == "the tariffs would hurt exporters"


def test_the_speaker_of_a_next_statement_is_the_first_speaker() -> None:
    text = "The minister said the army would withdraw and added that talks would resume."
    article = Article("t", "t", "", text, text, "2021-03-10", None, None, None, Provenance("test"))
    ((title, body),) = list(parse_articles([article]))
    claims = extract(article, title, body).claims
    assert [c.speaker.text if c.speaker else None for c in claims] == ["minister", "minister"]


def test_onlookers_telling_what_an_actor_may_do_state_no_intention_of_its_own() -> None:
    """ "Diplomats said the EU could ban ...": a report of the bloc's plans, not its threat; the actor's own
    statement stays one."""
    (event,) = run("Diplomats said the European Union could ban imports of Belarusian potash if talks failed.")
    assert event.type == "SANCTION" and event.modality == "hypothetical"
    (event,) = run("Analysts said Minsk would strike the convoys.")
    assert event.type == "ASSAULT" and event.modality == "planned"
    (event,) = run("Minsk said it would strike the convoys.")
    assert event.type == "THREATEN"


def test_an_as_clause_with_its_own_subject_is_its_own_act() -> None:
    """ "X calls in the bloc as rioters torch police stations": the rioting is no part of the request."""
    types = sorted(e.type for e in run("Tajik president calls in regional bloc as rioters torch police stations"))
    assert types == ["PROTEST", "REQUEST"]
    types = sorted(e.type for e in run("The cabinet rejected the plan as farmers blocked the main roads."))
    assert types == ["PROTEST", "REJECT"]


def test_a_known_persons_alias_used_as_another_persons_first_name_is_not_that_person() -> None:
    """ "Abbas" alone is Mahmoud Abbas (PSE) in the knowledge base; "Abbas Mousavi" is someone else."""
    (event,) = run("Foreign Ministry spokesman Abbas Mousavi dismissed the allegation on Saturday.")
    assert event.source is not None and event.source.name == "Abbas Mousavi" and event.source.country != "PSE"


def test_a_condition_set_on_an_act_is_no_event_and_makes_a_sanction_a_threat() -> None:
    """ "would expel the envoy unless Beijing freed the two men": a threat; the freeing did not happen."""
    assert [e.type for e in run("Ottawa said it would expel the envoy unless Beijing freed the two men.")] == [
        "THREATEN"
    ]
    assert [e.type for e in run("Ottawa said it would expel the envoy.")] == ["SANCTION"]


def test_an_act_noun_carried_by_an_as_clause_with_its_own_subject_is_its_own_event() -> None:
    types = sorted(
        e.type for e in run("Ghana eases visa rules for Togo as Gnassingbe makes first Accra visit in years")
    )
    assert types == ["CONCEDE", "CONSULT"]


def test_a_place_before_a_visit_is_the_host_not_the_visitor() -> None:
    (event,) = run("The Chinese premier began a Moscow visit on Monday.")
    assert event.type == "CONSULT"
    assert event.source is not None and event.source.country == "CHN"
    assert event.target is not None and event.target.country == "RUS"


def test_an_act_that_is_the_topic_of_a_judgement_is_no_event() -> None:
    assert run("Officials said that lifting the sanctions on Minsk is out of the question.") == []


def test_a_visit_told_in_a_participle_is_its_own_act_and_not_what_the_visitor_promises() -> None:
    events = run("The Chilean foreign minister, visiting Lima, pledged that Santiago would reopen the border crossing.")
    visit = next(e for e in events if e.type == "CONSULT")
    assert visit.mode == "visit" and visit.modality == "asserted"
    assert visit.target is not None and visit.target.country == "PER"
    assert "AGREE" in {e.type for e in events}


@pytest.mark.parametrize(
    ("text", "partner"),
    [
        ("Ghanaian soldiers guard the northern border posts jointly with Burkinabe troops.", "BFA"),
        ("The ceremony was organised by the Omani foreign ministry together with Iranian diplomats.", "IRN"),
        ("Dutch customs officers inspected the cargo alongside Belgian police.", "BEL"),
    ],
)
def test_work_done_together_with_another_party_is_cooperation_with_it(text: str, partner: str) -> None:
    (event,) = run(text)
    assert event.type == "COOPERATE"
    assert event.target is not None and event.target.country == partner


def test_a_co_subject_together_with_the_doer_shares_the_act_and_makes_no_cooperation() -> None:
    assert [e.type for e in run("Austria, together with Hungary, called for tighter border checks.")] == ["REQUEST"]


def test_joint_work_the_parties_will_do_is_cooperation_and_a_pledge_to_work_together_is_agreement() -> None:
    said = "Greek and Cypriot navies will hold joint drills off Crete in May, the Greek defence ministry said."
    assert [e.type for e in run(said)] == ["COOPERATE"]
    assert [e.type for e in run("Athens said it would work with Nicosia to carry out the plan.")] == ["AGREE"]


def test_two_nouns_of_one_visit_that_name_each_other_keep_one_event() -> None:
    text = "Chilean President Gabriel Boric held talks with Peruvian leaders in Lima on Monday, his first such trip abroad."
    assert [e.type for e in run(text)] == ["CONSULT"]


def test_an_as_clause_hung_on_an_infinitive_is_its_own_act() -> None:
    types = sorted(e.type for e in run("Ghana and Togo agree road map to settle border row as Akufo-Addo visits Lome"))
    assert types == ["AGREE", "CONSULT"]


def test_forces_sent_to_reinforce_ones_own_police_or_a_border_are_a_deployment_not_aid() -> None:
    assert [e.type for e in run("Lima deployed the army to support the police in the capital.")] == ["MOBILIZE"]
    assert [e.type for e in run("Quito sent troops to its northern border to reinforce it.")] == ["MOBILIZE"]


def test_an_order_to_ones_own_army_is_the_act_ordered_and_an_order_to_another_state_a_demand() -> None:
    (event,) = run("President Arce ordered the army to reduce its troops near the Chilean border.")
    assert event.type == "RETREAT"
    assert event.source is not None and event.source.text == "President Arce"
    assert "REQUEST" in {e.type for e in run("The court ordered Israel to withdraw its troops from the city.")}
    # with no act of its own to carry out, the order sets the forces in motion
    assert [e.type for e in run("President Arce ordered the armed forces to neutralise the gangs.")] == ["MOBILIZE"]


def test_a_person_taken_somewhere_makes_no_visit() -> None:
    assert run("The former president was flown to Miami on Thursday to stand trial.") == []


def test_parties_of_two_states_working_together_cooperate_and_one_working_together_alone_does_not() -> None:
    (event,) = run("Spanish and Moroccan police worked together for two years.")
    assert event.type == "COOPERATE"
    assert {event.source.country, event.target.country} == {"ESP", "MAR"}  # type: ignore[union-attr]
    assert run("The Spanish police worked together for two years.") == []


def test_shutting_plants_is_no_coercion() -> None:
    assert run("Belgium is due to shut its last two nuclear power plants next year.") == []


def test_a_pledge_to_send_forces_to_reinforce_another_partys_mission_is_an_agreement() -> None:
    text = "Rome said on Monday it would send 300 soldiers to reinforce UNIFIL in southern Lebanon."
    assert [e.type for e in run(text)] == ["AGREE"]


def test_leaders_of_smaller_states_are_known_by_their_term() -> None:
    (event,) = run("Mitsotakis met Erdogan in Athens on Thursday.")
    assert event.source is not None and (event.source.name, event.source.country) == ("Kyriakos Mitsotakis", "GRC")


def test_a_meeting_the_writer_schedules_is_a_planned_consultation_and_one_a_party_announces_a_pledge() -> None:
    (event,) = run("The Kenyan president will fly on to Kigali on Saturday for a state visit.")
    assert (event.type, event.modality) == ("CONSULT", "planned")
    assert [e.type for e in run("Nairobi said its president would visit Kigali next week.")] == ["AGREE"]


def test_a_headline_act_whose_subject_is_an_event_noun_in_an_as_clause_is_news_of_its_own() -> None:
    types = sorted(e.type for e in run("Peru imposes curfew as farmers' protests turn deadly"))
    assert types == ["COERCE", "PROTEST"]
    assert [e.type for e in run("Kenya presses Uganda over border closure as summit opens")] == ["REQUEST"]


def test_being_ready_to_send_help_is_an_offer() -> None:
    assert [e.type for e in run("Madrid said it was ready to send help to the flooded region.")] == ["AGREE"]


def test_a_noun_naming_the_kind_of_another_is_no_trigger() -> None:
    assert run("Gunmen in Mali freed a Swiss aid worker on Sunday.")[0].type == "RETREAT"
    assert "AID" not in {e.type for e in run("Gunmen in Mali freed a Swiss aid worker on Sunday.")}


def test_victims_counted_in_an_act_no_one_is_named_for_are_a_toll_and_with_its_parties_the_act() -> None:
    assert run("About 40 people had been killed in the fighting, officials said.") == []
    text = "Twelve Georgian soldiers were killed in a clash with Russian troops on Monday."
    assert [e.type for e in run(text)] == ["ASSAULT"]


def test_an_organisation_noun_that_does_another_act_is_its_doer_not_an_act() -> None:
    assert [e.type for e in run("Regional alliance flies troops into Lesotho")] == ["MOBILIZE"]


def test_a_person_handed_to_another_states_police_or_a_fugitive_to_its_authorities_is_judicial_cooperation() -> None:
    text = "Panama handed Carlos Mena, a fugitive banker, over to Colombian authorities on Friday."
    assert [e.type for e in run(text)] == ["COOPERATE"]
    assert [e.type for e in run("Quito handed Carlos Mena over to Peruvian police on Friday.")] == ["COOPERATE"]
    # a prisoner of war sent home is a release
    assert [e.type for e in run("Lima handed the captured pilot, Carlos Mena, over to Ecuadorean officials.")] == [
        "RETREAT"
    ]


def test_drills_of_several_states_are_military_cooperation_and_one_states_a_show_of_force() -> None:
    assert [e.type for e in run("Chile joins Peru and Ecuador in Pacific naval drills")] == ["COOPERATE"]
    text = "Frigates from the three countries began the second stage of the exercise off Valparaiso on Monday."
    assert [e.type for e in run(text)] == ["COOPERATE"]
    assert [e.type for e in run("The Peruvian navy held naval drills near Callao on Monday.")] == ["MOBILIZE"]


def test_raised_tariffs_and_kept_embargoes_are_sanctions_and_delivered_tanks_aid() -> None:
    assert [e.type for e in run("Ottawa doubled its duties on Mexican steel on Friday.")] == ["SANCTION"]
    assert [e.type for e in run("The bloc will keep its arms embargo on Minsk in place.")] == ["SANCTION"]
    assert [e.type for e in run("Poland delivered 14 Leopard tanks to Kyiv on Friday.")] == ["AID"]


def test_a_broken_norm_is_the_speakers_accusation_and_in_the_writers_voice_no_act() -> None:
    events = run("The Danish foreign ministry said Minsk had violated its obligations under the treaty.")
    assert [(e.type, e.source and e.source.country, e.target and e.target.country) for e in events] == [
        ("ACCUSE", "DNK", "BLR")
    ]
    assert run("Minsk violated its obligations under the treaty.") == []
    assert [e.type for e in run("Rebels violated the truce within hours, the army said.")] == ["ASSAULT"]


def test_aid_told_by_its_load_its_carriers_arriving_and_written_off_debt() -> None:
    text = "Chile sent two transport planes carrying a field hospital to Lima on Sunday."
    assert [e.type for e in run(text)] == ["AID"]
    assert [e.type for e in run("A team of 40 Peruvian doctors arrived in Quito on Monday.")] == ["AID"]
    assert [e.type for e in run("Lima wrote off most of Quito's debt on Monday.")] == ["AID"]
    assert [e.type for e in run("The IMF approved a $3 billion loan for Ecuador on Monday.")] == ["AID"]
    # a team sent to talk is no aid
    assert "AID" not in {e.type for e in run("A team of 12 Chilean negotiators arrived in Lima on Monday.")}


def test_warships_recalled_to_port_is_a_withdrawal() -> None:
    assert [e.type for e in run("Chile recalled its two frigates to port on Monday.")] == ["RETREAT"]


def test_work_with_counterparts_exercising_with_and_co_hosting_are_cooperation() -> None:
    text = "Peruvian police have been working with their counterparts in Chile and Bolivia to find the gang."
    assert [e.type for e in run(text)] == ["COOPERATE"]
    assert [e.type for e in run("The Chilean frigate is exercising with a Peruvian corvette off Arica.")] == [
        "COOPERATE"
    ]
    assert [e.type for e in run("Chile co-hosted the donor conference with Peru and the United Nations.")] == [
        "COOPERATE"
    ]


def test_a_name_handed_over_to_another_states_agents_in_the_passive_is_judicial_cooperation() -> None:
    assert [e.type for e in run("Hernandez was handed over to U.S. drug agents on Thursday.")] == ["COOPERATE"]


def test_doses_handed_over_approved_bailouts_and_loads_carried_by_arriving_planes_are_aid() -> None:
    text = "Peru's ambassador handed 500,000 doses to Bolivia's health minister at the airport."
    assert [e.type for e in run(text)] == ["AID"]
    assert [e.type for e in run("The IMF approved a $3 billion bailout for Ecuador on Monday.")] == ["AID"]
    text = "Chilean air force planes landed in Lima on Sunday, carrying doctors and medical equipment."
    assert [e.type for e in run(text)] == ["AID"]


def test_a_mock_attack_is_a_drill() -> None:
    assert [e.type for e in run("Peruvian jets staged a mock attack on targets near Tacna.")] == ["MOBILIZE"]


def test_only_a_place_falls_and_a_war_that_killed_thousands_is_a_toll() -> None:
    assert [e.type for e in run("The town of Konna fell to Malian troops on Sunday.")] == ["ASSAULT"]
    assert run("Kenyan shares fell sharply after the ruling.") == []
    assert run("The two countries fell out in 2013.") == []
    assert run("The war has killed more than 80,000 people since 2019.") == []
    assert [e.type for e in run("Rebels killed 12 soldiers near Konna on Sunday.")] == ["ASSAULT"]


def test_capturing_a_named_person_is_an_arrest_and_capturing_a_town_an_assault() -> None:
    assert [e.type for e in run("Peruvian marines captured Carlos Mena in Tumbes on Friday.")] == ["COERCE"]
    assert [e.type for e in run("Peruvian marines captured Tumbes on Friday.")] == ["ASSAULT"]


def test_terms_under_a_road_map_or_resolution_are_the_acts_agreed_not_pledges() -> None:
    text = "Under the road map, Peru will reopen its land crossings into Bolivia."
    assert [(e.type, e.modality) for e in run(text)] == [("RETREAT", "planned")]
    text = "Under the resolution, the peacekeepers will hand their bases over to the Malian authorities."
    assert [(e.type, e.modality) for e in run(text)] == [("RETREAT", "planned")]


def test_deciding_alone_to_lift_a_measure_is_the_concession_and_agreeing_with_another_an_agreement() -> None:
    text = "EU foreign ministers agreed on Monday to lift the asset freeze on Bolivia's president."
    assert [e.type for e in run(text)] == ["CONCEDE"]
    assert [e.type for e in run("Iran agreed with the agency to ease restrictions on inspectors.")] == ["AGREE"]


def test_a_clause_on_the_subject_says_who_it_is() -> None:
    text = "Foreign Minister Carlos Mena, who led three days of talks in Lima, said Peru had rejected the demand."
    assert "CONSULT" not in {e.type for e in run(text)}


def test_sanctions_relief_a_licence_issued_and_an_easing_announced_are_concessions() -> None:
    text = "The Treasury issued a licence on Monday allowing companies to trade with Bolivia's mining sector."
    assert [e.type for e in run(text)] == ["CONCEDE"]
    text = "Chile's trade ministry said on Friday it would remove its duties on Peruvian wine from Saturday."
    assert [e.type for e in run(text)] == ["CONCEDE"]
    # promised on a condition, it is still a pledge
    assert [e.type for e in run("Chile said it would remove the duties if Lima reopened the border.")] == ["AGREE"]


def test_what_a_state_gives_in_return_for_a_deal_is_a_concession() -> None:
    text = "In return, Quito is to let the currency float freely and sell stakes in state companies."
    assert [(e.type, e.source and e.source.country) for e in run(text)] == [("CONCEDE", "ECU")]


def test_troops_leaving_a_base_withdraw() -> None:
    text = "A column of Peruvian soldiers left the base at Tumbes on Friday, bound for Lima."
    assert [e.type for e in run(text)] == ["RETREAT"]


def test_a_court_ruling_a_measure_void_rejects_it_and_staying_away_rejects_talks_or_protests() -> None:
    assert [e.type for e in run("Peru's top court ruled the decree unconstitutional on Monday.")] == ["REJECT"]
    assert [e.type for e in run("Bolivia's Supreme Court declared the vote invalid on Friday.")] == ["REJECT"]
    assert run("The judge ruled that the suspect was fit to stand trial.") == []
    assert [e.type for e in run("Bolivia's army stayed away from the talks in Lima.")] == ["REJECT"]
    assert [e.type for e in run("Doctors in La Paz stayed away from work on Monday.")] == ["PROTEST"]


def test_imposed_duties_are_a_sanction() -> None:
    assert [e.type for e in run("Lima imposed duties on Chilean wine in May 2020.")] == ["SANCTION"]


def test_a_response_or_legal_action_promised_is_a_threat_and_done_is_no_threat() -> None:
    text = "The Bolivian foreign ministry said La Paz would respond in kind to the expulsions."
    assert [(e.type, e.modality) for e in run(text)] == [("THREATEN", "planned")]
    text = "Quito said on Monday it would take firm action against the fishing fleets."
    assert [e.type for e in run(text)] == ["THREATEN"]
    text = "Peru said it would file a complaint against Chile at the World Trade Organization."
    assert [(e.type, e.target and e.target.country) for e in run(text)] == [("THREATEN", "CHL")]
    assert [e.type for e in run("Lima said it would firmly defend its sovereignty.")] == ["THREATEN"]
    # told as done, the response is the act it names, or none; the complaint an accusation
    assert [e.type for e in run("La Paz responded by expelling two Chilean diplomats.")] == ["SANCTION"]
    assert run("Quito took action on Monday.") == []
    assert [e.type for e in run("Peru lodged a complaint against Chile at the WTO.")] == ["ACCUSE"]


def test_joint_projects_resumed_exports_and_field_hospitals() -> None:
    text = "Peru and Bolivia launched a joint project on Monday to dredge the lake."
    assert [e.type for e in run(text)] == ["COOPERATE"]
    assert [e.type for e in run("Chile and Peru co-produced the patrol boats in Callao.")] == ["COOPERATE"]
    # what the writer says the parties will do is their act, planned; what they say they will do, a pledge
    text = "Chile and Peru will co-produce the patrol boats."
    assert [(e.type, e.modality) for e in run(text)] == [("COOPERATE", "planned")]
    text = "Chile said it would work with Peru on the patrol boats."
    assert [e.type for e in run(text)] == ["AGREE"]
    text = "Bolivia resumed gas exports to Chile on Sunday."
    assert [(e.type, e.target and e.target.country) for e in run(text)] == [("COOPERATE", "CHL")]
    text = "Ecuador set up a field hospital near the quake zone on Tuesday."
    assert [e.type for e in run(text)] == ["AID"]
    # a hospital built at home is no help to anyone
    assert run("Ecuador set up a new hospital in Quito.") == []


def test_a_court_throwing_out_a_petition_rejects_it() -> None:
    text = "Peru's top court threw out the opposition's petition on Friday."
    assert [(e.type, e.target and e.target.sector) for e in run(text)] == [("REJECT", "OPP")]


def test_walking_away_bankrolling_joining_a_rescue_opening_embassies_and_seizing_drugs() -> None:
    assert [e.type for e in run("The rebels walked away from the talks in Quito on Friday.")] == ["REJECT"]
    assert [e.type for e in run("Qatar has bankrolled the rebuilding of the port.")] == ["AID"]
    text = "Rescue teams from Chile joined the search for survivors in Quito on Monday."
    assert [(e.type, e.source and e.source.sector) for e in run(text)] == [("AID", "NGO")]
    assert [e.type for e in run("Peru and Bolivia opened embassies in each other's capitals.")] == ["SUPPORT"]
    text = "Peruvian customs officers seized two tonnes of cocaine at the port of Callao."
    assert [(e.type, e.mode, e.source and e.source.sector) for e in run(text)] == [("COERCE", "confiscate", "COP")]
    text = "The two countries' coast guards exchanged information on the smuggling route."
    assert [(e.type, e.source and e.source.sector) for e in run(text)] == [("COOPERATE", "COP")]


def test_what_a_state_receives_from_another_is_the_giver_s_aid() -> None:
    text = "Bolivia received its first helicopters from Brazil on Monday."
    assert [(e.type, e.source and e.source.country, e.target and e.target.country) for e in run(text)] == [
        ("AID", "BRA", "BOL")
    ]
    text = "Peru received $1.1 billion from the IMF on Friday."
    assert [(e.type, e.source and e.source.sector) for e in run(text)] == [("AID", "IGO")]
    assert [e.type for e in run("The minister was received by the president in Lima.")] == ["CONSULT"]


def test_the_health_agency_named_in_capitals_is_no_pronoun() -> None:
    for text in ("WHO shipped vaccines to Malawi on Monday.", "The WHO shipped vaccines to Malawi on Monday."):
        assert [(e.type, e.source and e.source.name) for e in run(text)] == [("AID", "World Health Organization")]


def test_a_charge_denied_in_apposition_is_the_other_side_s_rejection_and_leaves_the_charge_asserted() -> None:
    for text in (
        "Peru accused Chile of spying, a charge Santiago denied.",
        "Lima accused Quito of arming the rebels, an allegation that Ecuador rejected.",
        "Bolivia's foreign minister accused Chile on Sunday of plotting against the vote, a charge Chilean"
        " Foreign Minister Ana Rojas dismissed as baseless.",
    ):
        found = [(e.type, e.modality, e.source and e.source.country, e.target and e.target.country) for e in run(text)]
        accuser, accused = ("PER", "CHL") if text.startswith("Peru") else ("BOL", "CHL")
        if "Quito" in text:
            accuser, accused = "PER", "ECU"
        assert found == [("ACCUSE", "asserted", accuser, accused), ("REJECT", "asserted", accused, accuser)]


def test_an_order_to_foreign_civilians_to_leave_expels_them_and_to_troops_demands_a_withdrawal() -> None:
    text = "Peru ordered all 40 Bolivian workers at the mine to leave by Thursday."
    assert [(e.type, e.mode) for e in run(text)] == [("COERCE", "deport")]
    text = "Authorities on Sunday ordered the Reuters correspondent in Lima to leave the country."
    assert [(e.type, e.mode) for e in run(text)] == [("COERCE", "deport")]
    assert [e.type for e in run("Bolivia's junta ordered Peruvian troops to leave the country.")] == ["REQUEST"]
    assert [(e.type, e.mode) for e in run("Peru ordered the Bolivian ambassador to leave.")] == [("SANCTION", "expel")]


def test_relief_flown_in_or_into_a_city_and_medical_teams_sent() -> None:
    assert [e.type for e in run("Chilean military planes have flown in medicine and food.")] == ["AID"]
    text = "The World Food Programme flew 38 tonnes of biscuits into Lima on Friday."
    assert [(e.type, e.target and e.target.country) for e in run(text)] == [("AID", "PER")]
    text = "Cuba sent a 40-member medical team to Peru on Monday."
    assert [(e.type, e.target and e.target.country) for e in run(text)] == [("AID", "PER")]


def test_measures_promised_against_someone_threaten_and_measures_to_help_do_not() -> None:
    text = "Lima said the four states would take further political and economic measures against Quito."
    assert [e.type for e in run(text)] == ["THREATEN"]
    assert run("Lima said it would take measures to protect its farmers.") == []


def test_a_fugitive_handed_to_a_tribunal_is_cooperation_and_flying_him_there_no_visit() -> None:
    text = "Peruvian police flew Ramos to The Hague on Thursday and handed him over to the tribunal."
    assert [e.type for e in run(text)] == ["COOPERATE"]
    assert [(e.type, e.mode) for e in run("The minister flew to Quito on Monday.")] == [("CONSULT", "visit")]
    text = "In the days before the vote, the Civil Guard blocked dozens of websites promoting the referendum."
    assert [(e.type, e.source and e.source.sector) for e in run(text)] == [("COERCE", "COP")]


def test_deaths_a_disaster_caused_are_no_attack() -> None:
    for text in (
        "The virus has killed nearly 2,500 people in Peru since March.",
        "Floods have killed 40 people in Bolivia, officials said.",
        "The earthquake killed more than 2,000 people in Ecuador.",
    ):
        assert run(text) == [], text
    assert [e.type for e in run("Rebels killed 40 villagers in Bolivia on Monday.")] == ["ASSAULT"]


def test_what_protesters_say_as_they_protest_is_an_act_of_its_own() -> None:
    text = "Owners of the factories protested outside the ministry in Lima on Friday, accusing the government of ruining them."
    assert [(e.type, e.source and e.source.sector) for e in run(text)] == [("PROTEST", "BUS"), ("ACCUSE", "BUS")]
    text = "Farmers rallied outside parliament in Lima on Thursday, urging the government to pull out of the pact."
    assert [e.type for e in run(text)] == ["PROTEST", "REQUEST"]
    # a state's act with its reason given is one act: the reason is no accusation of its own
    text = "Peru expelled the Bolivian ambassador on Monday, accusing La Paz of meddling in the vote."
    assert [e.type for e in run(text)] == ["SANCTION"]


def test_stopping_or_cutting_off_another_state_s_exports_is_a_sanction() -> None:
    text = "Chile stopped copper shipments to Bolivia on Wednesday."
    assert [(e.type, e.target and e.target.country) for e in run(text)] == [("SANCTION", "BOL")]
    assert [e.type for e in run("Police stopped the trucks at the border in Tumbes.")] == ["COERCE"]


def test_a_free_trade_area_or_treaty_taking_effect_is_cooperation() -> None:
    text = "Andean free trade area takes effect as Peruvian farmers seek delay"
    assert "COOPERATE" in {e.type for e in run(text)}
    assert [e.type for e in run("The Peru-Chile treaty on fishing came into force on Monday.")] == ["COOPERATE"]


def test_warships_sailing_bombers_flying_and_a_missile_launched_at_no_one_are_shows_of_force() -> None:
    assert [e.type for e in run("A Peruvian destroyer sailed through the strait on Tuesday.")] == ["MOBILIZE"]
    assert [e.type for e in run("Chilean bombers flew over the disputed waters for seven hours.")] == ["MOBILIZE"]
    assert [e.type for e in run("Bolivia launched a ballistic missile on Sunday.")] == ["MOBILIZE"]
    assert [e.type for e in run("Rebels fired rockets at Lima on Sunday.")] == ["ASSAULT"]
    assert [e.type for e in run("The minister flew to Quito on Monday.")] == ["CONSULT"]


def test_intelligence_provided_and_gas_sold_are_cooperation_and_clashes_avoided_no_event() -> None:
    text = "Peru provided intelligence to Chile on the smugglers."
    assert [(e.type, e.target and e.target.country) for e in run(text)] == [("COOPERATE", "CHL")]
    text = "Bolivia will sell gas to Argentina for ten years, the ministers said."
    assert [(e.type, e.target and e.target.country) for e in run(text)] == [("COOPERATE", "ARG")]
    assert run("The two armies set up a hotline to avoid clashes.") == []


def test_a_standing_recognition_with_no_one_named_is_no_event() -> None:
    assert run("The enclave is internationally recognised as part of Bolivia.") == []
    assert [e.type for e in run("The enclave was recognised by Peru on Monday.")] == ["SUPPORT"]


def test_hit_by_violence_or_a_disaster_names_no_attacker_and_a_nuclear_device_set_off_is_a_test() -> None:
    assert run("Bolivia has been among the nations worst hit by the jihadist violence.") == []
    assert run("The province was hit by floods on Monday.") == []
    assert [e.type for e in run("The bridge was hit by Peruvian missiles on Monday.")] == ["ASSAULT"]
    assert [e.type for e in run("Bolivia said it had detonated a hydrogen bomb on Sept. 3.")] == ["MOBILIZE"]
    assert [e.type for e in run("Gunmen detonated a bomb at the market in Lima.")] == ["ASSAULT"]


def test_an_act_called_unacceptable_or_provocative_in_reported_speech_is_disapproval() -> None:
    text = "A spokeswoman for the Chilean government said Lima's tariffs were regrettable."
    assert [(e.type, e.target and e.target.country) for e in run(text) if e.type == "ACCUSE"] == [("ACCUSE", "PER")]
    assert [e.type for e in run("Bolivia's defence ministry said the drills were provocative.")] == ["ACCUSE"]
    assert run("Officials in Lima said the weather was unacceptable for flights.") == []


def test_forces_sent_to_another_s_exercise_take_part_in_it() -> None:
    text = "Peru sent two frigates to Chile's naval exercise in May."
    assert [e.type for e in run(text)] == ["COOPERATE"]
    assert [e.type for e in run("The Peruvian navy sent two frigates to the border in May.")] == ["MOBILIZE"]


def test_forces_sent_into_another_country_to_restore_its_order_are_aid() -> None:
    text = "Chile sent 2,000 soldiers to Bolivia to guard its airports."
    assert [(e.type, e.target and e.target.country) for e in run(text)] == [("AID", "BOL")]
    assert [e.type for e in run("Chile sent troops to the border to restore order.")] == ["MOBILIZE"]


def test_denouncing_a_deal_rejects_it_and_condemning_an_act_accuses() -> None:
    text = "The rebels denounced the agreement as a betrayal on Sunday."
    assert [e.type for e in run(text)] == ["REJECT"]
    assert [e.type for e in run("The minister condemned the attack on Sunday.")] == ["ACCUSE"]
    text = "Bolivia's foreign ministry said the award was null and void."
    assert [(e.type, e.source and e.source.country) for e in run(text)] == [("REJECT", "BOL")]


def test_a_charge_denied_by_a_named_official_in_apposition() -> None:
    text = "Peru blamed the Chilean navy for the sinking, an accusation the Chilean navy chief, Admiral Juan Soto, rejected."
    found = [(e.type, e.source and e.source.country) for e in run(text)]
    assert found == [("ACCUSE", "PER"), ("REJECT", "CHL")]


def test_a_flag_the_code_does_not_know_is_refused_with_the_table_and_the_row(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from storyline.knowledge import read_table

    lexicon_module = importlib.import_module("storyline.extract.lexicon")

    def with_typo(name: str) -> list[dict[str, str]]:
        rows = list(read_table(name))
        if name == "argument_types.tsv":
            rows[0] = {**rows[0], "flags": "reciever_subj"}
        return rows

    monkeypatch.setattr(lexicon_module, "read_table", with_typo)
    with pytest.raises(ValueError, match=r"argument_types.tsv: the row for .* unknown flags \['reciever_subj'\]"):
        lexicon_module.lexicon.__wrapped__()


def test_an_act_the_actor_says_it_will_not_do_is_a_refusal() -> None:
    assert [e.type for e in run("Tehran said it would not renegotiate the accord.")] == ["REJECT"]
    assert run("The firm said it would not comment.") == []


def test_harm_whose_clause_tells_the_attack_is_that_attack() -> None:
    events = run("Two guards were killed when gunmen stormed the depot.")
    assert [(e.type, e.trigger, e.source and e.source.text) for e in events] == [("ASSAULT", "stormed", "gunmen")]


def test_a_state_protesting_complains_and_a_crowd_demonstrates() -> None:
    events = run("Seoul protested to Tokyo on Friday.")
    assert [(e.type, e.target and e.target.country) for e in events] == [("ACCUSE", "JPN")]
    assert [e.type for e in run("Farmers protested against the levy.")] == ["PROTEST"]


def test_what_the_writer_says_will_be_done_is_planned_and_what_the_actor_says_a_pledge_or_threat() -> None:
    events = run("The government will confine residents to their homes from Friday.")
    assert [(e.type, e.modality) for e in events] == [("COERCE", "planned")]
    assert [e.type for e in run("The ministry said it would confine residents to their homes.")] == ["THREATEN"]


def test_a_pact_that_links_two_parties_takes_them_as_its_actors() -> None:
    events = run("A trade pact linking Chile with Peru came into force on Monday.")
    assert [(e.type, e.source and e.source.country, e.target and e.target.country) for e in events] == [
        ("COOPERATE", "CHL", "PER")
    ]


def test_alarm_at_an_act_is_disapproval_but_a_market_worry_is_not() -> None:
    assert [e.type for e in run("The ministry said it was alarmed by the arrests of its diplomats.")] == ["ACCUSE"]
    assert run("Traders were worried by the fall in prices.") == []


def test_admissions_joint_searches_links_arrivals_and_halted_cooperation() -> None:
    cases = {
        "The president admitted mistakes in the handling of the floods.": "CONCEDE",
        "Greek and Turkish coastguards mounted a joint search for the missing fishermen.": "COOPERATE",
        "Chile and Peru launched direct flights between their capitals.": "COOPERATE",
        "Kenya and Uganda connected their power grids on Monday.": "COOPERATE",
        "Russian reinforcements arrived in the port city on Monday.": "MOBILIZE",
        "Turkish relief convoys reached the flooded valley on Tuesday.": "AID",
        "The fund's board approved the release of $2 billion to Ghana.": "AID",
        "Parliament ratified the border treaty with Chile.": "AGREE",
        "Washington suspended joint exercises with the junta.": "SANCTION",
        "The bank put its lending to the country on hold.": "SANCTION",
        "Police carried off ballot boxes from the polling stations.": "COERCE",
        "The junta expelled Americans from the mining town.": "COERCE",
        "Medics treated hundreds of wounded civilians in Gaza.": "AID",
    }
    assert_one_each(cases)


def test_a_subject_the_parser_hangs_on_the_auxiliary_is_still_the_doer() -> None:
    events = run("Serbia had massed troops along the boundary.")
    assert [(e.type, e.source and e.source.country) for e in events] == [("MOBILIZE", "SRB")]


def test_a_border_closed_to_another_state_is_a_sanction_and_to_refugees_a_restriction() -> None:
    events = run("Bolivia shut its border with Chile.")
    assert [(e.type, e.mode, e.target and e.target.country) for e in events] == [("SANCTION", "discontinue", "CHL")]
    assert [e.type for e in run("Bolivia closed the border to Peruvian refugees.")] == ["COERCE"]


def test_recalled_diplomats_raised_alerts_and_ordered_ends_of_operations() -> None:
    cases = {
        "The ministry said it was flying its diplomats home.": "SANCTION",
        "Peru's army raised its alert level along the frontier.": "MOBILIZE",
        "The president ordered an end to the offensive in the north.": "RETREAT",
    }
    assert_one_each(cases)
    # the order of an operation is no end of one
    assert "RETREAT" not in [e.type for e in run("The general said he had ordered the operation.")]


def test_a_plural_noun_the_tagger_takes_for_a_verb_is_still_a_trigger() -> None:
    assert [e.type for e in run("Beijing conducted drills off its coast.")] == ["MOBILIZE"]  # "drills" as VBZ


def test_arms_purchases_stakes_medical_shipments_batteries_and_joint_patrols() -> None:
    cases = {
        "Peru bought Russian helicopters.": "COOPERATE",
        "The Qatari fund bought a stake in the Chilean port operator.": "COOPERATE",
        "Chile shipped masks and ventilators to Peru.": "AID",
        "Chile moved missile batteries to the northern border.": "MOBILIZE",
        "Chilean and Peruvian officers will jointly patrol the border.": "COOPERATE",
    }
    assert_one_each(cases)
    assert run("The company bought a new headquarters.") == []


def test_the_victims_of_harm_told_with_its_attack_go_to_the_attack_and_an_attack_without_doer_stays() -> None:
    events = run("Thirteen Chilean sailors were killed on Monday when gunmen attacked two cargo ships.")
    assert [(e.trigger, e.source and e.source.text, e.target and e.target.country) for e in events] == [
        ("attacked", "gunmen", "CHL")
    ]
    events = run("At least 25 people were killed on Wednesday when artillery shells struck the district.")
    assert [e.trigger for e in events] == ["killed"]  # the shells' strike names no doer: the killing is the event


def test_a_failure_told_beside_a_pledge_does_not_negate_it() -> None:
    text = "The minister said the world had failed the refugees and that Peru would continue to stand by them."
    assert [e.type for e in run(text)] == ["AGREE"]


def test_a_forecast_on_a_condition_in_the_writers_voice_is_hypothetical() -> None:
    events = run("The US will strike Syria again if its jets keep flying.")
    assert [(e.type, e.modality) for e in events] == [("ASSAULT", "hypothetical")]
    events = run("Washington said it would strike again if the jets kept flying.")
    assert [e.type for e in events] == ["THREATEN"]  # said by the actor: a conditional threat


def test_firing_staff_attacking_a_budget_and_support_in_polls_are_no_assault_or_support() -> None:
    assert run("The firm fired 2,000 workers.") == []
    assert [e.type for e in run("The militia fired rockets towards the airport.")] == ["ASSAULT"]
    assert [e.type for e in run("Gunmen fired dozens of rounds at the convoy.")] == ["ASSAULT"]
    assert [e.type for e in run("Lima's president fired his vice-president.")] == ["COERCE"]
    assert [e.type for e in run("The opposition attacked the budget as reckless.")] == ["ACCUSE"]
    assert run("Polls show strong support for the ruling party.") == []


def test_trade_bans_blacklists_handovers_of_power_truces_and_returned_bodies() -> None:
    cases = {
        "The EU imposed a ban on Russian oil imports.": "SANCTION",
        "Authorities imposed a ban on public gatherings.": "COERCE",
        "The US added 20 Chinese companies to its entity list.": "SANCTION",
        "The junta handed power to a civilian government.": "RETREAT",
        "The two sides observed a truce over the holiday.": "RETREAT",
        "Russia returned the bodies of 50 soldiers to Ukraine.": "RETREAT",
        "Dockworkers walked off the job in a dispute over pay.": "PROTEST",
        "Truckers blockaded the border crossing for a week.": "PROTEST",
    }
    assert_one_each(cases)


def test_a_release_promised_only_on_terms_is_a_demand_and_a_decision_is_a_pledge_or_the_measure() -> None:
    text = "The rebel leader said the soldiers would be returned only through a prisoner exchange."
    assert [e.type for e in run(text)] == ["REQUEST"]
    assert [e.type for e in run("The president said he had decided to hand over power.")] == ["AGREE"]
    text = "Finland's government decided to shut the last crossing on its border."
    assert [e.type for e in run(text)] == ["COERCE"]


def test_ultimatums_demands_told_verdicts_and_deals_inked() -> None:
    cases = {
        "The army gave the militants 48 hours to surrender.": "THREATEN",
        "Bolivia gave foreign energy companies 180 days to sign new contracts or leave the country.": "THREATEN",
        "The EU told Minsk to release political prisoners.": "REQUEST",
        "The court found Mladic guilty of genocide.": "SANCTION",
        "The two countries inked a deal to build a gas pipeline.": "AGREE",
        "Spain and Morocco initialled the accord in Rabat.": "AGREE",
    }
    assert_one_each(cases)
    assert run("The court gave the firm 30 days to appeal.") == []  # time granted as a right
    assert run("The minister told reporters that the talks had failed.") == []


def test_a_detention_ordered_internet_cut_and_accords_signed() -> None:
    cases = {
        "A judge ordered him held for seven days.": "COERCE",
        "Authorities cut internet access across the country on Wednesday.": "COERCE",
        "India signed the NASA-led Artemis Accords on space exploration.": "AGREE",
    }
    assert_one_each(cases)


def test_bases_lent_firms_selling_and_cargo_arriving() -> None:
    events = run("Oman let American warships use its port at Duqm.")
    assert [(e.type, e.target and e.target.country) for e in events] == [("COOPERATE", "USA")]
    assert [e.type for e in run("The government allowed protesters to use the square.")] == ["CONCEDE"]
    assert [e.type for e in run("Huawei will supply 5G equipment to the Kenyan operator.")] == ["COOPERATE"]
    assert run("The first cargo of American LNG arrived in Poland on Friday.") == []  # a visit needs a visitor
    assert [e.type for e in run("Blinken arrived in Riyadh on Monday.")] == ["CONSULT"]


def test_disasters_named_for_a_country_kill_no_one_and_things_pulled_out_are_no_withdrawal() -> None:
    assert run("Nigeria floods kill more than 600, displace 1.4 million") == []
    assert run("Rescuers had pulled out six bodies by Saturday.") == []
    assert [e.type for e in run("Western forces pulled out of the base.")] == ["RETREAT"]


def test_agreeing_to_let_others_act_is_the_agreement_and_agreeing_to_drop_claims_the_concession() -> None:
    text = "Iran has agreed to allow the International Atomic Energy Agency to reinstall cameras at two sites."
    assert [e.type for e in run(text)] == ["AGREE"]
    assert [e.type for e in run("The bloc agreed to lift the asset freeze.")] == ["CONCEDE"]


def test_trade_cargoes_protests_lodged_war_games_threats_and_refugees_let_in() -> None:
    cases = {
        "Officers seized four rifles, explosives and about 1.2 million rand in cash.": "COERCE",
        "Japan lodged a strong protest through diplomatic channels in Beijing.": "ACCUSE",
        "China wraps up three days of war games around Taiwan": "MOBILIZE",
        "Peskov said Western weapons would become legitimate targets for Russian forces.": "THREATEN",
        "Lawmakers voted 45 to 65 against a proposal to hold early elections.": "REJECT",
        "Protesters in Cusco lifted roadblocks on two main highways.": "RETREAT",
        "A vessel carrying 63,000 tonnes of Russian wheat docked at Egypt's Damietta port.": "COOPERATE",
        "Azerbaijan will ship about 8 billion cubic metres to Europe next year.": "COOPERATE",
        "Gunmen set fire to buses in two northern towns.": "ASSAULT",
        "Japan's air force landed a transport plane in Davao carrying tents and generators.": "AID",
        "China rolled over a $2 billion loan to Pakistan.": "AID",
        "Egypt and Chad have opened their frontiers to tens of thousands of refugees.": "AID",
        "Beijing hit back with provisional anti-dumping duties on brandy imported from Europe.": "SANCTION",
    }
    assert_one_each(cases)


def test_tolls_of_disasters_and_fighting_opening_a_sentence_are_no_acts() -> None:
    text = "Wildfires raging around the coastal city have killed at least 122 people, officials said on Monday."
    assert run(text) == []
    assert run("Fighting that erupted on April 15 has killed more than 600 people.") == []


def test_one_states_drills_near_a_border_are_not_joint() -> None:
    assert [e.type for e in run("Belarus began a week of military exercises near the Polish border.")] == ["MOBILIZE"]
    assert [e.type for e in run("Russia and China held joint naval drills in the Sea of Japan.")] == ["COOPERATE"]


def test_owning_up_to_a_wrong_is_a_concession_and_the_wrong_no_event() -> None:
    text = "Germany formally acknowledged that its colonial troops committed genocide against the Herero."
    assert [(e.type, e.source and e.source.country) for e in run(text)] == [("CONCEDE", "DEU")]
    assert [e.type for e in run("Meng admitted that she had misled the bank about the firm's business.")] == ["CONCEDE"]
    assert run("The minister acknowledged that the economy was slowing.") == []


def test_a_council_discussing_is_a_meeting() -> None:
    events = run("The UN Security Council is scheduled to discuss the launch on Thursday.")
    assert [(e.type, e.modality) for e in events] == [("CONSULT", "planned")]


def test_police_sent_abroad_to_confront_gangs_are_aid_and_police_arriving_at_home_no_event() -> None:
    assert [e.type for e in run("First Kenyan police officers land in Haiti to confront gangs")] == ["AID"]
    assert [e.type for e in run("Australian police officers arrived in Honiara to restore order.")] == ["AID"]
    assert run("Police officers arrived at the scene.") == []
    assert [e.type for e in run("About 150 Swedish soldiers arrived on the island on Wednesday.")] == ["MOBILIZE"]


def test_an_official_due_in_a_capital_is_a_planned_visit() -> None:
    events = run("Vice President Mike Pence is due in Bogota on Monday to plan the next steps with Colombia.")
    assert [(e.type, e.modality, e.source and e.source.country) for e in events] == [("CONSULT", "planned", "USA")]
    assert run("The payment is due in March.") == []


def test_disappointment_at_an_act_is_disapproval_and_bare_concern_is_not() -> None:
    assert [e.type for e in run("Australia said it was deeply disappointed by the pact.")] == ["ACCUSE"]
    assert run("The ministry said it was deeply concerned.") == []


def test_an_unattributed_attack_told_by_its_verb_and_a_handover_or_border_closure_as_nouns() -> None:
    assert [e.type for e in run("Air strikes pounded rebel positions overnight.")] == ["ASSAULT"]
    assert [e.type for e in run("The handover of the prisoners took place at the border on Sunday.")] == ["RETREAT"]
    events = run("The junta ordered the closure of the border with Benin.")
    assert [(e.type, e.target and e.target.country) for e in events] == [("SANCTION", "BEN")]
    assert run("Authorities ordered the closure of schools.") == []


def test_gangs_are_armed_groups_and_an_attack_ordered_or_helped_is_not_yet_made() -> None:
    assert [e.type for e in run("Masked gang members stormed a TV station in Guayaquil.")] == ["ASSAULT"]
    text = "President Noboa ordered the armed forces to neutralise 22 gangs."
    assert [e.type for e in run(text)] == ["MOBILIZE"]
    text = "Washington has given Honduras millions of dollars in aid to help its police fight drug gangs."
    assert "ASSAULT" not in [e.type for e in run(text)]


def test_workers_strikes_refugees_crossing_truck_bans_joint_manoeuvres_and_handovers() -> None:
    cases = {
        "French unions to stage rolling strikes over pension reform": "PROTEST",
        "Lithuania banned Belarusian-registered trucks from entering the country.": "SANCTION",
        "Cairo's navy will hold joint manoeuvres with the German fleet in May.": "COOPERATE",
        "Guatemala handed over an alleged cartel leader to US authorities on Wednesday.": "COOPERATE",
        "The ministry said it would continue to hunt down militants wherever they were.": "THREATEN",
        "The electoral commission admitted that tallying errors had occurred in two provinces.": "CONCEDE",
    }
    assert_one_each(cases)
    assert run("More than 15,000 people crossed into eastern Chad in the past week.") == []


def test_a_years_trade_told_as_a_figure_is_no_act_but_a_deal_term_or_a_sale_is() -> None:
    assert run("China exported $505 billion of goods to the United States last year.") == []
    assert run("Bolivia sells most of its output to Brazil and Argentina.") == []
    assert [e.type for e in run("Russia sold gas to China on Monday.")] == ["COOPERATE"]
    text = "Gazprom will ship at least 40 billion cubic metres a year through Ukraine from 2021."
    assert [e.type for e in run(text)] == ["COOPERATE"]
    assert "AID" not in [e.type for e in run("The ELN has long financed itself through extortion.")]


def test_what_an_actor_is_free_to_do_is_hypothetical_and_not_under_a_denial_it_is_joined_to() -> None:
    text = "The Kremlin denies any plan to invade and says it is free to move troops around its own territory."
    assert [(e.type, e.modality) for e in run(text)] == [("REJECT", "asserted"), ("MOBILIZE", "hypothetical")]


def test_expulsions_joint_forces_handed_captives_disarmament_monitors_and_massed_troops() -> None:
    cases = {
        "Moscow had already thrown out 23 British diplomats this month.": "SANCTION",
        "Russian units joined Belarusian forces on firing ranges near the border.": "COOPERATE",
        "Hamas handed the captured soldier to Egyptian mediators at the Rafah crossing.": "RETREAT",
        "Under the accord, Tehran will cut its stockpile of enriched uranium by 98 percent.": "RETREAT",
        "The European Union said it was ready to send monitors to the region.": "AGREE",
        "Western officials say Moscow has assembled well over 100,000 soldiers around Ukraine.": "MOBILIZE",
        "Russia has poured thousands of extra troops into Crimea since late February.": "MOBILIZE",
        "The European Union mobilised search-and-rescue teams from 19 member states for Turkey.": "AID",
        "Merkel and Medvedev open Baltic gas pipeline linking Russia to Germany": "COOPERATE",
        "Hundreds of trade unionists rallied outside the cathedral against the bailout.": "PROTEST",
        "Afghan President Ashraf Ghani said he would not commit to freeing 5,000 Taliban prisoners.": "REJECT",
        "Ukraine vowed never to accept the Crimea vote.": "REJECT",
        "China's envoy said Beijing would not take part in cargo inspections.": "REJECT",
    }
    assert_one_each(cases)
    assert [e.type for e in run("The militia vowed to avenge its commander.")] == ["THREATEN"]


def test_tariffs_taking_effect_and_foreign_officials_ordered_to_leave() -> None:
    events = run("US tariffs on China take effect.")
    assert [(e.type, e.source and e.source.country, e.target and e.target.country) for e in events] == [
        ("SANCTION", "USA", "CHN")
    ]
    text = "The United States ordered 48 Russian officials at the embassy in Washington to leave."
    assert [e.type for e in run(text)] == ["SANCTION"]


def test_gas_pumped_to_a_neighbour_arms_sales_approved_and_suspects_handed_to_foreign_authorities() -> None:
    cases = {
        "Gazprom began pumping natural gas to China through the Power of Siberia pipeline.": "COOPERATE",
        "The administration approved the sale of $6.4 billion worth of weapons to Taiwan.": "COOPERATE",
        "Mexico handed Joaquin Guzman over to US authorities on Thursday.": "COOPERATE",
        "Guzman pleaded not guilty to all 17 counts.": "REJECT",
    }
    assert_one_each(cases)
    assert run("Venezuela pumps about 800,000 barrels of oil a day.") == []


def test_naming_an_act_well_is_no_accusation_and_a_video_link_is_a_call() -> None:
    text = "Putin held a video link with Xi Jinping, calling the project a truly historic event."
    assert [e.type for e in run(text)] == ["CONSULT"]
    text = "Netanyahu called the deal a historic mistake."
    assert [e.type for e in run(text)] == ["ACCUSE"]
    assert [e.type for e in run("Iran has flown planeloads of fruit and vegetables to Doha.")] == ["AID"]


def test_wanting_guarantees_or_troops_out_is_a_demand() -> None:
    text = "The Kremlin says it wants legally binding guarantees that NATO will not expand further east."
    assert [e.type for e in run(text)] == ["REQUEST"]
    assert [e.type for e in run("The government wants an apology from Tokyo.")] == ["REQUEST"]
    assert run("Russia wants more troops in Syria.") == []
