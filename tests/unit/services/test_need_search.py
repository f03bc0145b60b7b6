"""A term question that asks to get something done is followed by services for that need, and the evaluation
counts the service list a term answer shows."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from actions.core import ActionFallback
from actions.terms import ActionAnswerTerm
from bot.evaluation import Case, judge_reply
from services_catalog.cards import ProfileCard, ServiceItem, ServiceListCard, TermCard
from services_catalog.needs import (
    about_catalogue_things,
    asks_for_service,
    asks_what_it_costs,
    asks_what_or_who,
    asks_where_to_turn,
    asks_whether_or_how,
    leaves_a_need,
    names_catalogue_things,
    reports_a_problem,
    tells_a_situation,
)
from services_catalog.statements import read_statements
from tests.conftest import make_tracker, run_action

PENSION_SERVICES = "eläke"


@pytest.mark.parametrize("text", [
    "ajokortti pitää uusia", "hukkasin ajokorttini", "tarvitsen verokortin kesätyöhön", "opintotuen hakeminen",
    "mistä saan opiskelija-asunnon", "miten haetaan eläkettä", "renew my driving licence",
    "how do I apply for a pension", "förnya körkort", "jag behöver ett skattekort", "minulla on astma",
    "I've been diagnosed with epilepsy", "jag lider av migrän", "isäni ei enää pärjää kotona",
    "äitini kuoli viime viikolla", "my father died", "pyöräni varastettiin", "my bike was stolen",
    "masentaa koko ajan", "I feel depressed all the time",
    # hardships described instead of a service named
    "puoliso uhkailee minua", "velat on kasvanut liian suuriksi", "meidät häädettiin", "naapuri metelöi öisin",
    "han slår mig", "vi ska skilja oss", "we are being evicted", "my son is bullied at school",
])
def test_need_phrasings_are_read_as_needs(text: str) -> None:
    assert asks_for_service(text)


@pytest.mark.parametrize("text", [
    "mikä on kela", "what is Föli", "vad är FPA", "tax card", "mikä on ateriatki", "kirjastot Turussa",
    "paljonko opintorahaa maksetaan kuukaudessa", "haluan tietää mikä on potkulauta", "I want to know what Kela is",
    "jag vill veta vad FPA är", "minulla on kysymys", "I have a question about Föli",
])
def test_questions_about_what_a_thing_is_are_not_needs(text: str) -> None:
    assert not asks_for_service(text)


@pytest.mark.parametrize(("text", "where"), [
    ("mistä voin saada apua velkoihin", True), ("kenelle ilmoitan muutosta", True), ("mihin voin viedä romut", True),
    ("var kan man slänga en soffa", True), ("vart ska vi vända oss", True), ("vem kan hjälpa mig med ansökan", True),
    ("where can we get a parking permit", True), ("who can help with my rent", True),
    ("vägen har inte sandats, vem ska vi kontakta?", True), ("who do I call about a broken bench", True),
    ("the lights are out on our street, who should I contact?", True), ("mihin ilmotan rikkinäisestä penkistä", True),
    ("who should I vote for", False), ("vem är du", False), ("where is the toilet", False), ("mikä on Föli", False),
    ("vem ska jag rösta på", False), ("I asked who can help, and they said Kela", False),
])
def test_asking_where_to_turn_is_a_need_and_not_a_question_of_what_or_who(text: str, where: bool) -> None:
    assert asks_where_to_turn(text) is where
    if where:
        assert asks_for_service(text) and not asks_what_or_who(text)


@pytest.mark.parametrize(("text", "cost"), [
    ("vad kostar en busskort för pensionärer?", True), ("how much does a library card cost", True),
    ("what does the summer camp cost", True), ("paljonko maksaa kuntosalikortti", True),
    ("what are the fees for day care", True), ("tennis, how much is it per hour?", True),
    ("paljonko opintorahaa maksetaan kuukaudessa", False), ("what is Föli", False), ("vad är FPA", False),
    ("how much snow fell", False),
])
def test_asking_what_something_costs_is_a_need_and_not_a_definition_question(text: str, cost: bool) -> None:
    assert asks_what_it_costs(text) is cost
    assert asks_for_service(text) is cost
    if text.split()[0] in ("vad", "what"):
        assert asks_what_or_who(text) is not cost


@pytest.mark.parametrize(("text", "need"), [
    ("olen eläkeläinen ja asun Salossa", False),
    ("oon 15 ja käyn koulua Kouvolassa", False),  # the school is part of who the user is
    ("I'm a nurse living in Espoo", False),
    ("olen työtön ja etsin kursseja", True),
    ("asun Lahdessa, kotihoito", True),
    ("jäin työttömäksi ja asun Porissa", True),  # losing a job is a need in itself
    # a birth among other facts is one more fact (only losing a job is a need in itself); told alone, it is the need
    ("we just had a baby and live in Vantaa", False),
    ("we just had a baby", True),
    ("I'm a student in Turku looking for a flat", True),
    ("olen opiskelija, mikä on asumislisä?", True),
    ("mä asun Kotkassa ja tarviin hammaslääkärin", True),
    ("kaipaan seuraa iltaisin, olen 80-vuotias", True),  # what the writer does or feels is a need no need word names
    ("I'm retired and I miss having company", True),
    ("jag bor i Esbo sedan i våras", False),  # "i": the Swedish "in", not the English "I"
    # a question after the facts, although the rest that is searched has lost its punctuation
    ("asun Kuopiossa ja olen työtön, onko mitään kursseja?", True),
    ("I'm a pensioner in Pori and feel lonely, who could I call", True),
    ("olen opiskelija?", False),  # the question mark is part of the statement
    # words the catalogue knows only inside a longer lexicon phrase ("right-of-occupancy") name nothing alone
    ("I'm a retired teacher from Kotka", False),
    ("I'm out of work at the moment", False),
])
def test_what_is_left_of_a_statement_is_searched_only_when_it_asks_for_something(text: str, need: bool) -> None:
    said = read_statements(text)
    assert said.found
    assert leaves_a_need(text, said) is need


@pytest.mark.parametrize(("text", "names_things"), [
    ("työttömyyskorvaus", True), ("museoita Turussa", True), ("muutto toiselle paikkakunnalle", True),
    ("how to vote in elections", True), ("tandläkare", True),
    ("sataako viikonloppuna", False), ("kerro vitsi", False), ("mikä on potkulauta", False),
    ("what is the capital of Canada", False), ("translate hello to japanese", False),
    ("hammaslääkäri uimahalli kirjasto museo neuvola", False),  # a sentence's length is no search box
])
def test_a_few_catalogue_words_read_as_a_search(text: str, names_things: bool) -> None:
    assert names_catalogue_things(text) is names_things


def selected(term_id: str) -> dict:
    return {"term": {"response": {"intent_response_key": f"term/{term_id}", "confidence": 0.9}}}


def test_a_need_routed_to_a_term_gets_the_definition_then_services_for_the_need(
        catalogue_api: str, settings: Callable) -> None:
    settings(api_url=catalogue_api)
    tracker = make_tracker("miten haen eläkettä kelasta", response_selector=selected("kela"))
    messages, slots, _ = run_action(ActionAnswerTerm(), tracker)
    assert [m["custom"]["type"] for m in messages] == ["term", "service_list"]
    assert messages[0]["custom"]["id"] == "kela"
    names = " ".join(i["name"].lower() for i in messages[1]["custom"]["items"])
    assert PENSION_SERVICES in names  # found for the need, not Kela's student services linked in the table
    assert slots["service_query"] == "miten haen eläkettä kelasta"  # "show more" continues this search
    plain, _, _ = run_action(ActionAnswerTerm(), make_tracker("mikä on kela", response_selector=selected("kela")))
    linked = [i["id"] for i in plain[1]["custom"]["items"]]
    assert "e0556386-0ffa-40f2-98aa-770b42dd792a" in linked  # without a need: the term's own related services


def wire(*cards: object) -> list[dict]:
    return [{"text": "x", "custom": card.dict()} for card in cards]


def test_a_service_need_is_met_by_the_list_after_a_term_card_and_the_first_card_verdict_is_kept() -> None:
    case = Case(text="tax card", expect={"type": "service_list", "ids": ["s1"]}, lang="en")
    term = TermCard(id="verokortti", title="Tax card", text="…", lang="en")
    hit = ServiceListCard(lang="en", items=[ServiceItem(id="s1", name="Tax card")], total=1)
    miss = ServiceListCard(lang="en", items=[ServiceItem(id="s2", name="Other")], total=1)
    outcome = judge_reply(case, wire(term, hit))
    assert outcome.ok and not outcome.first_card_ok
    assert not judge_reply(case, wire(term, miss)).ok
    assert judge_reply(case, wire(hit)).first_card_ok
    # a term expectation is judged on the first card only: a term listed after services does not count
    term_case = Case(text="tax card", expect={"type": "term", "id": "verokortti"}, lang="en")
    assert not judge_reply(term_case, wire(hit, term)).ok and judge_reply(term_case, wire(term, hit)).ok
    # what the bot noted of a life change, then the services for it: the need is met, the statement too
    noted = ProfileCard(lang="en", municipality="Vaasa", groups=[])
    assert judge_reply(case, wire(noted, hit)).ok and not judge_reply(case, wire(noted, hit)).first_card_ok
    statement = Case(text="moving to Vaasa", expect={"type": "profile", "profile": {"municipality": "Vaasa"}},
                     lang="en")
    assert judge_reply(statement, wire(noted, hit)).ok and not judge_reply(statement, wire(hit, noted)).ok


def fallback(text: str) -> tuple[list[dict], dict, list[dict]]:
    return run_action(ActionFallback(), make_tracker(text, intent="out_of_scope", confidence=0.9))


def test_a_need_the_router_put_out_of_scope_still_gets_services(catalogue_api: str, settings: Callable) -> None:
    settings(api_url=catalogue_api)
    messages, slots, _ = fallback("haluan hakea kaupungin kesätyöharjoitteluun")
    assert messages[0]["custom"]["type"] == "service_list" and messages[0]["custom"]["items"]
    assert slots["service_query"] == "haluan hakea kaupungin kesätyöharjoitteluun"
    assert fallback("työttömyyskorvaus")[0][0]["custom"]["type"] == "service_list"
    for question in ("tell me a joke", "haluan tietää mikä on potkulauta", "who should I vote for",
                     "sataako viikonloppuna", "kuka kuoli eilen"):
        assert fallback(question)[0][0]["custom"]["type"] == "fallback", question


def test_a_statement_the_router_put_out_of_scope_is_taken_in(catalogue_api: str, settings: Callable) -> None:
    settings(api_url=catalogue_api)
    messages, slots, _ = fallback("olen maahanmuuttaja Syyriasta")
    assert messages[0]["custom"]["type"] == "profile" and slots["user_groups"] == ["immigrant"]
    # an event that is itself the need: the search runs next, in the same action, and keeps the fact
    messages, slots, events = fallback("I lost my job")
    assert messages[0]["custom"]["type"] == "service_list" and slots["user_groups"] == ["unemployed"]
    assert all(e["event"] != "followup" for e in events)


def off_topic(term_id: str) -> dict:
    """The term selector's pick for a question that shares no topic word with it ("mikä on kimppakyyti")."""
    return {"term": {"response": {"intent_response_key": f"term/{term_id}", "confidence": 0.3,
                                  "shares_topic": False}}}


def test_a_term_question_about_no_term_reaches_the_fallback_or_a_search(catalogue_api: str,
                                                                        settings: Callable) -> None:
    settings(api_url=catalogue_api)
    unknown = make_tracker("olen opiskelija, mikä on potkulauta?", response_selector=off_topic("kela"))
    assert run_action(ActionAnswerTerm(), unknown)[0][0]["custom"]["type"] == "fallback"
    need = make_tracker("työttömyyskorvaus", response_selector=off_topic("kela"))
    assert run_action(ActionAnswerTerm(), need)[0][0]["custom"]["type"] == "service_list"


# Written after the fourth blind service set: needs told as a story, with no need word and no question.
@pytest.mark.parametrize(("text", "situation", "story"), [
    ("kävelytiellä on syvä kuoppa ja kaaduin siihen eilen illalla", True, True),
    ("my neighbour's dog barks all night and my kids cannot sleep at all", True, True),
    ("vår granne eldar sopor på gården och det luktar hemskt hos oss", True, True),
    ("my dad lives alone and where can I find help for him now", True, False),  # a question: not a story
    ("olen opiskelija, mikä on opintotuki?", False, False),  # asks what something is
    ("I like pizza", False, False),  # too short to be a situation
    ("Vantaa has lovely parks and nice libraries in the summertime", False, False),  # about no one
])
def test_a_situation_told_as_a_story_is_a_need(text: str, situation: bool, story: bool) -> None:
    assert tells_a_situation(text) == situation
    assert tells_a_situation(text, story_only=True) == story


def test_a_story_the_router_could_not_place_gets_services(catalogue_api: str, settings: Callable) -> None:
    settings(api_url=catalogue_api)
    messages, slots, _ = fallback("meidän talon edessä on ollut romuauto kuukausia ja kukaan ei tee mitään")
    assert messages[0]["custom"]["type"] == "service_list" and messages[0]["custom"]["items"]
    assert fallback("I like pizza a lot")[0][0]["custom"]["type"] == "fallback"


@pytest.mark.parametrize(("text", "at_a_loss"), [
    ("we moved here with the kids and don't know where to start", True),
    ("poika ei käy koulussa enkä tiedä yhtään mitä tehdä", True),
    ("pappa glömmer allt och vi vet inte vad vi ska göra", True),
    ("I know what to do now, thanks", False),
    ("tiedän mitä teen", False),
])
def test_being_at_a_loss_asks_where_to_turn(text: str, at_a_loss: bool) -> None:
    assert asks_for_service(text) == at_a_loss


def test_a_question_routed_to_a_term_that_asks_more_than_its_name_gets_services_for_it(
        catalogue_api: str, settings: Callable) -> None:
    settings(api_url=catalogue_api)
    question = "saako kelasta eläkettä jos asuu ulkomailla?"  # a yes/no question, no need verb
    messages, slots, _ = run_action(ActionAnswerTerm(), make_tracker(question, response_selector=selected("kela")))
    assert [m["custom"]["type"] for m in messages] == ["term", "service_list"]
    assert slots["service_query"] == question.rstrip("?")
    what_is = make_tracker("mikä on kela?", response_selector=selected("kela"))
    _, plain_slots, _ = run_action(ActionAnswerTerm(), what_is)
    assert "service_query" not in plain_slots  # a what-is question keeps the term's related services


@pytest.mark.parametrize("text", ["what benefits can I get", "mitä tukia voisin hakea", "vilka stöd kan jag få",
                                  "vart vänder jag mig"])
def test_asking_which_services_there_are_is_a_need_not_a_definition_question(text: str) -> None:
    assert asks_for_service(text) and not asks_what_or_who(text)


@pytest.mark.parametrize(("text", "report"), [
    ("katuvalo ei toimi Hirvensalossa", True), ("Kupittaan puistossa keinu rikki", True),
    ("meidän kadun kävelytie on ollu jäässä viikon eikä kukaan oo hiekottanu", True),
    ("gatlyktan utanför vår port har varit släckt i över en vecka", True), ("soptunnans lock är trasigt", True),
    ("the ski tracks in the park haven't been made", True), ("the swing in the playground is broken", True),
    # a complaint about the bot, and chat
    ("tää botti ei toimi", False), ("you don't work", False), ("my cat is so lazy lol", False),
])
def test_a_report_of_something_broken_is_a_need(text: str, report: bool) -> None:
    assert reports_a_problem(text) == report


@pytest.mark.parametrize(("text", "about"), [
    ("pitääkö takan piippu putsauttaa joka vuosi vai riittääkö harvemmin", True),
    ("thinking about starting a food truck next summer", True),
    # trivia and chat use words the catalogue knows one by one, but name none of its concepts
    ("sataako viikonloppuna", False), ("how far away is the moon", False), ("paljonko kello on new yorkissa", False),
    ("mun kissa nukkuu koko päivän lol", False), ("suositteletko jotain hyvää leffaa", False),
])
def test_a_sentence_about_catalogue_things_is_told_from_trivia_and_chat(text: str, about: bool) -> None:
    assert about_catalogue_things(text) == about


@pytest.mark.parametrize("text", [
    "mitä pitäis tehdä kun mummo ei enää pärjää yksin kotona", "mitä teen kun lompakko varastettiin",
    "what should I do if my neighbour can't handle her money", "vad ska jag göra om hyresvärden inte svarar",
    "Var kan vår förening hyra en lokal?", "mistä vois lainata telttaa",
    # retiring soon is applying for a pension
    "retiring next spring", "jään eläkkeelle ensi keväänä", "jag går i pension nästa år",
])
def test_asking_what_to_do_or_where_is_a_need_not_a_definition_question(text: str) -> None:
    assert asks_for_service(text) and not asks_what_or_who(text)


def test_the_fallback_searches_reports_and_catalogue_questions_but_not_chat(catalogue_api: str,
                                                                         settings: Callable) -> None:
    settings(api_url=catalogue_api)
    for need in ("katuvalo ei toimi meidän kadulla", "pitääkö takan piippu putsauttaa joka vuosi",
                 "my cat is really sick and it's sunday night"):
        assert fallback(need)[0][0]["custom"]["type"] == "service_list", need
    for chat in ("mun kissa nukkuu koko päivän lol", "how far away is the moon", "sataako viikonloppuna"):
        assert fallback(chat)[0][0]["custom"]["type"] == "fallback", chat


@pytest.mark.parametrize(("text", "asks"), [
    ("Onko täällä uimahallia?", True),
    ("finns det sommarjobb för unga här i stan?", True),
    ("Miten lapsi ilmoitetaan kouluun?", True),
    ("onko huomenna sadetta", False),  # no "here": the weather is nothing to be had
    ("miten menee?", False),
])
def test_the_fallback_asks_whether_a_thing_is_here_or_how_it_is_done(text: str, asks: bool) -> None:
    assert asks_whether_or_how(text) is asks
