"""Statements about oneself: facts read from Finnish (any case form), Swedish and English; the rest is the need."""

from __future__ import annotations

import pytest

from services_catalog.answers.profile import Profile
from services_catalog.needs import leaves_a_need, tells_a_life_change
from services_catalog.statements import municipalities, only_statements, read_statements, rest_of

# Finnish locatives people use with the catalogue's municipalities, written out here (not generated), so that
# the test does not share the code under test.
LIVE_IN = {"Helsinki": "Helsingissä", "Espoo": "Espoossa", "Vantaa": "Vantaalla", "Tampere": "Tampereella",
           "Turku": "Turussa", "Oulu": "Oulussa", "Mikkeli": "Mikkelissä", "Liperi": "Liperissä",
           "Tohmajärvi": "Tohmajärvellä"}
# Beyond the catalogue's service areas: people live in all of Finland's municipalities.
LIVE_IN |= {"Jyväskylä": "Jyväskylässä", "Lahti": "Lahdessa", "Rovaniemi": "Rovaniemellä", "Seinäjoki": "Seinäjoella",
            "Hämeenlinna": "Hämeenlinnassa", "Kirkkonummi": "Kirkkonummella", "Pori": "Porissa",
            "Kajaani": "Kajaanissa", "Maarianhamina": "Maarianhaminassa", "Ii": "Iissä"}
SWEDISH = {"Helsinki": "Helsingfors", "Espoo": "Esbo", "Vantaa": "Vanda", "Tampere": "Tammerfors", "Turku": "Åbo",
           "Oulu": "Uleåborg", "Mikkeli": "S:t Michel", "Porvoo": "Borgå", "Pietarsaari": "Jakobstad",
           "Lappeenranta": "Villmanstrand", "Vaasa": "Vasa"}


def test_every_municipality_of_finland_is_known_and_read_in_its_finnish_locative():
    names = {m.name_fi for m in municipalities()}
    assert len(names) == 309 and set(LIVE_IN) <= names
    assert {m.code for m in municipalities() if m.name_fi == "Tohmajärvi"} == {"848"}
    for name, locative in LIVE_IN.items():
        said = read_statements(f"asun {locative}")
        assert said.municipality == name and only_statements(f"asun {locative}", said), locative


@pytest.mark.parametrize(("name", "swedish"), sorted(SWEDISH.items()))
def test_swedish_and_english_names_give_the_finnish_name(name, swedish):
    assert read_statements(f"jag bor i {swedish}").municipality == name
    assert read_statements(f"I live in {name}").municipality == name


@pytest.mark.parametrize(("text", "municipality", "groups", "only"), [
    ("asun Porissa ja tarvitsen hammaslääkärin", "Pori", set(), False),
    ("olen opiskelija Jyväskylässä", "Jyväskylä", {"student"}, True),
    ("olen 70-vuotias eläkeläinen Lahdesta", "Lahti", {"retired", "senior"}, True),
    ("olemme lapsiperhe Kirkkonummelta", "Kirkkonummi", {"family"}, True),
    ("olen kotoisin Savonlinnasta", "Savonlinna", set(), True),
    ("asuinkuntani on Rovaniemi", "Rovaniemi", set(), True),
    ("mun kotikunta on Raisio", "Raisio", set(), True),
    ("meidän kotipaikka on Ii", "Ii", set(), True),
    ("asustelen Naantalissa", "Naantali", set(), True),
    ("asun Espoon Leppävaarassa", "Espoo", set(), True),
    ("opiskelen Turun yliopistossa", "Turku", {"student"}, True),
    ("muutin Suomeen Syyriasta", None, {"immigrant"}, True),
    ("olen maahanmuuttaja Syyriasta", None, {"immigrant"}, True),
    ("asun Rovaniemellä ja opiskelen Lapin yliopistossa", "Rovaniemi", {"student"}, True),
    ("oon ollu työttömänä puol vuotta", None, {"unemployed"}, True),
    ("jag har flyttat till Finland från Sverige", None, {"immigrant"}, True),
    ("olen opiskelija ja tarvitsen kaksi asuntoa", None, {"student"}, False),
    ("olen pitkäaikaistyötön", None, {"unemployed"}, True),
    ("olen kotiäiti", None, {"family"}, True),
    ("olen raskaana", None, {"family"}, False),  # the pregnancy is what the services are for
    ("olen isoäiti", None, set(), False),
    ("vi bor i Karleby med våra barn", "Kokkola", {"family"}, True),
    ("jag bor i Vasa och är student", "Vaasa", {"student"}, True),
    ("jag är över 70 år", None, {"senior"}, True),
    ("I'm from Tampere", "Tampere", set(), True),
    ("I'm a refugee from Ukraine", None, {"immigrant"}, True),
    ("we live in Porvoo with two kids", "Porvoo", {"family"}, True),
    ("we have a newborn baby", None, {"family"}, True),
    ("vi fick en nyfödd bebis", None, {"family"}, False),  # a birth is an event with needs of its own
    ("I'm a stay-at-home dad", None, {"family"}, True),
    ("I live in Lahti and need a dentist", "Lahti", set(), False),
])
def test_facts_in_any_municipality_and_phrasing(text: str, municipality: str | None, groups: set[str],
                                                only: bool) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups), only_statements(text, said)) == (municipality, groups, only)


@pytest.mark.parametrize(("text", "groups"), [
    ("olen opiskelija", {"student"}),
    ("mä oon eläkkeellä", {"retired"}),
    ("olen 72-vuotias", {"senior"}),
    ("olen 16", {"youth"}),
    ("meillä on kaksi pientä lasta", {"family"}),
    ("olen työtön", {"unemployed"}),
    ("muutin Suomeen viime vuonna", {"immigrant"}),
    ("olen 68-vuotias eläkeläinen", {"senior", "retired"}),
    ("jag är pensionär", {"retired"}),
    ("vi har två små barn", {"family"}),
    ("I'm an immigrant", {"immigrant"}),
    ("I am 15 years old", {"youth"}),
    ("we're a family with two toddlers", {"family"}),
])
def test_pure_statements_give_their_groups_and_nothing_else(text, groups):
    said = read_statements(text)
    assert set(said.groups) == groups and said.municipality is None
    assert only_statements(text, said)


def test_a_statement_beside_a_need_leaves_the_need():
    said = read_statements("Asun Oulussa ja jäin työttömäksi")
    assert said.municipality == "Oulu" and said.groups == ("unemployed",)
    # losing one's job is itself the need: it stays in the query, the home town does not
    assert rest_of("Asun Oulussa ja jäin työttömäksi", said) == "jäin työttömäksi"
    assert not only_statements("Asun Oulussa ja jäin työttömäksi", said)
    assert rest_of("olen opiskelija ja tarvitsen asunnon", read_statements("olen opiskelija ja tarvitsen asunnon")) \
        == "tarvitsen asunnon"


def test_negation_drops_a_group_instead_of_adding_it():
    for text in ("en ole enää opiskelija", "I'm no longer a student", "jag är inte längre studerande"):
        said = read_statements(text)
        assert said.dropped == ("student",) and not said.groups, text


@pytest.mark.parametrize("text", ["mikä on Kela", "haluan opiskella suomea", "asun yksin",
                                  "paljonko puita on Kalliossa", "mitä tiedät minusta", "Tampereen ratikka"])
def test_questions_are_not_statements(text):
    assert not only_statements(text)
    assert read_statements(text).municipality is None


# Written after a blind dev set (tests/eval/dev_profile_blind.yml) showed which kinds of phrasing the reader missed;
# these are other sentences of the same kinds.
@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("me asutaan Kotkassa kolmen lapsen kanssa", "Kotka", {"family"}),  # with the children
    ("pääsin eläkkeelle syksyllä", None, {"retired"}),
    ("kotikunta on Ii", "Ii", set()),  # a home word without "my"
    ("oon 17 ja käyn lukiota Lahdessa", "Lahti", {"youth", "student"}),  # a town beside facts
    ("olen yläasteella Raisiossa", "Raisio", {"youth"}),
    ("muutin Joensuuhun opiskelemaan", "Joensuu", {"student"}),
    ("asun Hesassa", "Helsinki", set()),  # spoken name of the city
    ("olen eläkkeellä oleva 81-vuotias leski Kuopiosta", "Kuopio", {"retired", "senior"}),
    ("asun lahdessa ja olen elakkeella", "Lahti", {"retired"}),  # no ä on the keyboard
    ("olen opiskeljia Porista", "Pori", {"student"}),  # two letters swapped
    ("oon kortistossa", None, {"unemployed"}),
    ("oon kotoisin Puolasta", None, {"immigrant"}),
    ("jag bor i Åbo och studerar på distans", "Turku", {"student"}),
    ("jag har bott i Esbo i fem år", "Espoo", set()),
    ("jag är arbetssökande i Vasa", "Vaasa", {"unemployed"}),
    ("pensionär i Kotka, 71 år", "Kotka", {"retired", "senior"}),
    ("ja e studerande o bor i Borgå", "Porvoo", {"student"}),
    ("jag är permitterad", None, {"unemployed"}),
    ("I'm a single mum in Lahti", "Lahti", {"family"}),
    ("im a pensioner from Oulu", "Oulu", {"retired"}),
    ("I'm a 16-year-old pupil in Espoo", "Espoo", {"youth"}),
    ("I'm 68, retired, and live in Pori", "Pori", {"senior", "retired"}),
    ("I'm a teacher and a foreigner, living in Turku", "Turku", {"immigrant"}),
    ("just moved to Lahti", "Lahti", set()),
])
def test_facts_in_the_phrasings_a_blind_dev_set_found(text: str, municipality: str | None, groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


@pytest.mark.parametrize("text", [
    "student housing", "what is a senior citizen card", "I'm looking for student housing", "I am 15 years old",
    "kela meal subsidy for university students", "who should I vote for",
])
def test_a_topic_is_not_a_fact_about_the_writer(text: str) -> None:
    said = read_statements(text)
    assert not said.groups or set(said.groups) == {"youth"} and "15" in text


# Written after a second blind dev set (tests/eval/dev_profile_blind2.yml); other sentences of the same kinds.
@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("jäin viime kuussa työttömäks", None, {"unemployed"}),  # spoken Finnish drops the -i of -ksi
    ("asun Poris", "Pori", set()),  # ... and the -sa of -ssa
    ("oon eläkkeel", None, {"retired"}),
    ("vi bor i Kotka och har två barn", "Kotka", {"family"}),  # no subject after "och"
    ("har flyttat till Finland i våras", None, {"immigrant"}),
    ("moved to Finland last year and live in Espoo", "Espoo", {"immigrant"}),  # no subject at the start
    ("Lahti is where we live", "Lahti", set()),  # the place first
    ("Borgå är där jag bor", "Porvoo", set()),
    ("som pensionär i Vasa undrar jag om färdtjänst", "Vaasa", {"retired"}),  # "as a ..."
    ("as a student in Oulu, where do I find a dentist", "Oulu", {"student"}),
])
def test_facts_in_the_phrasings_a_second_blind_set_found(text: str, municipality: str | None,
                                                         groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


def test_the_noun_after_a_group_word_is_part_of_the_statement() -> None:
    for text in ("jag är en äldre människa", "I'm a retired guy"):
        assert only_statements(text), text


# Written after the fourth blind service set (tests/eval/dev_services_blind4.yml); other sentences of the same kinds.
@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("we immigrated to Kuopio two years ago", "Kuopio", {"immigrant"}),
    ("vi invandrade till Vasa", "Vaasa", {"immigrant"}),
    ("asun Lahden Laune-alueella", "Lahti", set()),  # a district Voikko does not know, after the town's genitive
    ("mä asustelen Oulun Tuirassa", "Oulu", set()),
    ("bosatt i Jakobstad", "Pietarsaari", set()),
    ("we settled in Joensuu last spring", "Joensuu", set()),
    ("been out of work since March", None, {"unemployed"}),
    ("we live in Kotka and just had a baby", "Kotka", {"family"}),
    ("my 17 year old skips school", None, {"family"}),  # the child's age, not the writer's
    ("meidän perhe asuu Kuopiossa", "Kuopio", set()),  # the writer's family's home
    ("hemma hos oss i Borgå", "Porvoo", set()),
    ("vi har ett radhus i Esbo", "Espoo", set()),
    ("our house is over in Vantaa", "Vantaa", set()),
])
def test_facts_in_the_phrasings_a_fourth_blind_set_found(text: str, municipality: str | None,
                                                         groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


@pytest.mark.parametrize(("text", "rest"), [
    ("muutin Suomeen vuosi sitten, asun Lahdessa. mistä saan suomen kurssin?", "mistä saan suomen kurssin"),
    ("I have been unemployed for a year, what courses are there", "what courses are there"),
    ("asun Mikkelissä ja tarvisin hammaslääkärin ajan", "tarvisin hammaslääkärin ajan"),  # "ajan" is the need's
])
def test_when_a_fact_was_true_is_not_searched_with_the_need(text: str, rest: str) -> None:
    assert rest_of(text, read_statements(text)) == rest


@pytest.mark.parametrize("text", ["jag har varit arbetslös ett halvår", "muutin Oulusta Kuopioon viime kuussa",
                                  "olen 72-vuotias leski ja asun Kuopiossa", "meidän perhe asuu Oulussa"])
def test_a_time_phrase_leaves_only_a_statement(text: str) -> None:
    assert only_statements(text), text


def test_someone_elses_home_is_not_the_writers() -> None:
    assert read_statements("mun äiti asuu Oulussa").municipality is None


@pytest.mark.parametrize(("text", "municipality", "groups", "rest"), [
    # ages in words
    ("oon seittemäntoista ja asun Lahdes", "Lahti", {"youth"}, ""),
    ("Kasvoin Raahessa, mutta nykyään asun Mikkelissä. Täytin juuri seitsemänkymmentäkaksi.", "Mikkeli", {"senior"},
     None),
    ("im fifteen and live in kuopio", "Kuopio", {"youth"}, ""),
    ("My husband and I are both seventy-three and we live in Åbo", "Turku", {"senior"}, None),
    ("ja e 16 o bor i jakobstad", "Pietarsaari", {"youth"}, None),
    # a duration is no age; the perfect tense of living is living
    ("olen asunut Oulussa 20 vuotta", "Oulu", set(), None),
    ("olemme asuneet Turussa kymmenen vuotta", "Turku", set(), None),
    # one letter wrong, missing, extra or swapped
    ("asun vantaal ja oon opiskelia amk:ssa", "Vantaa", {"student"}, None),
    ("jag bor i Esbo och studerrar på yrkeshöskolan", "Espoo", {"student"}, ""),
    ("i liv in jyvaskyla and im a studnet", "Jyväskylä", {"student"}, ""),
    ("vi invandrade till Vasa", "Vaasa", {"immigrant"}, None),
    # family, studies, moving from abroad
    ("got 2 kids, live in vantaa", "Vantaa", {"family"}, None),
    ("I live in Turku with our 8-month-old", "Turku", {"family"}, ""),
    ("I live in Turku and I'm doing my master's at the university", "Turku", {"student"}, ""),
    ("Jag flyttade från Ukraina till Åbo i höstas", "Turku", {"immigrant"}, None),
    ("Jag kom från Irak och bor numera i Uleåborg", "Oulu", {"immigrant"}, ""),
    ("I came from work and I'm tired", None, set(), None),
    ("we live in Tampere and have twins", "Tampere", {"family"}, ""),
    # pensions of any kind, temporary lay-offs, parental leave, a birth, "17v"
    ("olen työkyvyttömyyseläkkeellä ja asun Porissa", "Pori", {"retired"}, ""),
    ("oon lomautettu", None, {"unemployed"}, ""), ("olen äitiyslomalla", None, {"family"}, ""),
    ("saatiin just esikoinen ja asutaan Turussa", "Turku", {"family"}, None),
    ("oon 17v ja asun oulus", "Oulu", {"youth"}, ""),
    # why one moved belongs to the statement
    ("mä muutin just Jyväskylään töiden perässä", "Jyväskylä", set(), "mä"),
    ("we moved to Turku for my wife's job", "Turku", set(), ""),
])
def test_facts_in_the_phrasings_a_fifth_blind_set_found(text: str, municipality: str | None, groups: set[str],
                                                        rest: str | None) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)
    if rest is not None:
        assert rest_of(text, said) == rest


@pytest.mark.parametrize(("text", "municipality"), [
    ("olen kotoisin Kajaanista mutta asun nykyään Tampereella", "Tampere"),
    ("olen kotoisin Kajaanista", "Kajaani"),  # where from is the home when no other is named
    ("asuin ennen Porissa, mutta muutin keväällä Raumalle", "Rauma"),
    ("jag bodde länge i Vasa men flyttade till Åbo i våras", "Turku"),
    ("I used to live in Espoo but now I live in Lahti", "Lahti"),
    ("I was born in Kotka and live in Hamina", "Hamina"),
    ("jag växte upp i Borgå men bor i Helsingfors", "Helsinki"),
    ("olen viikonlopun Kuopiossa käymässä, kotini on Joensuussa", "Joensuu"),
    ("I'm in Tampere for the weekend visiting my sister, but I live in Pori", "Pori"),
    ("jag är på besök i Vasa över helgen men bor i Karleby", "Kokkola"),
])
def test_a_town_one_comes_from_visits_or_left_is_not_the_home(text: str, municipality: str) -> None:
    said = read_statements(text)
    assert said.municipality == municipality and only_statements(text, said), (said, rest_of(text, said))


@pytest.mark.parametrize(("text", "is_need"), [
    ("odotamme toista lasta", True),  # alone, the pregnancy is the need (maternity clinic)
    ("I'm pregnant", True),
    ("odotamme toista lasta ja asumme Porissa", False),  # among other facts, one more fact
    ("we're expecting a baby in June and live in Vaasa", False),
    ("vi väntar tvillingar och bor i Jakobstad", False),
    ("min fru är gravid, vi bor i Esbo", False),
])
def test_a_baby_on_the_way_is_a_need_alone_and_a_fact_among_facts(text: str, is_need: bool) -> None:
    said = read_statements(text)
    assert "family" in said.groups
    assert said.events == is_need and only_statements(text, said) != is_need, (said, rest_of(text, said))


@pytest.mark.parametrize("text", [
    "asun Lahdessa vaimoni ja kahden kissan kanssa",
    "I live in Kotka with my husband and our dog",
    "jag bor i Raseborg med min man",
    "muutin Suomeen Kiinasta opiskelemaan kaksi vuotta sitten",
    "we came to Finland from Nepal on a work permit in 2021",
    "asun Salossa, 41-vuotias",
    "jag har bott i Lovisa i sju år nu",
    "live in Turku btw",
])
def test_with_whom_why_when_and_asides_after_a_fact_are_not_searched(text: str) -> None:
    said = read_statements(text)
    assert said.found and only_statements(text, said), rest_of(text, said)


@pytest.mark.parametrize(("text", "groups", "dropped"), [
    ("en oo enää opiskelija", set(), {"student"}),
    ("valmistuin sairaanhoitajaksi keväällä ja asun Kuopiossa", set(), {"student"}),
    ("jag studerar inte längre, jobbar som lärare nu", set(), {"student"}),
    ("I used to be unemployed but I found a new job in March", set(), {"unemployed"}),
    ("muutimme Somaliasta Turkuun", {"immigrant"}, set()),
    ("muutin Lapista Ouluun", set(), set()),  # a region of Finland, not a country
    ("I moved to Vaasa from Kenya", {"immigrant"}, set()),
    ("oon 17 ja käyn amista", {"youth", "student"}, set()),
    ("a 22-year-old nursing student from Oulu", {"youth", "student"}, set()),
    ("our grandkids live with us", {"family"}, set()),
])
def test_groups_that_stop_begin_or_are_told_in_passing(text: str, groups: set[str], dropped: set[str]) -> None:
    said = read_statements(text)
    assert (set(said.groups), set(said.dropped)) == (groups, dropped)
    assert only_statements(text, said) or not said.found, rest_of(text, said)


@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("Moi, nimeni on Aino, asun Porissa ja harrastan kuorolaulua", "Pori", set()),
    ("Hi, my name is Tom, I live in Espoo and I play football on Sundays", "Espoo", set()),
    ("jag heter Kim och bor i Vasa, gillar att fiska", "Vaasa", set()),
    ("some background about me: I'm originally from Kenya and we've settled in Lahti", "Lahti", {"immigrant"}),
    ("avovaimo on raskaana ja asutaan Oulussa", "Oulu", {"family"}),
])
def test_names_hobbies_and_background_beside_facts_are_not_needs(text: str, municipality: str,
                                                                 groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)
    assert only_statements(text, said), rest_of(text, said)


def test_a_hobby_beside_a_fact_still_leaves_the_question() -> None:
    text = "asun Oulussa ja tykkään uida, missä on lähin uimahalli?"
    assert rest_of(text, read_statements(text)) == "missä on lähin uimahalli"
    assert rest_of("I live in Turku and I'd like to find a gym", read_statements(
        "I live in Turku and I'd like to find a gym")) == "I'd like to find a gym"


@pytest.mark.parametrize(("text", "municipality", "groups"), [
    # a child told by its age, a single parent, a parent "of two"
    ("vår femåring och jag bor i Vasa", "Vaasa", {"family"}),
    ("single mom of three living in Kotka", "Kotka", {"family"}),
    ("ensamstående pappa, bor i Karleby", "Kokkola", {"family"}),
    ("me and my husband and our baby live in Hamina", "Hamina", {"family"}),
    # studies told by what is being done or where one got in
    ("I'm 31, writing my bachelor's thesis at Tampere University and I live in Tampere", "Tampere", {"student"}),
    ("I'm doing a degree in nursing at the polytechnic, living in Oulu", "Oulu", {"student"}),
    ("started upper secondary school this autumn, I'm 16 and live in Kuopio", "Kuopio", {"student", "youth"}),
    ("jag skriver mitt examensarbete och bor i Helsingfors", "Helsinki", {"student"}),
    ("går på gymnasium i Borgå, är 17", "Porvoo", {"student", "youth"}),
    ("pääsin lukioon ja asun Vantaalla", "Vantaa", {"student"}),
    # retirement and an age about to be turned
    ("jag har gått i pension och bor i Jakobstad", "Pietarsaari", {"retired"}),
    ("I'll be 80 next month and live alone in Pori", "Pori", {"senior"}),
    ("jag fyller 67 i maj, bor i Kristinestad", "Kristiinankaupunki", {"senior"}),
    ("täytän kohta 65 ja asun Lahdessa", "Lahti", {"senior"}),
    # the home told by the dwelling, or as "home", beside a town only visited
    ("home for us is Salo, we're just in Turku for the weekend", "Salo", set()),
    ("I live in a small flat in Joensuu with my two kids", "Joensuu", {"family"}),
    ("vi bor i ett radhus i Esbo med våra barn", "Espoo", {"family"}),
])
def test_facts_told_indirectly_as_a_sixth_blind_set_tells_them(text: str, municipality: str,
                                                              groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)
    assert only_statements(text, said), rest_of(text, said)


@pytest.mark.parametrize(("text", "rest"), [
    ("our 6-year-old needs a school place and we live in Lahti", "needs a school place"),
    ("I'm 45 and live in Vantaa, where can I find a dentist?", "where can I find a dentist"),
    ("I'm visiting my son in Turku, where is the nearest pharmacy?", "where is the nearest pharmacy"),
])
def test_a_need_beside_such_facts_is_still_searched(text: str, rest: str) -> None:
    assert rest_of(text, read_statements(text)) == rest


def test_whom_one_visits_is_no_group_of_ones_own() -> None:
    said = read_statements("Hello, I'm visiting my son in Turku this week but home for me is Kuopio. I'm 68.")
    assert (said.municipality, set(said.groups)) == ("Kuopio", {"senior"})
    assert read_statements("I'm 5 minutes away").spans == ()  # not an age


# --- facts told in chat or inside a story (the seventh and eighth blind sets; wording of our own) -------------------

@pytest.mark.parametrize(("text", "municipality", "groups"), [
    # the town named in passing, where no sentence says "I live in"
    ("after the night shift I just crash in my little studio in Kajaani", "Kajaani", set()),
    ("vardagen här hemma i Nykarleby är lugn, barnen sover", "Uusikaarlepyy", set()),
    ("arki Iisalmessa on meille ihan mukavaa", "Iisalmi", set()),
    # someone else's town or group is not the writer's
    ("my brother is a student in Oulu but I live in Raahe", "Raahe", set()),
    ("min syster studerar i Vasa, själv bor jag i Seinäjoki", "Seinäjoki", set()),
    ("I'm 30 and my dad's from Chile", None, set()),
    # a country left behind, in any words
    ("came over from Peru two years ago and live in Lahti now", "Lahti", {"immigrant"}),
    ("kom från Irak 2015 och bor i Vasa", "Vaasa", {"immigrant"}),
    ("mä oon tullut Virosta ja asun Lohjalla", "Lohja", {"immigrant"}),
    # a child of the writer's told with whom one lives, or by age
    ("we live in Kerava w our 3 kids", "Kerava", {"family"}),
    ("bor i Lovisa me min fru å två småbarn", "Loviisa", {"family"}),
    ("asutaa kajaanis miehen ja kahen muksun kaa", "Kajaani", {"family"}),
    ("meil on 3v poika ja asutaan Nokialla", "Nokia", {"family"}),
    ("esikoinen on tulossa ja asutaan Raumalla", "Rauma", {"family"}),
    # grown-up children living elsewhere are no family at home
    ("asun Kouvolassa, aikuiset lapset ovat jo muuttaneet pois", "Kouvola", set()),
    # studies told by what fills the days
    ("second year at uni, living in Vaasa", "Vaasa", {"student"}),
    ("käyn lähihoitajakoulutusta ja asun Kotkassa", "Kotka", {"student"}),
    ("aloitin keväällä opinnot ja asun Joensuussa", "Joensuu", {"student"}),
    # ages told without "I am"
    ("Olen Maija, 74 vuotta, ja asun Hangossa", "Hanko", {"senior"}),
    ("retired nurse, 68, living in Pori", "Pori", {"senior", "retired"}),
    ("jag är en 90-årig änka och bor i Borgå", "Porvoo", {"senior"}),
])
def test_facts_told_in_chat_or_in_passing(text: str, municipality: str | None, groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


@pytest.mark.parametrize(("text", "municipality"), [
    ("asuimme ennen Lahdessa, mutta nyt olemme muuttaneet Kuopioon", "Kuopio"),  # the perfect of moving
    ("We used to live in Espoo but moved to Lappeenranta in May", "Lappeenranta"),
    ("länge bodde jag i Åbo, men nu bor jag på Kimitoön", "Kemiönsaari"),
    ("oon vaa käymäs Helsingis, kotona Lahdessa", "Lahti"),  # a visit in spoken Finnish
])
def test_the_home_now_beside_a_former_home_or_a_visit(text: str, municipality: str) -> None:
    assert read_statements(text).municipality == municipality


@pytest.mark.parametrize(("text", "need"), [
    # a life told around the facts asks for nothing ...
    ("Jäin keväällä eläkkeelle ja nyt on aikaa marjastaa ja kalastaa täällä Sotkamossa", False),
    ("I retired last year and my wife and I now spend our days gardening at our house in Naantali", False),
    ("we had our second baby in June and life in our flat in Kemi is busy but lovely", False),
    # ... unless it tells of trouble, asks, or says what must happen
    ("asumme Raumalla kolmen lapsen kanssa ja arki ei oikein suju, riitelemme koko ajan", True),
    ("I live in Kotka with my son, who doesn't speak any Finnish yet and school starts soon", True),
    ("asun Porissa ja äidin pitäisi päästä kotiin sairaalasta ensi viikolla", True),
    # a child told alone is what the message is about
    ("vårt barn blir mobbat i skolan", True),
    ("we just had a baby", True),
    ("I was just made redundant, I live in Vantaa", True),
    ("they let me go today, I live in Lahti", True),
])
def test_a_story_around_the_facts_is_searched_only_when_it_asks_or_tells_of_trouble(text: str, need: bool) -> None:
    said = read_statements(text)
    assert said.found
    assert leaves_a_need(text, said) is need


@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("I was born in Kotka and still live here", "Kotka", set()),
    ("I lived in Espoo for years but I've just moved to Oulu", "Oulu", set()),
    ("efter trettio år på banken gick jag i pension, bor på Kimitoön", "Kemiönsaari", {"retired"}),
    ("asumme vaimon kanssa rivitalossa Lahden Kivimaalla", "Lahti", set()),
    ("my mum came to Finland from Chile and I live in Turku", "Turku", set()),
])
def test_where_and_who_when_told_around_the_fact(text: str, municipality: str, groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


@pytest.mark.parametrize(("text", "need"), [
    ("oon 18 ja käyn lukiota, luonnontiedelinjaa, asun Vantaalla", False),  # what is studied is part of it
    ("vi bor i Hangö och har just köpt ett hus för att få mer plats åt barnen", False),  # "har" as an auxiliary
    ("jag är pensionär och bor i Lovisa, det är en lugn stad med fina parker och många gamla hus", False),
    ("vi bor i Lovisa med två barn och vår dotter har astma, vilket stöd kan vi få", True),
    ("muutin Oulusta Kuopioon, mist löytäis uimahallin", True),  # spoken "mistä"
])
def test_what_is_left_is_searched_only_when_asked(text: str, need: bool) -> None:
    said = read_statements(text)
    assert said.found
    assert leaves_a_need(text, said) is need


@pytest.mark.parametrize(("text", "municipality", "groups"), [
    # the dwelling or home as the subject: "asuntoni on …", "koti on Jyväskylän Kuokkalassa"
    ("asuntoni on Kuopiossa ja olen 23", "Kuopio", {"youth"}),
    ("koti on Tampereen Hervannassa, opiskelen yliopistossa", "Tampere", {"student"}),
    # studies told by reading at a school; a child coming; our small child by age
    ("luen yliopistolla historiaa ja asun Joensuussa", "Joensuu", {"student"}),
    ("meille on tulossa vauva ja asutaan Salossa", "Salo", {"family"}),
    ("asun Kouvolassa ja meidän 4-vuotias aloittaa eskarin", "Kouvola", {"family"}),
    # a grown son is named by kin, not by age: no family at home
    ("mun poika opiskelee Espoossa ja mä asun Lohjalla", "Lohja", set()),
    # where one works is no home when the home is told too
    ("I live in Raisio and work shifts at the harbour in Naantali", "Raisio", set()),
    ("asun Nurmijärvellä mutta käyn töissä Helsingissä", "Nurmijärvi", set()),
    # English: words between living and the town, the town first, fled
    ("living with my grandparents in Oulu", "Oulu", set()),
    ("Porvoo, which is also where I live", "Porvoo", set()),
    ("we fled Syria in 2016 and live in Vaasa now", "Vaasa", {"immigrant"}),
    ("we've got two boys and a newborn, living in Kerava", "Kerava", {"family"}),
])
def test_more_ways_of_telling_home_studies_and_children(text: str, municipality: str, groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


def test_a_place_of_work_does_not_replace_the_home_told_before() -> None:
    told = Profile.from_slots({}).updated(read_statements("asun Seinäjoella"))
    work = read_statements("käyn töissä Vaasassa joka päivä")
    assert work.home_in_passing and work.municipality == "Vaasa"  # alone, the best guess there is
    assert told.updated(work).municipality == "Seinäjoki"
    assert told.updated(read_statements("muutin Vaasaan")).municipality == "Vaasa"  # a new home does


@pytest.mark.parametrize(("text", "need"), [
    ("liikun pyörätuolilla ja asun Kotkassa", False),  # what the writer does only tells who they are
    ("I volunteer at the library in Kemi, which is also where I live", False),
    ("kaipaan juttuseuraa, asun yksin Kotkassa", True),  # what the writer misses is a need
    ("I'm 80, live in Pori and I feel lonely", True),
])
def test_what_the_writer_does_is_no_need_but_what_they_miss_is(text: str, need: bool) -> None:
    said = read_statements(text)
    assert said.found
    assert leaves_a_need(text, said) is need


@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("Nurmeksessa asun. Poika opiskelee Joensuussa.", "Nurmes", set()),  # a statement ends with its sentence
    ("meidän perhe tuli Eritreasta viime vuonna, asumme Lahdessa", "Lahti", {"immigrant"}),
    ("kolme lasta, nuorin on vasta vuoden, asutaan Iisalmessa", "Iisalmi", {"family"}),  # the youngest: no youth
    ("efter skilsmässan bor barnen hos mig, vi bor i Borgå", "Porvoo", {"family"}),
    ("the kids live with me now, we're in Vantaa", "Vantaa", {"family"}),
    ("My daughter is at university in Turku and I live in Salo", "Salo", set()),
    ("Opiskelen ammattikorkeassa, ikää 22, asun Seinäjoella", "Seinäjoki", {"student", "youth"}),
    ("I volunteer at the museum in Kotka, which is where I live", "Kotka", set()),
])
def test_sentences_families_and_ages_told_another_way(text: str, municipality: str, groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


def test_a_town_in_passing_is_read_in_a_life_told_but_not_in_a_need() -> None:
    said = read_statements("my tiny studio in Kemi is just a place to crash")
    assert said.municipality == "Kemi" and said.home_in_passing
    assert read_statements("I need a dentist in Kemi").municipality is None  # where the need is, not the home
    assert read_statements("jag är vasabo och studerar").municipality == "Vaasa"  # a Swedish demonym
    assert read_statements("19, from Kuhmo and still living there").municipality == "Kuhmo"


@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("moro, 24v porilainen kemian opiskelija täällä", "Pori", {"student", "youth"}),  # introduced with "täällä"
    ("täällä kirjoittelee 72-vuotias kuopiolainen", "Kuopio", {"senior"}),
    ("asun isän kaa Kemissä, oon 17 ja lukion tokalla", "Kemi", {"student", "youth"}),  # a school year
    ("oon alunperin Vaasasta mutta asun nykyään Seinäjoella", "Seinäjoki", set()),  # an origin is no home
    ("aloitin eilen sairaanhoitajaopinnot, asun Porissa", "Pori", {"student"}),
    ("muutin Kuopioon ja opinnot yliopistolla alko maanantaina", "Kuopio", {"student"}),
    ("meidän kaks teiniä ja mä asutaan Kemissä", "Kemi", {"family"}),
    ("min mamma är 90 och bor i Borgå, själv bor jag i Lovisa", "Loviisa", set()),  # her age and town, not mine
    ("Hi! Moved from Chile to Lahti in May", "Lahti", {"immigrant"}),
    ("just celebrated my 80th birthday in Kotka, where I live", "Kotka", {"senior"}),
    ("got my first pension this month, I live in Salo", "Salo", {"retired"}),
    ("Retired last spring after 30 years as a nurse, living in Raahe now", "Raahe", {"retired"}),
])
def test_introductions_school_years_origins_and_someone_elses_age(text: str, municipality: str,
                                                                  groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("I'm 22, studying mechanical engineering at Aalto and living in Espoo", "Espoo", {"student", "youth"}),
    ("jag har precis börjat på Vasa universitet och bor i Vasa", "Vaasa", {"student"}),
    ("I go to the Finnish-speaking upper secondary school in Porvoo, where I live", "Porvoo", {"student"}),
    ("Got two little ones at home, we live in Kemi", "Kemi", {"family"}),
    ("Har varit pensionär i fem år och bor i Borgå", "Porvoo", {"retired"}),
    ("moved here to Kuopio with my wife last year", "Kuopio", set()),
])
def test_studies_children_and_homes_in_more_words(text: str, municipality: str, groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


@pytest.mark.parametrize(("text", "need"), [
    ("muutin just Kuopioon opiskelemaan yliopistolle", False),  # the school is the statement's own word
    ("jag kom från Irak till Finland 2019 och bor i Vasa", False),
    ("jäin viime syksynä eläkkeelle ja asun Porissa", False),
    ("olen opiskelija Kuopiossa, opintotuki", True),  # a word the statement does not say is a need
])
def test_leftovers_of_the_statements_own_words_are_no_need(text: str, need: bool) -> None:
    said = read_statements(text)
    assert said.found
    assert leaves_a_need(text, said) is need


def test_greetings_from_a_town_name_the_home() -> None:
    assert read_statements("Terkkuja Kajaanista! Oon 16 ja käyn lukiota").municipality == "Kajaani"


# Written after the seventeenth to nineteenth blind dev sets (long introductions, telegraphic phone messages, forms
# and learners' Finnish) showed which kinds of telling the reader missed; other sentences of the same kinds.
@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("kuopio / 20v / amk-opiskelija", "Kuopio", {"student", "youth"}),
    ("pori. 81v. leski", "Pori", {"senior"}),
    ("vasa, 16 år, går i gymnasiet", "Vaasa", {"student", "youth"}),
    ("single mum, 3 kids, lahti", "Lahti", {"family"}),
    ("nursing student / kajaani", "Kajaani", {"student"}),
    ("Kotikunta: Salo\nIkä: 70\nTilanne: eläkkeellä", "Salo", {"senior", "retired"}),
    ("Hemort: Borgå\nÅlder: 19\nSysselsättning: studerande", "Porvoo", {"student", "youth"}),
    ("Asun nyt Lahti keskusta, minä olen tullut Suomeen Irakista", "Lahti", {"immigrant"}),
    ("olemme perheen kanssa 1.8. alkaen muuttaneet Iisalmeen", "Iisalmi", {"family"}),
    ("kasvoin Kotkassa mut nyt Lahdessa, yh-isä", "Lahti", {"family"}),
    ("virosta muutettu 2018, nyt asutaan raumalla", "Rauma", {"immigrant"}),
    ("eläkkeellä olen ollut jo viisi vuotta, asun Kemissä", "Kemi", {"retired"}),
    ("72v ja eläkkeellä, asun Forssassa", "Forssa", {"senior", "retired"}),
    ("Täytin 66 viime kuussa ja teen vielä töitä Vaasassa", "Vaasa", {"senior"}),
    ("muutettiin kesällä porvooseen, mä, vaimo ja 2 skidiä", "Porvoo", {"family"}),
    ("We have just relocated from Spain to Turku with our two daughters", "Turku", {"family", "immigrant"}),
    ("Hi, Dutch master's student here, just moved into a flat in Oulu", "Oulu", {"student", "immigrant"}),
    ("Resident of Kaarina, 67, retired teacher", "Kaarina", {"senior", "retired"}),
    ("Lappeenranta has been our home for ten years, we're a family of four", "Lappeenranta", {"family"}),
    ("I rent a small flat in Kallio, Helsinki, and I'm halfway through my bachelor's", "Helsinki", {"student"}),
    ("Vi bor i Jakobstad, jag, min man och våra två barn", "Pietarsaari", {"family"}),
    ("nu pluggar jag till sjukskötare, bor kvar i Vasa", "Vaasa", {"student"}),
])
def test_fragments_forms_and_long_introductions(text: str, municipality: str, groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("Äitini on 90-vuotias ja asuu Savonlinnassa. Itse asun Mikkelissä.", "Mikkeli", set()),  # my mother, not me
    ("Isä on eläkkeellä Kouvolassa, minä asun Kotkassa", "Kotka", set()),
    ("My son is all grown up and lives in Oslo; I live alone in Kokkola, I'm 77", "Kokkola", {"senior"}),
    ("I'm 80 and live alone in Hamina. My daughter calls every day.", "Hamina", {"senior"}),
    ("Täytin juuri 65, mutta teen vielä osa-aikatyötä Porissa", "Pori", {"senior"}),  # "teen" is "I do"
    ("Har varit pensionär i nästan åtta år, bor i Ekenäs", None, {"retired"}),  # eight years, not an age
    ("we live in Kemi, the kids go to school here", "Kemi", {"family"}),
    ("asutaan Kemissä, lapset käy täällä koulua", "Kemi", {"family"}),  # the children's school, not mine
    ("I turned 70 last month, I live in Raisio", "Raisio", {"senior"}),  # no Finnish "lasta" in "last"
])
def test_someone_elses_facts_and_look_alike_words(text: str, municipality: str | None, groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


@pytest.mark.parametrize(("text", "need"), [
    # a whole introduction asks only in so many words; "not", "got" and "help" are part of the story
    ("Hei! Olen 30-vuotias ja asun Lahdessa. Muutin tänne viime vuonna, kun sain töitä, eikä tämä kaupunki ole vielä "
     "ihan tuttu. Mieheni auttaa paljon, ja lapsia ei vielä ole. Viikonloppuisin käymme usein metsässä.", False),
    ("So, a bit about me: I'm 27, I live in Espoo with my partner and I don't have kids. I got a new job in the "
     "spring and the commute is fine. My neighbour helps me with the garden. Does that help you get to know me?",
     False),
    ("I'm 27, I live in Espoo with my partner and I moved here last spring for a new job at the hospital, the "
     "commute is fine and the city is nice, but I need to find a family doctor.", True),
    ("flyttade hit till Karleby från Estland i fjol", False),  # Swedish "hit" is "here"
    ("oulu, 20 wks pregnant, wheres the maternity clinic", True),
])
def test_long_introductions_ask_only_in_so_many_words(text: str, need: bool) -> None:
    said = read_statements(text)
    assert said.found
    assert leaves_a_need(text, said) is need


@pytest.mark.parametrize(("text", "life_change"), [
    ("Muutamme ensi kuussa Seinäjoelle", True),
    ("we're expecting our first baby in March", True),
    ("Jag och mina barn flyttar till Vasa i augusti", True),  # the children are company
    ("jäin työttömäksi", False),  # a lost job is the need itself
    ("min son mobbas i skolan", False),  # a child's trouble too
    ("muutan ensi kuussa Ouluun, mistä saan asunnon?", False),  # a question asks for itself
])
def test_a_move_ahead_or_a_baby_on_the_way_is_a_life_change(text: str, life_change: bool) -> None:
    assert tells_a_life_change(text, read_statements(text)) is life_change


@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("Asuimme ennen Kokkolassa, mutta keväällä muutimme Pedersören Bennäsiin rivitaloon.", "Pedersöre", set()),
    ("me vaihdetaan ensi kuussa Kotkasta Haminaan", "Hamina", set()),  # a move ahead
    ("Perheemme (minä, mieheni ja kaksi lasta) muuttaa syksyllä Raaheen.", "Raahe", {"family"}),
    ("tulin Suomeen 2017 töihin Kristiinankaupunkiin", "Kristiinankaupunki", {"immigrant"}),
    ("tulin Turkuun käymään", None, set()),  # a visit, not a home
    ("Jäin eläkkeelle 66-vuotiaana ja asun Loviisassa", "Loviisa", {"senior", "retired"}),
    ("I'm a master's student at the University of Vaasa", "Vaasa", {"student"}),
    ("studying at the University of Turku, but I rent a room in Raisio", "Raisio", {"student"}),
    ("Efter många år i Esbo har vi nu ett eget hus i Kyrkslätt", "Kirkkonummi", set()),
    ("We bought a house in Sipoo last year", "Sipoo", set()),
])
def test_moves_arrivals_and_study_towns(text: str, municipality: str | None, groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


# Written after blind dev sets 20-24 (sixth session) showed these kinds; other sentences of the same kinds, in our
# own words.
@pytest.mark.parametrize(("text", "municipality", "groups"), [
    # a correction: the town named after it is the home
    ("Asun Porissa.. eikun, muutettiin jo keväällä Raumalle", "Rauma", set()),
    ("Jag bor i Åbo – förlåt, Reso menar jag", "Raisio", set()),
    ("I live in Vantaa. Well, Tuusula actually, since June", "Tuusula", set()),
    ("I don't actually live in Oulu, I live in Kempele", "Kempele", set()),
    ("Asun Lahdessa, ja haluan tietää onko täällä uimahallia", "Lahti", set()),  # no correction, nothing replaced
    # the town moved to, whatever stands between, not the town left
    ("vi har nyss flyttat från Kotka till Borgå", "Porvoo", set()),
    ("we've just moved to Kuopio from Joensuu", "Kuopio", set()),
    # back in Finland after years abroad: new here as well
    ("Asuttiin kymmenen vuotta Saksassa, nyt palattiin Suomeen ja asetuttiin Lappeenrantaan", "Lappeenranta",
     {"immigrant"}),
    ("Efter tjugo år i Spanien har vi flyttat hem till Finland, till Ekenäs i Raseborg", "Raasepori", {"immigrant"}),
    ("I moved back to Finland after a decade in Dublin and I'm in Salo now", "Salo", {"immigrant"}),
    # children in the writer's care who are not their own
    ("Meillä asuu nykyään tyttären poika, olen 70 ja asun Kajaanissa", "Kajaani", {"senior", "family"}),
    ("Vi är familjehem i Kimitoön", "Kemiönsaari", {"family"}),
    ("my grandson has lived with us in Hamina since spring", "Hamina", {"family"}),
    ("Hur blir man familjehem? Jag bor i Vasa.", "Vaasa", set()),  # wanting to foster is not fostering
    ("Vi bor i Kotka och har två fosterbarn hemma", "Kotka", {"family"}),
    ("my grandma is 90 and lives with us in Rauma", "Rauma", set()),  # a grandmother is no child at home
    # here in the town, the town's centre with a dwelling, the town as one's home
    ("I look after my mother at home here in Savonlinna", "Savonlinna", set()),
    ("kämppä on Jyväskylän keskustassa ja opiskelen Jamkissa", "Jyväskylä", {"student"}),
    ("Nu är Jakobstad mitt hem", "Pietarsaari", set()),
    # studies, a pension and a lost job in other words
    ("2nd yr nursing student at Oulu uni", "Oulu", {"student"}),
    ("I'm training to be an electrician at the vocational college in Pori", "Pori", {"student"}),
    ("Aloitin syksyllä avoimen yliopiston opinnot", None, {"student"}),
    ("Been on a pension for three years, 70 years old", None, {"senior", "retired"}),
    ("Själv är jag 67 och pensionerad", None, {"senior", "retired"}),
    ("I'm 68 years old retired teacher living in Iisalmi", "Iisalmi", {"senior", "retired"}),
    ("What will my pension be when I'm 65?", None, {"senior"}),  # a question about a pension to come
    ("I live on a small pension in Kotka", "Kotka", {"retired"}),
    ("I'm pregnant and my pension is small", None, {"family", "retired"}),  # a baby on the way is no grown-up child
    ("igår fick jag sparken", None, {"unemployed"}),
    ("the factory let me go last week", None, {"unemployed"}),
    # the writer's own children in other words
    ("we have a newborn and live in Lohja", "Lohja", {"family"}),
    ("Muutettiin just Porista Vaasaan, lapset aloittaa koulun maanantaina", "Vaasa", {"family"}),
    ("My wife is five months pregnant, we live in Kerava", "Kerava", {"family"}),
])
def test_corrections_returns_care_and_other_words(text: str, municipality: str | None, groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


@pytest.mark.parametrize(("text", "need"), [
    # where in the town, the children's ages and the field studied belong to the statement
    ("Koti on Kemiönsaarella, Kasnäsin puolella", False),
    ("Meillä on kaksi lasta, 4- ja 8-vuotiaat, ja asutaan Kotkassa", False),
    ("asun Joensuussa ja opiskelen siellä metsätieteitä", False),
    ("I live in Kaarina just outside town", False),
    ("Asun nyt Kuusamo kaupunki ja teen työtä hotellissa", False),  # a learner's "town" after the town
    ("Asun Oulussa, Kaakkurin kulmilla, tarvitsen kotihoitoa", True),  # the need after the detail stays
])
def test_details_of_a_statement_ask_nothing(text: str, need: bool) -> None:
    said = read_statements(text)
    assert said.found
    assert leaves_a_need(text, said) is need


# Written after blind dev sets 25-27 (sixth session): other sentences of the same kinds, in our own words.
@pytest.mark.parametrize(("text", "municipality", "groups"), [
    ("teen väitöskirjaa Jyväskylän yliopistossa", None, {"student"}),
    ("pääsin vihdoin ammattikorkeaan Kotkassa", "Kotka", {"student"}),
    ("Tein raskaustestin ja se oli positiivinen, asun Salossa", "Salo", {"family"}),
    ("Minut irtisanottiin tänään, asun Kouvolassa", "Kouvola", {"unemployed"}),
    ("Sain lopputilin eilen", None, {"unemployed"}),
    ("En oo koskaan ollu työttömänä ja asun Turussa", "Turku", set()),  # never before: no group dropped, none told
    ("Mut irtisanottiin eilen. En oo koskaan ollu työttömänä.", None, {"unemployed"}),
    ("Olen 80-vuotias leski Oulun Tuirasta", "Oulu", {"senior"}),
    ("Muutin Oulun Tuirasta Kemiin", "Kemi", set()),  # the district left is no home
    ("oon kotosin Iisalmesta mut asun Kuopiossa", "Kuopio", set()),
    ("Hello, I'm 70, a Canadian who moved here long ago. We live in Lohja.", "Lohja", {"senior", "immigrant"}),
    ("Retired at 62 after thirty years at the bank, living in Vaasa", "Vaasa", {"retired"}),
    ("Retired nurse here, 67 this year, living in Pori", "Pori", {"senior", "retired"}),
    ("hey, 19 here, living in Kemi", "Kemi", {"youth"}),
    ("Jag kommer från Uppsala och bor nu i Borgå", "Porvoo", {"immigrant"}),
    ("Jobbar i Jakobstad men själva hemmet är i Nykarleby", "Uusikaarlepyy", set()),
])
def test_studies_news_districts_and_origins(text: str, municipality: str | None, groups: set[str]) -> None:
    said = read_statements(text)
    assert (said.municipality, set(said.groups)) == (municipality, groups)


@pytest.mark.parametrize("text", [
    "Asun Lahdessa ja teen yövuoroja varastolla",
    "Mulla on pieni kahvila täällä Porissa, oon 45",
    "im 20 living in kemi, working at a hotel this winter",
    "I live in Salo and I'm working at a care home",
    "Asun Turussa ja teen väitöskirjaa Turun yliopistossa",
])
def test_work_told_beside_facts_asks_nothing(text: str) -> None:
    said = read_statements(text)
    assert said.found and not leaves_a_need(text, said)
