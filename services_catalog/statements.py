"""What a user says about themselves: their home municipality and the groups whose services suit them.

"asun Oulussa", "jag bor i Helsingfors", "I'm a student", "Asun Oulussa ja jäin työttömäksi" ... Finnish is
read word by word with Voikko (person, tense, case, possessive suffix), so every inflected form counts without
a list of forms; Swedish and English are read with phrase patterns. The result also says which parts of the
message only describe the user, so that the rest can be read as a need.

A statement of a state ("olen työtön") is kept apart from an event that is itself a need ("jäin työttömäksi",
"I lost my job", "muutan Turkuun"): both set the fact, but only the first is removed from the need.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from services_catalog.cards import PROFILE_GROUPS
from services_catalog.language.detect import decisive_language, function_words
from services_catalog.language.lemmas import is_finite_verb, lenient_analyses
from services_catalog.language.normalise import ascii_fold, fold
from services_catalog.language.numbers import NUMBER_WORDS_SV_EN, number_value
from services_catalog.table_io import TABLES_DIR, read_rows

MUNICIPALITIES_CSV = TABLES_DIR / "services_municipalities.csv"
READ_CHARS = 1000  # facts about oneself are told in the first sentences; a longer message is read that far
LOOKAHEAD = 3  # words between "olen"/"asun" and what they say ("asun nyt tällä hetkellä Oulussa")
YOUTH_MAX_AGE = 28  # the Finnish Youth Act: young people are those under 29
SENIOR_MIN_AGE = 65
DURATION_UNITS = frozenset({"vuotta", "vuoden", "vuodeksi", "kuukautta", "kuukauden", "viikkoa", "päivää", "kertaa"})

# Finnish nouns (base forms) that name a group; a compound counts by its last part (yliopisto-opiskelija).
FI_GROUP_WORDS: dict[str, str] = {
    "opiskelija": "student", "lukiolainen": "student", "ammattikoululainen": "student",
    "nuori": "youth", "teini": "youth", "teini-ikäinen": "youth", "nuorukainen": "youth", "koululainen": "youth",
    "ikäihminen": "senior", "vanhus": "senior", "seniori": "senior", "ikääntynyt": "senior", "iäkäs": "senior",
    "eläkeläinen": "retired",
    "työtön": "unemployed", "työnhakija": "unemployed", "lomautettu": "unemployed", "irtisanottu": "unemployed",
    "maahanmuuttaja": "immigrant", "pakolainen": "immigrant", "turvapaikanhakija": "immigrant",
    "ulkomaalainen": "immigrant", "siirtolainen": "immigrant",
    "yksinhuoltaja": "family", "lapsiperhe": "family", "äiti": "family", "isä": "family", "perheellinen": "family",
    "kotiisä": "family", "yksinhuoltajaisä": "family", "raskaana": "family", "eläkeikäinen": "senior",
}
# Short group nouns that still name the group at the end of a compound (pitkäaikaistyötön, kotiäiti); most short
# ones do not ("asumislisä" is no father).
FI_GROUP_SUFFIXES = ("työtön", "äiti")
NOT_GROUP_WORDS = frozenset({"isoäiti", "mummo", "anoppi"})  # a grandmother is not a parent of small children
FI_PARENTAL_LEAVES = frozenset({"äitiysloma", "isyysloma", "äitiysvapaa", "isyysvapaa", "vanhempainvapaa",
                                "vanhempainloma", "hoitovapaa"})
SV_EN_STATUS_WORDS = frozenset("änka änkling änkeman frånskild skild ogift singel gift sambo widow widowed widower "
                               "divorced single married separated".split())
FI_STATUS_WORDS = frozenset({"leski", "eronnut", "naimisissa", "naimaton", "sinkku", "avoliitossa", "avioliitossa"})
FI_CHILD_WORDS = frozenset({"lapsi", "vauva", "taapero", "tytär", "poika", "kaksonen", "esikoinen", "vauvamme",
                            "muksu", "kersa", "skidi", "tenava", "penska", "ipana", "kakara", "kouluikäinen",
                            "leikki-ikäinen", "koululainen", "eskarilainen", "vastasyntynyt", "teini", "kuopus",
                            "nuorimmainen"})
FI_KIN_CHILDREN = frozenset({"poika", "tytär", "lapsi"})
FI_LITTLE_ONES = frozenset({"pientä", "pienokaista", "pikkuista", "pikkusta", "pienet", "pikkuiset"})  # "2 pientä"
FI_YEAR_ORDINALS = frozenset({"eka", "toka", "kolmas", "vika", "viimeinen", "ensimmäinen", "toinen", "kolmannen"})
FI_YEARS = frozenset({"vuosi", "vuos", "vuotta", "vuoden"})
FI_AT_WORK = frozenset({"töissä", "töis", "duunissa", "duunis", "hommissa", "hommis"})
FI_NOWADAYS = frozenset({"nykyään", "nykyää", "nykyisin", "nyt", "nykyjään", "tätänykyä"})
# slang for children that Voikko does not inflect: "3 skidiä", "kersoja", "mukuloita"
FI_SLANG_CHILD_STEMS = ("skidi", "skide", "muksu", "kersa", "kersoj", "penska", "penskoj", "mukul", "tenava", "ipana",
                        "kakara", "kakaroi")
FI_BEGAN = frozenset({"alko", "alkoi", "alkanu", "alkanut", "alkoivat", "alkoivät"})  # "alko" is also a shop
FI_GREETINGS_FROM = frozenset({"terveisiä", "terveisii", "terveiset", "terkkuja", "terkkui", "terkut", "terkkuset"})
FI_SCHOOL_YEARS = frozenset({"ekalla", "tokalla", "kolmannella", "ensimmäisellä", "toisella", "vikalla",
                             "viimeisellä", "abina", "abivuotta"})  # "lukion ekalla"
FI_ORIGIN_WORDS = frozenset({"alun", "alunperin", "perin", "syntyjään", "juuriltaan", "alkujaan"})
FI_WITH = frozenset({"kanssa", "kans", "kaa"})  # spoken Finnish shortens "kanssa"
FI_DISMISSED = frozenset({"irtisanottu", "irtisanottiin", "lomautettu", "lomautettiin", "potkittu", "erotettu",
                          "erotettiin", "irtisanotaan", "lomautetaan"})
FI_BEFORE_PENSION = frozenset({"ja", "sekä", "nyt", "nykyään", "jo", "myös"})
FI_VISITING = frozenset({"käymään", "kylään", "lomalle", "vierailulle", "reissuun", "matkalle", "lomailemaan"})
FI_DWELLINGS = frozenset({"omakotitalo", "asunto", "kerrostalo", "rivitalo", "kaksio", "yksiö", "talo", "kolmio",
                          "paritalo", "opiskelija-asunto", "vuokra-asunto", "omistusasunto"})
FI_NEAR = frozenset({"lähelle", "lähellä", "luokse", "luona", "luo", "luota", "naapuriin", "naapurissa"})
FI_COMING = frozenset({"tulossa", "tulos"})  # "esikoinen on tulossa", "vauva tulos kesäl"
# Fillers that may stand between the verb and what it says, and connectors left over between statements.
FI_FILLERS = frozenset("nyt jo vielä enää siis kyllä myös ihan vain vaan tällä hetkellä nykyään juuri äsken "
                       "tätä nykyä täällä tässä mä mää mie minä me".split())
CONNECTORS = frozenset("ja sekä mutta mut että joten siksi nyt niin sit sitten ku kun ni ja, och o å men så nu and but "
                       "so now "
                       "also too myös hei moi terve hi hello hej".split())
# Asides that add nothing to a statement: "we live in Jyväskylä btw", "... förresten"
DISCOURSE_WORDS = frozenset("btw förresten egentligen faktiskt actually anyway anyways tbh lol haha muuten "
                            "edelleen vieläkin fortfarande still".split())
# Words that say when, not what: "muutin Suomeen viime vuonna" is still only a statement.
TIME_WORDS = frozenset("viime vuonna vuosi vuotta sitten kuukausi kuukautta viikko viikkoa juuri äskettäin hiljattain "
                       "eilen tänään vasta last year years ago recently just month months week förra året nyligen "
                       "sedan år månader vuoden kuukauden viikon ajan pitkään våras höstas vintras somras länge "
                       "for long puoli puolitoista alone yksin keväällä kesällä syksyllä talvella moment currently "
                       "hetkellä nykyään nykyisin keväänä kesänä syksynä talvena halvår halvt sen sedan "
                       "januari februari mars april maj "
                       "juni juli augusti september oktober november december january february march may june july "
                       "august october våren hösten sommaren spring autumn summer winter at pari "
                       "muutama muutaman numera redan these days right earlier jo since puol puolisen kaksi kolme "
                       "neljä viisi kuusi vuodet two three four five six ett för kuussa kuun några tillbaka".split())
# Words that lead a time phrase: "I've been unemployed for a year, …", "bor i Åbo sedan i höstas"
_WHEN_LEADS = frozenset("for a an in sedan since på".split())  # not "i": "I miss having company"
# Function words that still mean a need is left: "olen opiskelija ja tarvitsen apua" is a search.
NEED_WORDS = frozenset("tarvitsen haluan apua pitää pitäisi need want help hjälp behöver vill".split())
FI_SCHOOLS = ("yliopisto", "korkeakoulu", "ammattikoulu", "lukio", "amk", "opisto", "koulu")
# Spoken names of schools Voikko does not know: "käyn amista", "oon amiksessa", "käyn lukioo"
FI_SCHOOL_SLANG = frozenset({"amis", "amista", "amiksessa", "amikses", "amikseen", "amiksella", "lukioo", "lukios",
                             "lukioon", "yliopistoo", "yliopistol", "amkssa", "amkissa", "ammattikouluu"})
FI_BASIC_SCHOOLS = ("peruskoulu", "yläaste", "ala-aste", "yläkoulu", "alakoulu")
# Voikko's case names: where one is ("Oulussa", "Lahdessa") and where one is from ("Oulusta", "Pieksämäeltä")
AT_PLACE = ("sisaolento", "ulkoolento")
FROM_PLACE = ("sisaeronto", "ulkoeronto")
CLAUSE_REACH = 4  # words after a fact that may still add to it: "olen eläkkeellä oleva 80-vuotias leski Salosta"
PRONOUNS = frozenset("minä mä mää mie me myö jag vi i we m s re ve ll d".split())  # "I'm" leaves "m"
CHILD_LOOKAHEAD = 5  # "meillä on kaksi pientä lasta"
HOME_WORDS = frozenset({"koti", "kotikunta", "kotipaikka", "asuinpaikka", "asuinkunta", "kotikaupunki",
                        "asuinkaupunki"})
# the dwelling names the home only as the writer's own ("asuntoni on Lohjalla", "mun kämppä on Turussa"): bare
# "asunnot Turku" are flats searched for
DWELLING_WORDS = frozenset({"asunto", "kämppä", "yksiö", "kaksio", "kotiosoite"})
# "tässä eläkeläinen Hämeenlinnasta", "moi, opiskelija täällä": a group noun that introduces the writer
FI_HERE_WORDS = frozenset({"tässä", "täällä", "täs", "tääl", "täältä"})
GREETINGS = frozenset({"moi", "hei", "terve", "moikka", "moro", "heippa", "hello", "hi", "hey", "hiya", "hej", "hejsan",
                       "tjena"})
# a child named by its age or school year: "meillä on kolmevuotias", "kaksi ekaluokkalaista"
FI_CHILD_SUFFIXES = ("luokkalainen", "kuinen")
FI_NUMBERS = frozenset("yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän kymmenen pari "
                       "kaks nelj viis kuus".split())
# spoken Finnish drops the possessive suffix: "mun kotikunta on Raisio"
# Countries people come to Finland from, by their Finnish base forms: "muutin Ukrainasta Ouluun" tells of
# immigrating, "muutin Lapista Ouluun" (a region) does not.
SV_EN_COUNTRIES = frozenset(
    "russia ryssland estonia estland iraq irak somalia syria syrien afghanistan ukraine ukraina china kina thailand "
    "vietnam india indien iran turkey turkiet sweden sverige norway norge denmark danmark iceland island germany "
    "tyskland france frankrike spain spanien italy italien portugal greece grekland poland polen latvia lettland "
    "lithuania litauen romania rumänien bulgaria bulgarien hungary ungern serbia serbien croatia kroatien bosnia "
    "bosnien kosovo albania albanien georgia georgien pakistan bangladesh nepal myanmar philippines filippinerna "
    "indonesia indonesien japan korea egypt egypten morocco marocko tunisia tunisien algeria algeriet sudan eritrea "
    "ethiopia etiopien kenya kenia uganda tanzania tanzania nigeria ghana cameroon kamerun congo kongo brazil "
    "brasilien argentina chile peru colombia colombia venezuela mexico mexiko canada kanada usa america amerika "
    "england britain storbritannien scotland skottland ireland irland netherlands holland nederländerna belgium "
    "belgien switzerland schweiz austria österrike australia australien yemen jemen lebanon libanon jordan jordanien "
    "israel palestine palestina belarus vitryssland moldova "
    # great cities abroad, which people name instead of the country: "en familj från München"
    "stockholm göteborg gothenburg tallinn moscow moskva london berlin munich münchen paris madrid rome rom kabul "
    "baghdad bagdad damascus damaskus mogadishu toronto umeå uppsala malmö oslo copenhagen köpenhamn texas california "
    "florida".split())
FI_COUNTRIES = frozenset(
    "venäjä viro eesti irak somalia syyria afganistan ukraina kiina thaimaa vietnam intia iran turkki ruotsi norja "
    "tanska islanti saksa ranska espanja italia portugali kreikka puola latvia liettua valko-venäjä romania bulgaria "
    "unkari tšekki slovakia serbia kroatia bosnia kosovo albania makedonia moldova georgia armenia azerbaidžan "
    "kazakstan uzbekistan pakistan bangladesh nepal myanmar filippiinit indonesia malesia japani korea mongolia "
    "egypti marokko tunisia algeria libya sudan eritrea etiopia kenia uganda tansania ruanda burundi kongo nigeria "
    "ghana kamerun senegal gambia liberia angola mosambik zimbabwe sambia yhdysvallat amerikka kanada meksiko "
    "brasilia argentiina chile peru kolumbia venezuela ecuador kuuba englanti britannia iso-britannia skotlanti "
    "irlanti hollanti alankomaat belgia sveitsi itävalta jemen libanon jordania israel palestiina australia "
    "filippiini "  # Voikko's base form of "Filippiineiltä"
    # great cities abroad, which people name instead of the country: "muutin Tukholmasta Porvooseen"
    "tukholma göteborg tallinna pietari moskova lontoo berliini pariisi madrid rooma kabul bagdad damaskos mogadishu "
    "toronto".split())
# Where one only visits: "olen tällä viikolla Turussa tyttären luona kylässä"
FI_VISIT_WORDS = frozenset({"kylässä", "käymässä", "vierailulla", "vieraisilla", "lomalla", "reissussa", "matkalla",
                            "työmatkalla", "mökillä", "kylään", "lomailemassa", "kyläs", "käymäs", "lomal", "reissus",
                            "matkal"})
VISIT_REACH = 4
FI_PARTNERS = frozenset({"vaimo", "avovaimo", "puoliso", "tyttöystävä", "kumppani", "morsian"})
MY_WORDS = frozenset({"minun", "mun", "meidän", "meiän", "mein"})


@dataclass(frozen=True)
class Municipality:
    code: str
    name_fi: str
    names: tuple[str, ...]  # every name in every language, as written
    labels: tuple[tuple[str, str], ...] = ()  # (language, name)

    def label(self, lang: str) -> str:
        return dict(self.labels).get(lang) or self.name_fi


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    """Finland's municipalities, with their names in every language (services_municipalities.csv)."""
    out = []
    for row in read_rows(MUNICIPALITIES_CSV):
        labels = tuple((lang, row[f"name_{lang}"]) for lang in ("fi", "sv", "en") if row.get(f"name_{lang}"))
        names = tuple(dict.fromkeys(name for _, name in labels))
        out.append(Municipality(row["code"], row["name_fi"], names, labels))
    return tuple(out)


# What people call the big cities in speech ("asun Stadissa", "muutin Manseen"); Voikko knows only "stadi", so the
# others are read with their case endings here.
SPOKEN_NAMES = {"stadi": "Helsinki", "hesa": "Helsinki", "manse": "Tampere", "tampesteri": "Tampere"}
_SPOKEN_CASES = {"ssa": "sisaolento", "sta": "sisaeronto", "an": "sisatulento", "en": "sisatulento",
                 "lla": "ulkoolento", "lta": "ulkoeronto", "lle": "ulkotulento", "n": "omanto", "": "nimento"}
_SPOKEN_FORM = re.compile(rf"({'|'.join(SPOKEN_NAMES)})({'|'.join(sorted(_SPOKEN_CASES, key=len, reverse=True))})")


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Municipality]:
    by_name: dict[str, Municipality] = {}
    for municipality in municipalities():
        for key in (municipality.code, *(fold(n) for n in municipality.names)):
            by_name.setdefault(key, municipality)
    for municipality in municipalities():  # "jyvaskyla", after every name as written: "Vasa" is Vaasa, not Väså
        for name in municipality.names:
            by_name.setdefault(ascii_fold(name), municipality)
    for spoken, official in SPOKEN_NAMES.items():
        by_name.setdefault(spoken, by_name[fold(official)])
    return by_name


@lru_cache(maxsize=1)
def _written_names() -> list[str]:
    """Every municipality name as people write it, with and without ä, ö and å ("jyvaskyla"), longest first."""
    return sorted({form for m in municipalities() for n in m.names for form in (fold(n), ascii_fold(n))},
                  key=len, reverse=True)


@lru_cache(maxsize=1)
def _town_names() -> str:
    """The written names as one regular-expression alternation, longest first."""
    return "|".join(re.escape(n) for n in _written_names())


def municipality_named(name: str) -> Municipality | None:
    """The municipality whose name (any language, any letter case, or as spoken) or code is `name`."""
    return _by_name().get(fold(name))


@dataclass(frozen=True)
class Statements:
    """The facts a message states about the user, and where in the text it states them."""

    municipality: str | None = None
    groups: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()  # "en ole enää opiskelija": a group that no longer applies
    spans: tuple[tuple[int, int], ...] = ()  # character spans that only describe the user (not events)
    events: bool = False  # some fact came with an event that is itself a need ("jäin työttömäksi")
    # the events are a move ahead or a baby on the way ("muutan ensi kuussa Vaasaan", "odotamme esikoista"): as much
    # facts about the writer as needs, so the answer says what it noted before it searches. A lost job, a birth or
    # a child's trouble is a need only.
    life_change: bool = False
    # the town was only named in passing or as the place of work ("käyn töissä Vaasassa"): it does not replace a
    # home told before
    home_in_passing: bool = False

    @property
    def found(self) -> bool:
        return bool(self.municipality or self.groups or self.dropped)


@dataclass
class _Found:
    municipality: str | None = None
    groups: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    # "en oo koskaan ollu työttömänä": not a group of the writer's (unless this very message tells it happened now),
    # but no group left either
    never: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    events: bool = False
    about_a_child: bool = False  # a birth or a child named where a need would be ("min son mobbas i skolan")
    former_home: str | None = None  # "asuin Helsingissä", "jag bodde i Uleåborg": the home only if none is named
    workplace: str | None = None  # "jobbar i Vasa", "käyn töissä Espoossa": the home only if none is named
    arrived: str | None = None  # "tulin Suomeen töihin Närpiöön": the home only if none is named
    studies_in: str | None = None  # "a PhD student at the University of Oulu": the home only if none is named
    home_in_passing: bool = False
    expecting: list[tuple[int, int]] = field(default_factory=list)  # where the text says a baby is on the way
    other_event: bool = False  # an event that is no move ahead: a lost job ("jäin työttömäksi")
    moving: bool = False  # a move ahead: "muutan ensi kuussa Vaasaan", "muutan Suomeen"

    def group(self, group: str, span: tuple[int, int] | None, need: bool = True) -> None:
        """A group the user belongs to; `span` is where the text only says so, None when the words stay in what is
        searched. `need`: with no span, the fact is itself a need ("jäin työttömäksi"); a child is one only when
        told alone (`finish`), and its words are searched when the message asks for something."""
        if group not in self.groups:
            self.groups.append(group)
        if span is None and need:
            self.moving = self.moving or group == "immigrant"  # "muutan Suomeen"
            self.other_event = self.other_event or group != "immigrant"
        self._part(span, need)

    def place(self, name: str, span: tuple[int, int] | None, need: bool = True) -> None:
        self.municipality = self.municipality or name
        self.moving = self.moving or (span is None and need)  # a move ahead: "muutan ensi kuussa Vaasaan"
        self._part(span, need)

    def former_place(self, name: str, span: tuple[int, int]) -> None:
        self.former_home = self.former_home or name
        self.spans.append(span)

    def expecting_baby(self, span: tuple[int, int]) -> None:
        """A baby on the way: told alone, the need itself (the maternity clinic); told among other facts about
        the writer ("odotan esikoista, muutettiin just Kuopioon"), one more fact (`finish`)."""
        if "family" not in self.groups:
            self.groups.append("family")
        self.expecting.append(span)

    def finish(self) -> None:
        """A baby on the way, a birth or a child told alone is what the message is about, and a need ("meille
        syntyi vauva", "vår dotter på 15 mår dåligt"); among other facts about the writer it is one more fact
        ("odotan esikoista, muutettiin just Kuopioon")."""
        if not (self.municipality or self.arrived or self.studies_in or self.former_home) and self.workplace:
            self.home_in_passing = True
        self.municipality = (self.municipality or self.arrived or self.studies_in or self.former_home
                             or self.workplace)
        if not (self.expecting or self.about_a_child):
            return
        if self.municipality or self.dropped or any(g != "family" for g in self.groups):
            self.spans += self.expecting
        else:
            self.events = True

    def _part(self, span: tuple[int, int] | None, need: bool) -> None:
        if span:
            self.spans.append(span)
        elif need:
            self.events = True
        else:
            self.about_a_child = True


# --- Finnish, word by word ------------------------------------------------------------------------------

_TOKEN = re.compile(r"\d+(?:-\w+|v\b)?|[^\W\d_]+(?:[-:][^\W\d_]+)*", re.UNICODE)  # "17-vuotias", "17v"


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str
    folded: str
    readings: tuple[dict[str, str], ...]
    sentence: int = 0  # which sentence of the message the word is in: a statement does not reach into the next

    def lemmas(self) -> set[str]:
        return {fold(r["BASEFORM"]) for r in self.readings if r.get("BASEFORM")} | {self.folded}

    def verb(self, *lemmas: str, tense: str | None = None) -> bool:
        """A first-person indicative form of one of the verbs ("asun", "asumme"; "muutin" with tense=past).

        The passive counts as well: spoken Finnish says "me asutaan" for "we live".
        """
        for r in self.readings:
            if (r.get("CLASS") == "teonsana" and fold(r.get("BASEFORM", "")) in lemmas and r.get("PERSON") in ("1", "4")
                    and r.get("MOOD") == "indicative" and r.get("NEGATIVE") != "true"
                    and (tense is None or r.get("TENSE", "").startswith(tense))):
                return True
        return False

    def case(self, *cases: str) -> set[str]:
        """Base forms of the readings in one of the given cases."""
        return {fold(r["BASEFORM"]) for r in self.readings if r.get("SIJAMUOTO") in cases and r.get("BASEFORM")}

    def possessed_by_me(self) -> set[str]:
        return {fold(r["BASEFORM"]) for r in self.readings if r.get("POSSESSIVE") in ("1s", "1p")}


_MY = re.compile(r"\b(?:my|our|min|mitt|mina|vår|vårt|våra)\b")
_SENTENCE_END = re.compile(r"(?<!\d\.\d)(?<!\d\.\d\d)[.!?]+(?:\s|$)")  # not a date: "1.9. alkaen"


def _words(text: str) -> list[_Word]:
    ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    return [_Word(m.start(), m.end(), m.group(), fold(m.group()), lenient_analyses(m.group()),
                  bisect_left(ends, m.start()))
            for m in _TOKEN.finditer(text)]


def _my_home_word(words: list[_Word], i: int) -> int | None:
    """Where "kotikuntani", "mun kotikunta" or "meidän kotipaikka" starts: the user's home is named next."""
    word = words[i]
    if word.possessed_by_me() & (HOME_WORDS | DWELLING_WORDS):
        return word.start
    if word.lemmas() & (HOME_WORDS | DWELLING_WORDS) and i and words[i - 1].folded in MY_WORDS:
        return words[i - 1].start
    if word.case("nimento") & HOME_WORDS and i + 1 < len(words) and (
            words[i + 1].folded == "on" or _fi_place(words[i + 1], ("nimento",))):
        return word.start  # "kotikunta on Salo", "asuinpaikka Pori": whose, if not the writer's
    return None


def _home_named_first(words: list[_Word], i: int) -> tuple[str, int] | None:
    """ "Oulu on nykyään mun kotikaupunki": the home that word i names before "on", and where the statement ends."""
    if i + 1 >= len(words) or words[i + 1].folded != "on":
        return None
    place = _fi_place(words[i], ("nimento",))
    if place in (None, "Suomi"):
        return None
    end = next((words[j].end for j in _ahead(words, i + 1)
                if (words[j].lemmas() | words[j].possessed_by_me()) & HOME_WORDS), None)
    return (place, end) if end is not None else None


@lru_cache(maxsize=1)
def _demonym_stems() -> dict[str, str]:
    """ "oululai" -> Oulu: the stem of the word for an inhabitant of each municipality (oululainen, helsinkiläisenä,
    lahtelaisia); Voikko knows only the common ones."""
    stems: dict[str, str] = {}
    for municipality in municipalities():
        name = fold(municipality.name_fi)
        if not name.isalpha() or len(name) < 3:
            continue
        for stem in {name, name[:-1] + "e"} if name.endswith("i") else {name}:
            for suffix in ("lai", "läi"):  # vowel harmony varies with the last part (tamperelainen, rovaniemeläinen)
                stems.setdefault(stem + suffix, municipality.name_fi)
    return stems


# the stem, then "nen", "sena", "sia", ... (spoken Finnish drops the -n: "turkulaine")
_DEMONYM = re.compile(r"([^\W\d_]+?l[aä]i)(?:nen|ne|s[^\W\d_]*)")


def _demonym_place(word: _Word) -> str | None:
    """The municipality whose inhabitant the word names ("helsinkiläinen", "oululaisena", "turkulaisia")."""
    for lemma in word.lemmas():
        if (match := _DEMONYM.fullmatch(lemma)) and (town := _demonym_stems().get(match.group(1))):
            return town
    return None


MIN_MISSPELT_PLACE = 5  # shorter names start too many other words (Salo, Pori, Oulu)


@lru_cache(maxsize=1)
def _name_stems() -> tuple[tuple[str, str], ...]:
    """(the name without its last letter, the Finnish name) of the municipalities long enough to be read by it."""
    stems = ((fold(m.name_fi)[:-1], m.name_fi) for m in municipalities())
    return tuple((stem, name) for stem, name in stems if len(stem) >= MIN_MISSPELT_PLACE)


def _misspelt_place(word: _Word) -> str | None:
    """A municipality in a word Voikko cannot read, by the start of the name ("rovaniemelä", "jyväskyläs")."""
    if word.readings or not word.folded.isalpha():
        return None
    return next((name for stem, name in _name_stems()
                 if word.folded.startswith(stem) and len(word.folded) - len(stem) <= 5), None)


def _is_child(word: _Word) -> bool:
    """A word for a child: "lapsi", "vauvamme", or a child's age or school year ("kolmevuotias", "3-vuotias",
    "ekaluokkalaista")."""
    lemmas = word.lemmas()
    if lemmas & FI_CHILD_WORDS or word.folded.startswith(FI_SLANG_CHILD_STEMS) or word.folded in FI_LITTLE_ONES:
        return True
    age = _age(word)
    if age is not None and ("-v" in word.folded or re.fullmatch(r"\d+v", word.folded)):  # "3-vuotias", "2v"
        return age < 18
    for lemma in lemmas:
        if lemma.endswith("vuotias"):
            number = lemma[: -len("vuotias")].rstrip("-")
            return number in FI_NUMBERS or number.endswith("toista")  # not "kahdeksankymmentävuotias"
        if lemma.endswith(FI_CHILD_SUFFIXES):
            return True
    return False


def _group_of(lemma: str) -> str | None:
    """The group a noun names; compounds by their last part (korkeakouluopiskelija -> opiskelija, yh-äiti)."""
    if lemma in NOT_GROUP_WORDS:
        return None
    if lemma in FI_GROUP_WORDS:
        return FI_GROUP_WORDS[lemma]
    if "-" in lemma:
        return _group_of(lemma.rsplit("-", 1)[1])
    for word, group in FI_GROUP_WORDS.items():
        if (len(word) >= 8 or word in FI_GROUP_SUFFIXES) and lemma.endswith(word):
            return group
    return None


MIN_MISSPELT_GROUP = 7  # shorter group words are one letter from other words (nuori, äiti, työtön)


def _misspelt_group(word: _Word) -> str | None:
    """The group a word Voikko cannot read names when one letter is missing, extra, wrong or swapped
    ("opiskelia", "eläkeläinin")."""
    if word.readings or len(word.folded) < MIN_MISSPELT_GROUP or not word.folded.isalpha():
        return None
    found = process.extractOne(word.folded, list(FI_GROUP_WORDS), scorer=DamerauLevenshtein.distance,
                               score_cutoff=1)
    return FI_GROUP_WORDS[found[0]] if found and len(found[0]) >= MIN_MISSPELT_GROUP else None


def _school_groups(lemmas: set[str]) -> set[str]:
    """A pupil of a basic school is young; one of any other school is a student ("yläasteella", "lukiossa")."""
    groups = set()
    for lemma in lemmas:
        if lemma.endswith(FI_BASIC_SCHOOLS):
            groups.add("youth")
        elif lemma.endswith(FI_SCHOOLS):
            groups.add("student")
    return groups


FI_STUDY_VERBS = frozenset({"opiskelemaan", "lukemaan", "opiskelijaksi"})


MOVED_PARTICIPLES = frozenset({"tullut", "muuttanut", "saapunut"})  # Voikko's base forms of "tullut", "muuttaneet"
# "irakist muutettu 2017", "Virosta tulin": the country first, then a past form of moving that is the writer's (the
# first person, the passive "we", or a participle with no one else named)
MOVED_FORMS = frozenset({"muutettu", "tultu", "muuttanut", "tullut", "saapunut", "muuttaneet", "tulleet", "paettu",
                         "muutettiin", "tultiin", "muutin", "tulin", "muutimme", "tulimme", "saavuin", "pakenin"})


PERFECT_GAP = 5  # words between the auxiliary and the participle: "olemme mieheni kanssa 1.8. alkaen muuttaneet"


def _moved_perfect(words: list[_Word], i: int) -> bool:
    """"olen tullut", "olemme muuttaneet", "olen 1.9. alkaen muuttanut": the perfect of moving, at its participle."""
    if not any(fold(r.get("BASEFORM", "")) in MOVED_PARTICIPLES and r.get("PARTICIPLE") == "past_active"
               for r in words[i].readings):
        return False
    return any((words[k].verb("olla") or words[k].folded in ("oon", "ollaan", "ollaa"))
               and words[k].sentence == words[i].sentence for k in range(max(0, i - 1 - PERFECT_GAP), i))


def _on_pension(word: _Word) -> bool:
    return any(lemma.endswith("eläke") for lemma in word.case("ulkoolento"))  # "eläkkeellä", "sairauseläkkeellä"


def _studies(word: _Word) -> bool:
    """"opinnot", "lähihoitajaopinnot", "opiskelut": a word for one's studies."""
    return any(lemma.endswith(("opinto", "opinnot", "opiskelu")) for lemma in word.lemmas())


def _here_beside(words: list[_Word], i: int) -> int | None:
    """Where "täällä" stands just before or after word i in its sentence ("opiskelija täällä", "täällä kirjoittelee
    68-vuotias")."""
    for k in (i + 1, i - 1, i - 2):
        if 0 <= k < len(words) and words[k].folded in FI_HERE_WORDS and words[k].sentence == words[i].sentence:
            return k
    return None


def _admitted_to_school(words: list[_Word], i: int) -> int | None:
    """After "pääsin": where a school it names ends, with the line or subject that follows ("pääsin Turun
    AMK:hon sairaanhoitajalinjalle", "pääsin yliopistoon lukemaan oikeustiedettä"); None when it names none."""
    end = None
    for j in _ahead(words, i):
        word = words[j]
        school = word.folded.startswith("amk") or word.folded in FI_STUDY_VERBS or (
            word.case("sisatulento", "ulkotulento") and _school_groups(word.lemmas()) == {"student"})
        if school:
            end = word.end
            # the line, the field or what is read there: "sairaanhoitajalinjalle", "lukemaan oikeustiedettä"
            for k in (j + 1, j + 2):
                if k < len(words) and (words[k].folded in FI_STUDY_VERBS
                                       or words[k].case("ulkotulento", "osanto", "tulento")):
                    end = words[k].end
                else:
                    break
            break
    return end


def _turning_age(words: list[_Word], i: int) -> tuple[int, int] | None:
    """After "täytän": the age the writer turns soon, and where it ends ("täytän ensi kuussa 70")."""
    for j in _ahead(words, i):
        if (age := _age(words[j])) is not None:
            return age, words[j].end
    return None


def _age_group(age: int) -> str | None:
    if 10 <= age <= YOUTH_MAX_AGE:
        return "youth"
    if SENIOR_MIN_AGE <= age <= 120:
        return "senior"
    return None


def _age(word: _Word) -> int | None:
    """An age in digits ("17", "72-vuotias") or words ("seittemäntoista", "seitsemänkymmentäkaksi")."""
    match = re.fullmatch(r"(\d{1,3})(?:-?v(?:uotias\w*)?)?", word.folded)
    return int(match.group(1)) if match else number_value(word.folded)


def _fi_place(word: _Word, cases: tuple[str, ...]) -> str | None:
    """The catalogue municipality (Finnish name) or 'Suomi' that the word names in one of the cases."""
    spoken = _SPOKEN_FORM.fullmatch(word.folded)
    if spoken and _SPOKEN_CASES[spoken.group(2)] in cases:
        return SPOKEN_NAMES[spoken.group(1)]
    for lemma in word.case(*cases):
        if lemma == "suomi":
            return "Suomi"
        found = municipality_named(lemma)
        if found:
            return found.name_fi
    return None


def _fi_town(word: _Word, cases: tuple[str, ...]) -> str | None:
    """The catalogue municipality the word names in one of the cases (not Finland itself)."""
    place = _fi_place(word, cases)
    return None if place == "Suomi" else place


def _ahead(words: list[_Word], i: int, reach: int = LOOKAHEAD) -> Iterable[int]:
    """Positions after word i that a statement may reach, skipping fillers ("asun nyt Oulussa")."""
    j, seen = i + 1, 0
    while j < len(words) and seen < reach and words[j].sentence == words[i].sentence:
        yield j
        if words[j].folded not in FI_FILLERS:
            seen += 1
        j += 1


MOVE_REACH = 8  # "muutettiin vaimon ja kolmen lapsen kanssa Virosta Lohjalle": company and time come between


def _rest_of_clause(words: list[_Word], i: int, reach: int = MOVE_REACH) -> Iterable[int]:
    """The words after word i up to the next finite verb, which starts another clause ("muutin Turkuun, vaimo on
    Virosta" says nothing of where the writer came from)."""
    for j in _ahead(words, i, reach):
        # only a word that can be nothing but a verb: "juuri" and "Kouvolasta" have verb readings too
        if words[j].readings and all(is_finite_verb(r) for r in words[j].readings):
            return
        yield j


def _origin_end(words: list[_Word], j: int) -> int:
    """Where a statement at word j ends, with the place it names as an origin ("Suomeen Syyriasta")."""
    nxt = j + 1
    if nxt < len(words) and any(r.get("CLASS") == "paikannimi" and r.get("SIJAMUOTO") in ("sisaeronto", "ulkoeronto")
                                for r in words[nxt].readings):
        return words[nxt].end
    return words[j].end


def _town_before_place(words: list[_Word], j: int, into: bool = False) -> str | None:
    """The municipality word j names in the genitive before a word in a locative case ("Espoon Leppävaarassa",
    "Turun yliopistossa"); `into`: before a word in the illative or allative ("Mustasaaren Sepänkylään")."""
    cases = ("sisatulento", "ulkotulento") if into else ("sisaolento", "ulkoolento")
    endings = ("an", "än", "en", "in", "un", "yn", "on", "ön", "lle") if into else ("ssa", "ssä", "lla", "llä")
    # a district Voikko does not know ("Oulun Tuirassa", "Oulun Kaakkurissa") still reads as a locative by its ending
    if j + 1 < len(words) and (words[j + 1].case(*cases) or (
            not words[j + 1].readings and words[j + 1].folded.endswith(endings))):
        town = _fi_place(words[j], ("omanto",))
        return town if town != "Suomi" else None
    return None


def _is_place_name(word: _Word, cases: tuple[str, ...]) -> bool:
    """A proper place name (a country, a region, a town) in one of the cases."""
    return any(r.get("CLASS") == "paikannimi" and r.get("SIJAMUOTO") in cases for r in word.readings)


def _place_after(words: list[_Word], j: int, found: _Found, start: int) -> int:
    """A place right after a statement: a municipality is kept ("opiskelija Tampereella"); another place is an
    origin that only describes the user too ("maahanmuuttaja Syyriasta"). Returns where the span ends."""
    if j + 1 < len(words):
        cases = AT_PLACE + FROM_PLACE
        place = _fi_place(words[j + 1], cases)
        if place and place != "Suomi":
            found.place(place, (words[j + 1].start, words[j + 1].end))
            return words[j + 1].end
        if not place and _is_place_name(words[j + 1], cases):
            return words[j + 1].end
    return words[j].end


def _groups_in(words: list[_Word], j: int) -> set[str]:
    """The groups word j names: a group noun, an age ("72-vuotias", "olen 17"), or "eläkkeellä"."""
    word = words[j]
    if _compared(word):  # "nuorempi aloitti päiväkodin": the younger child
        return set()
    groups = {g for lemma in word.case("nimento", "olento") | {word.folded} if (g := _group_of(lemma))}
    if not groups and (misspelt := _misspelt_group(word)):
        groups.add(misspelt)
    if word.case("ulkoolento") & FI_PARENTAL_LEAVES:  # "olen äitiyslomalla": a parent of a baby
        groups.add("family")
    if _on_pension(word):
        groups.add("retired")
    if word.case("sisaolento") & {"kortisto"}:  # "oon kortistossa": registered as unemployed
        groups.add("unemployed")
    groups |= _school_groups(word.case("sisaolento", "ulkoolento", "osanto"))  # "oon lukiossa", "käyn koulua"
    if word.folded in FI_SCHOOL_SLANG:
        groups.add("student")
    age = _age(word)
    after = [w.folded for w in words[j + 1:j + 3]]
    # "olen asunut täällä 20 vuotta" is a duration, "olen 20 vuotta vanha" an age
    duration = bool(after) and after[0] in DURATION_UNITS and after[1:] not in (["vanha"], ["täyttänyt"], ["nuori"])
    if age is not None and not duration and (not after or after[0] not in ("euroa", "€", "kk", "km")):
        group = _age_group(age)
        groups |= {group} if group else set()
    return groups


def _finite_verb(word: _Word) -> bool:
    return any(is_finite_verb(r) for r in word.readings)


def _more_of_clause(words: list[_Word], j: int, groups: set[str]) -> int:
    """The last word of a run of facts that starts at word j ("eläkkeellä oleva 80-vuotias leski"): further
    groups and ages within reach are added to `groups`; a finite verb or a place ends the run."""
    last = j
    for k in _ahead(words, j, CLAUSE_REACH):
        if _finite_verb(words[k]) or _fi_place(words[k], AT_PLACE + FROM_PLACE):
            break
        more = _groups_in(words, k)
        if more:
            groups |= more
            last = k
        elif words[k].lemmas() & FI_STATUS_WORDS:  # a status that is no group of ours still describes the writer
            last = k
    # a place a few words on still belongs to the facts: "olen eläkkeellä oleva leski Pieksämäeltä"
    for k in _ahead(words, last, CLAUSE_REACH - 1):
        if _finite_verb(words[k]):
            break
        if _fi_place(words[k], AT_PLACE + FROM_PLACE):
            return k - 1
    return last


FI_HAILING_FROM = frozenset({"kotoisin", "kotosin", "kotosi", "kotoosin"})  # spoken forms too
FI_NEVER = frozenset("koskaan ikinä ikään milloinkaan aiemmin aikaisemmin".split())


def _after_be(words: list[_Word], i: int, found: _Found, negated: bool) -> None:
    """What follows "olen"/"olemme": groups and an age, retirement, a home town, being new in Finland."""
    first = words[i - 1].start if negated else words[i].start
    for j in _ahead(words, i):
        groups = _groups_in(words, j)
        if groups and words[j].folded == "raskaana" and not negated:
            found.expecting_baby((first, words[j].end))
            return
        if groups:
            while True:  # "olen 68-vuotias eläkeläinen", "olen opiskelija ja työtön"
                step = 2 if j + 2 < len(words) and words[j + 1].folded in ("ja", "sekä") else 1
                if j + step >= len(words) or not _groups_in(words, j + step):
                    break
                j += step
                groups |= _groups_in(words, j)
            if not negated:
                j = _more_of_clause(words, j, groups)
            span = (first, words[j].end if negated else _place_after(words, j, found, first))
            # "en oo koskaan ollu työttömänä": never before tells of the past, not of a group left
            never = negated and any(words[k].folded in FI_NEVER for k in range(i, j))
            for group in sorted(groups):
                if never:
                    found.never.append(group)
                elif negated:
                    found.dropped.append(group)
                else:
                    found.group(group, span)
            found.spans.append(span)
            return
        if words[j].folded in FI_HAILING_FROM and j + 1 < len(words) and not negated and _is_place_name(
                words[j + 1], FROM_PLACE) and not _fi_place(words[j + 1], FROM_PLACE):
            found.group("immigrant", (first, words[j + 1].end))  # "oon kotoisin Virosta": from abroad
            return
        if words[j].folded in FI_HAILING_FROM and j + 1 < len(words) and (town := _fi_place(words[j + 1], FROM_PLACE)):
            # "oon kotoisin Oulusta mut asun nykyään Espoossa": where from is the home only when no other is named
            found.former_place(town, (first, words[j + 1].end))
            return
        place = _fi_place(words[j], ("sisaeronto",))  # "olen Oulusta" (from Oulu)
        if place and place != "Suomi" and not negated:
            if any(words[k].folded in FI_ORIGIN_WORDS for k in range(i + 1, j)):  # "oon alun perin Porista"
                found.former_place(place, (first, words[j].end))
            else:
                found.place(place, (first, words[j].end))
            return
        if words[j].folded == "uusi" and j + 1 < len(words) and _fi_place(words[j + 1], ("sisaolento",)) == "Suomi":
            found.group("immigrant", (words[i].start, words[j + 1].end))
            return


def _starts_clause(text: str, words: list[_Word], i: int) -> bool:
    """Word i opens the message or a clause, or follows a greeting or "tässä" ("moi, tässä eläkeläinen")."""
    return i == 0 or words[i - 1].folded in FI_HERE_WORDS | GREETINGS or bool(
        re.search(r"[,.;:!?/|]", text[words[i - 1].end:words[i].start]))


def _compared(word: _Word) -> bool:
    return any(r.get("COMPARISON") in ("comparative", "superlative") for r in word.readings)


def _third_person(word: _Word) -> bool:
    return any(r.get("PERSON") == "3" and is_finite_verb(r) for r in word.readings) and not any(
        r.get("PERSON") in ("1", "4") for r in word.readings)


def _third_person_next(words: list[_Word], i: int) -> bool:
    """Word i is the subject of a verb in the third person: "äiti on eläkkeellä Savonlinnassa" speaks of someone
    else, "eläkeläinen täällä" or "opiskelija olen" of the writer."""
    return i + 1 < len(words) and _third_person(words[i + 1])


def _introduced_groups(word: _Word) -> set[str]:
    """Groups a singular noun in the nominative names ("eläkeläinen", "työtön yksinhuoltaja")."""
    if _compared(word):
        return set()  # "nuorin on puolivuotias": the youngest child, not a young writer
    if word.possessed_by_me():
        return set()  # "äitini on 84-vuotias": the writer's mother, not a mother writing
    lemmas = {fold(r["BASEFORM"]) for r in word.readings
              if r.get("SIJAMUOTO") == "nimento" and r.get("NUMBER") != "plural" and r.get("BASEFORM")}
    groups = {g for lemma in lemmas if (g := _group_of(lemma))}
    if not groups and not word.readings and (group := _group_of(word.folded)):
        groups.add(group)  # "amk-opiskelija": a compound Voikko does not know, by its last part
    if not groups and word.folded + "n" in FI_GROUP_WORDS:
        groups.add(FI_GROUP_WORDS[word.folded + "n"])  # "lukiolaine": spoken Finnish drops the -n (Voikko: lukio+laine)
    return groups


def _family_start(words: list[_Word], i: int) -> int:
    """Where "... lapsen kanssa" starts: back over the others named with the child ("mieheni ja 4kk vauvamme")."""
    k = i
    while k > 0 and (words[k - 1].folded in ("ja", "sekä") or words[k - 1].possessed_by_me()
                     or words[k - 1].folded in FI_NUMBERS | {"kk", "v"}
                     or re.fullmatch(r"\d+[^\W\d_]{0,3}", words[k - 1].folded)
                     or (words[k - 1].case("omanto") and not _fi_place(words[k - 1], ("omanto",)))):
        k -= 1
    return words[k].start


def _family_lives(words: list[_Word], i: int) -> int | None:
    """Where "meidän perhe" / "perheemme" starts before "asuu" at word i: the writer's family's home is the
    writer's ("meidän perhe asuu Oulussa"); None when word i says no such thing."""
    if words[i].folded != "asuu" or i == 0 or "perhe" not in words[i - 1].lemmas():
        return None
    if i >= 2 and words[i - 2].folded in MY_WORDS:
        return words[i - 2].start
    return words[i - 1].start if words[i - 1].possessed_by_me() else None


# "olen asunut Oulussa 20 vuotta", "ollaan asuttu": the perfect tense of living (Voikko reads the participle as an
# adjective, not as the verb)
LIVED_FORMS = frozenset({"asunut", "asunu", "asunnu", "asuneet", "asuttu", "asustanut", "asustellut", "asustellu"})


def _family_moves(words: list[_Word], i: int) -> bool:
    """Word i is "muuttaa" or "muutti" whose subject is the writer's family ("Perheemme (minä, puoliso ja kolme
    lasta) muuttaa lokakuussa Pieksämäelle")."""
    return words[i].folded in ("muuttaa", "muuttavat", "muutti", "muuttivat") and any(
        "perhe" in words[k].lemmas() and (words[k].possessed_by_me() or (k and words[k - 1].folded in MY_WORDS))
        for k in range(max(0, i - 10), i) if words[k].sentence == words[i].sentence)


def _has_lived(words: list[_Word], i: int) -> bool:
    return words[i].folded in LIVED_FORMS and i > 0 and (
        words[i - 1].verb("olla") or words[i - 1].folded in ("oon", "ollaan", "ollu", "ollut"))


def _visited(words: list[_Word], found: _Found) -> set[int]:
    """Places the writer only visits ("Olen tällä viikolla Turussa tyttären luona kylässä"): spanned, and no home."""
    visited = set()
    for j, word in enumerate(words):
        if not (_fi_place(word, AT_PLACE) or _is_place_name(word, AT_PLACE)):
            continue
        visit = next((k for k in (*range(j + 1, min(j + 1 + VISIT_REACH, len(words))), *range(max(0, j - 2), j))
                      if words[k].folded in FI_VISIT_WORDS), None)
        if visit is not None:
            be = next((k for k in range(max(0, j - 3), j) if words[k].verb("olla") or words[k].folded == "oon"), j)
            found.spans.append((words[min(be, visit)].start, words[max(j, visit)].end))
            visited.add(j)
    return visited


def _read_finnish(text: str, found: _Found) -> None:
    words = _words(text)
    visited = _visited(words, found)
    inhabitant: tuple[str, tuple[int, int]] | None = None  # "helsinkiläinen": a home, unless another is named
    for i, word in enumerate(words):
        negated = i > 0 and words[i - 1].folded in ("en", "emme", "enkä")
        family = _family_lives(words, i)
        lived = _has_lived(words, i)
        if word.verb("olla") or word.folded in ("oon", "ollaan") or (negated and word.folded in ("ole", "oo")):
            _after_be(words, i, found, negated)
        elif (word.verb("asua", "asustaa", "asustella") or (negated and word.folded == "asu")
              or family is not None or lived):
            # "en asu enää Turussa vaan Helsingissä": the place after "vaan" is the home
            after = next((j for j in _ahead(words, i, CHILD_LOOKAHEAD) if words[j].folded == "vaan"), None)
            if negated and after is None:
                continue
            for j in _ahead(words, i if after is None else after, CHILD_LOOKAHEAD):
                place, end = _fi_place(words[j], ("sisaolento", "ulkoolento")), words[j].end
                if not place and (place := _town_before_place(words, j)):  # "asun Espoon Leppävaarassa"
                    end = words[j + 1].end
                if not place and (town := municipality_named(words[j].folded)):
                    place = town.name_fi  # a learner's "asun Tampere Hervanta", "asun nyt Kuusamo kaupunki"
                if place and place != "Suomi":
                    first = words[i - 1].start if negated or lived else word.start
                    span = (family if family is not None else first, end)  # "meidän perhe" too
                    if word.verb("asua", "asustaa", "asustella", tense="past") and not lived:
                        found.former_place(place, span)  # "asuin ennen Porissa, mutta muutin Raumalle"
                    else:
                        found.place(place, span)
                    break
            else:
                # the place first: "Kempeleessä asun", "Oulussa asutaan"
                if i and (place := _fi_place(words[i - 1], ("sisaolento", "ulkoolento"))) and place != "Suomi" and (
                        not negated and not word.verb("asua", "asustaa", "asustella", tense="past")):
                    found.place(place, (words[i - 1].start, word.end))
        elif word.verb("kasvaa", "syntyä", tense="past") and (origin := next(
                (j for j in _ahead(words, i) if _fi_place(words[j], AT_PLACE) not in (None, "Suomi")), None)):
            found.former_place(_fi_place(words[origin], AT_PLACE), (word.start, words[origin].end))  # "kasvoin Porissa"
        elif word.case(*FROM_PLACE) & FI_COUNTRIES and "suomi" not in word.case(*FROM_PLACE) and any(
                words[k].folded in MOVED_FORMS for k in _ahead(words, i, 2)) and not (
                i and words[i - 1].lemmas() & (FI_KIN_CHILDREN | FI_PARTNERS | {"äiti", "isä", "vanhempi"})):
            last = next(k for k in _ahead(words, i, 2) if words[k].folded in MOVED_FORMS)
            found.group("immigrant", (word.start, words[last].end))
        elif word.folded in FI_YEAR_ORDINALS and i + 1 < len(words) and words[i + 1].folded in FI_YEARS and (
                school := next((k for k in _ahead(words, i + 1, 2) if _school_groups(
                    words[k].case("sisaolento", "ulkoolento")) == {"student"}), None)) is not None:
            found.group("student", (word.start, words[school].end))  # "eka vuos yliopistol"
        elif word.folded in FI_AT_WORK and i + 1 < len(words) and words[i + 1].case("sisaolento", "ulkoolento"):
            found.spans.append((word.start, words[i + 1].end))  # "duunis kahvilas": what the writer does
        elif word.folded in FI_NOWADAYS and _starts_clause(text, words, i) and i + 1 < len(words) and (
                town := _fi_place(words[i + 1], AT_PLACE)) and town != "Suomi":
            found.place(town, (word.start, words[i + 1].end))  # "nykyää hämeenlinnas", "nyt espoossa"
        elif home := _home_named_first(words, i):
            found.place(home[0], (word.start, home[1]))
        elif (home_start := _my_home_word(words, i)) is not None:
            for j in _ahead(words, i):
                place = _fi_place(words[j], ("nimento", "sisaolento", "ulkoolento")) or _town_before_place(words, j)
                if place and place != "Suomi":
                    found.place(place, (home_start, words[min(j + 1, len(words) - 1)].end))
                    break
        elif word.lemmas() & {"tulla", "muuttaa", "paeta", "saapua"} and i >= 2 and words[i - 1].lemmas() & {
                "perhe"} and words[i - 2].folded in MY_WORDS and (country := next(
                (j for j in _ahead(words, i) if words[j].case(*FROM_PLACE) & FI_COUNTRIES), None)) is not None:
            found.group("immigrant", (words[i - 2].start, words[country].end))  # "meidän perhe tuli Syyriasta"
        elif (word.verb("muuttaa", "tulla", "saapua", "vaihtaa") or _moved_perfect(words, i)
              or _family_moves(words, i)):
            family = _family_moves(words, i)
            past = _moved_perfect(words, i) or word.verb("muuttaa", "tulla", "saapua", "vaihtaa", tense="past") or (
                family and word.folded in ("muutti", "muuttivat"))
            moving = word.verb("muuttaa") or "muuttanut" in word.lemmas() or family
            country = next((j for j in _rest_of_clause(words, i) if words[j].case(*FROM_PLACE) & FI_COUNTRIES), None)
            if past and country is not None:  # "muutettiin Irakista Mikkeliin"
                found.group("immigrant", (word.start, words[country].end))
            for j in _rest_of_clause(words, i):
                district = _town_before_place(words, j, into=True)  # "Mustasaaren Sepänkylään"
                place = _fi_place(words[j], ("sisatulento", "ulkotulento")) or district
                if place == "Suomi":
                    # "muutin Suomeen" describes the user; "muutan Suomeen" is a move with needs of its own
                    found.group("immigrant", (word.start, _origin_end(words, j)) if past else None)
                    if past and word.verb("tulla"):
                        continue  # "tulin Suomeen 2019 töihin Närpiöön": the town may follow
                    break
                if place and (moving or (word.verb("vaihtaa") and any(
                        _fi_place(words[k], FROM_PLACE) for k in range(i + 1, j)))):  # "vaihdetaan Hollolasta Lahteen"
                    last = j + 1 if district else j
                    if last + 1 < len(words) and words[last + 1].case("sisatulento") & FI_DWELLINGS:
                        last += 1  # "… Sepänkylään omakotitaloon"
                    found.place(place, (word.start, words[last].end) if past else None)
                    break
                if place and past and word.verb("tulla") and not any(
                        words[k].folded in FI_VISITING for k in _ahead(words, j, 2)):
                    found.arrived = found.arrived or place  # "tulin … töihin Närpiöön": the home if no other is told
                    break
                if past and words[j].folded in ("tänne", "tähän"):  # "muutin tänne keväällä": only says who
                    found.spans.append((word.start, words[j].end))
                    break
        elif _on_pension(word) and (be := next((k for k in (i + 1, i + 2) if k < len(words) and (
                words[k].verb("olla") or words[k].folded in ("oon", "ollaan")) and words[k].sentence == word.sentence),
                None)) is not None:
            # "eläkkeellä olen ollut jo kymmenen vuotta": the pension first
            last = be + 1 if be + 1 < len(words) and words[be + 1].folded in ("ollut", "ollu", "oltu") else be
            found.group("retired", (word.start, words[last].end))
        elif _on_pension(word) and (_starts_clause(text, words, i) or words[i - 1].folded in FI_BEFORE_PENSION) and (
                not any(words[k].folded in ("ei", "en", "emme") or _third_person(words[k])
                        for k in range(max(0, i - 2), i))):
            found.group("retired", (word.start, word.end))  # "68v ja eläkkeellä", "eläkkeel jo 6v"
        elif any(lemma.endswith("eläke") for lemma in word.case("ulkotulento")) and i + 1 < len(words) and (
                words[i + 1].verb("jäädä", "päästä", tense="past")):
            found.group("retired", (word.start, words[i + 1].end))  # "eläkkeelle jäin rautateiltä"
        elif word.folded in ("minut", "mut", "meidät") and any(
                words[k].folded in FI_DISMISSED for k in _ahead(words, i, 2)):
            found.group("unemployed", None)  # "minut on irtisanottu", "mut lomautettiin"
        elif word.verb("tehdä") and (studies := next((j for j in _rest_of_clause(words, i, 3) if _studies(words[j])),
                                                     None)) is not None:
            found.group("student", (word.start, words[studies].end))  # "teen tietotekniikan opintoja"
        elif word.verb("päästä", tense="past") and (admitted := _admitted_to_school(words, i)) is not None:
            found.group("student", (word.start, admitted))  # "pääsin yliopistoon lukemaan oikeustiedettä"
        elif word.verb("täyttää") and (turning := _turning_age(words, i)) is not None:
            if group := _age_group(turning[0]):  # "täytän ensi kuussa 70"
                found.group(group, (word.start, turning[1]))
        elif word.verb("jäädä", "päästä", tense="past"):
            nxt = [words[j] for j in _ahead(words, i)]
            if any(w.case("tulento") & {"työtön"} for w in nxt):
                found.group("unemployed", None)  # "jäin työttömäksi" is itself the need
            elif pension := next((j for j in _ahead(words, i) if words[j].case("ulkotulento") & {"eläke"}), None):
                found.group("retired", (word.start, words[pension].end))  # "jäin viime keväänä eläkkeelle"
        elif word.verb("menettää", tense="past") and any(
                w.lemmas() & {"työ", "työpaikka"} for w in (words[j] for j in _ahead(words, i))):
            found.group("unemployed", None)
        elif word.readings and any(r.get("BASEFORM") in ("irtisanoa", "lomauttaa") and r.get("PERSON") == "4"
                                   for r in word.readings):
            found.group("unemployed", None)
        elif word.verb("saada", tense="past") and any(words[j].folded == "potkut" for j in _ahead(words, i)):
            found.group("unemployed", None)
        elif word.verb("lukea") and any(
                lemma.endswith(FI_SCHOOLS) for j in _ahead(words, i, 2)
                for lemma in words[j].case("sisaolento", "ulkoolento")):
            last = next(j for j in _ahead(words, i, 2) if any(
                lemma.endswith(FI_SCHOOLS) for lemma in words[j].case("sisaolento", "ulkoolento")))
            found.group("student", (word.start, words[last].end))  # "luen yliopistolla psykologiaa"
        elif word.verb("opiskella"):
            town = _town_before_place(words, i + 1)  # "opiskelen Turun yliopistossa"
            named = town or (i + 1 < len(words) and _is_place_name(words[i + 1], ("omanto",)))  # "Lapin yliopistossa"
            school = i + 2 if named else i + 1
            last = school if school < len(words) and any(
                lemma.endswith(FI_SCHOOLS) for lemma in words[school].case("sisaolento", "ulkoolento")) else i
            if town and last == school:
                found.place(town, None, need=False)
            found.group("student", (word.start, _place_after(words, last, found, word.start)))
        elif word.lemmas() & {"isä", "äiti", "vanhempi"} and i and _is_child(words[i - 1]):
            found.group("family", (_family_start(words, i - 1), word.end))  # "kahden lapsen isä"
        elif word.verb("valmistua", tense="past"):  # "valmistuin keväällä insinööriksi": a student no more
            last = next((j for j in _ahead(words, i) if words[j].case("tulento")), i)
            found.dropped.append("student")
            found.spans.append((word.start, words[last].end))
        elif word.folded == "raskaana" and i >= 2 and words[i - 1].folded == "on" and (
                words[i - 2].lemmas() & FI_PARTNERS):
            found.expecting_baby((words[i - 2].start, word.end))  # "vaimo on raskaana"
        elif word.lemmas() & {"vauva", "esikoinen", "lapsi", "kaksonen"} and (coming := [
                j for j in range(max(0, i - 2), min(i + 3, len(words))) if words[j].folded in FI_COMING]):
            # "esikoinen on tulossa", "meille on tulossa vauva"
            found.expecting_baby((words[min(coming[0], i)].start, words[max(coming[0], i)].end))
        elif word.folded in MY_WORDS and i + 1 < len(words) and _is_child(words[i + 1]) and not (
                words[i + 1].lemmas() & FI_KIN_CHILDREN):  # "mun poika opiskelee Vantaalla" may be grown up
            found.group("family", None, need=False)  # "meidän 2-vuotias tarvis hoitopaikan": part of what is asked
        elif (word.verb("aloittaa", tense="past") or "aloittanut" in word.lemmas()) and (studies := next(
                (j for j in _ahead(words, i, 2) if _studies(words[j])), None)):
            found.group("student", (word.start, words[studies].end))  # "aloitin syksyllä lähihoitajaopinnot"
            if town := _town_before_place(words, studies + 1):  # "… opinnot Turun yliopistossa": a study town
                found.place(town, None, need=False)
        elif _studies(word) and word.case("nimento") and (begun := next(
                (j for j in _ahead(words, i, 2) if words[j].lemmas() & {"alkaa"} or words[j].folded in FI_BEGAN),
                None)) is not None and _speaks_of_self(text, words):
            found.group("student", (word.start, words[begun].end))  # "opinnot yliopistolla alko tällä viikolla"
        elif word.verb("odottaa") and any(words[j].lemmas() & FI_CHILD_WORDS for j in _ahead(words, i)):
            last = next(j for j in _ahead(words, i) if words[j].lemmas() & FI_CHILD_WORDS)
            found.expecting_baby((word.start, words[last].end))
        elif word.folded in ("minulla", "meillä", "mulla", "meil", "mul") and any(
                _is_child(words[j]) for j in _ahead(words, i, CHILD_LOOKAHEAD)):
            last = next(j for j in _ahead(words, i, CHILD_LOOKAHEAD) if _is_child(words[j]))
            found.group("family", (word.start, words[last].end))
        elif i + 1 < len(words) and words[i + 1].folded in FI_WITH and (
                _is_child(word) or word.case("omanto") & {"perhe"}):  # "kahden lapsen kanssa", "perheen kanssa"
            found.group("family", (_family_start(words, i), words[i + 1].end))
        elif (word.folded in FI_NUMBERS or word.folded.isdigit()) and any(
                _is_child(words[j]) for j in range(i + 1, min(i + 3, len(words)))):
            last = next(j for j in range(i + 1, min(i + 3, len(words))) if _is_child(words[j]))
            start = words[i - 1].start if i and words[i - 1].folded == "kotona" else word.start
            found.group("family", (start, words[last].end))  # "kotona kolme lasta", "kaksi ekaluokkalaista"
        elif word.verb("täyttää", tense="past") and (age := next(
                (a for j in _ahead(words, i) if (a := _age(words[j])) is not None), None)) is not None:
            if group := _age_group(age):  # "täytin just 70"
                last = next(j for j in _ahead(words, i) if _age(words[j]) is not None)
                found.group(group, (word.start, words[last].end))
        elif word.folded in ("lapset", "lapseni", "lapsemme", "lapsukaiset") and i + 1 < len(words) and (
                words[i + 1].folded in ("on", "ovat", "käy", "käyvät")) and not any(
                "aikuinen" in words[j].lemmas() for j in range(max(0, i - 1), min(len(words), i + 5))):
            last = i + 2 if i + 2 < len(words) and _school_groups(words[i + 2].case("osanto")) else i + 1
            found.group("family", (word.start, words[last].end))  # "lapset on 3 ja 6", "lapset käy koulua"
        elif word.verb("käydä") and i + 1 < len(words) and (school := _school_groups(
                words[i + 1].case("osanto") | words[i + 1].case("omanto")) or (
                {"student"} if words[i + 1].folded in FI_SCHOOL_SLANG or any(
                    lemma.endswith(("koulutus", "kurssi")) for lemma in words[i + 1].case("osanto")) else set())):
            # "käyn lukiota", "käyn koulua", "käyn lukion ekaa vuotta", "käyn lähihoitajakoulutusta"
            for group in sorted(school):
                found.group(group, (word.start, words[i + 1].end))
        elif word.case("sisatulento") & {"opiskella"} and any(
                words[k].verb("muuttaa", "tulla", "lähteä", "mennä") for k in range(i)):
            found.group("student", (word.start, word.end))  # "muutin Seinäjoelle opiskelemaan"
        elif word.possessed_by_me() & FI_CHILD_WORDS and not (
                i + 1 < len(words) and words[i + 1].folded in FI_NEAR):  # "muutin tyttäreni lähelle"
            found.group("family", None, need=False)  # "lapselleni": part of what is asked, if anything
        elif (i + 1 < len(words) and words[i + 1].folded in FI_SCHOOL_YEARS and words[i + 1].sentence == word.sentence
              and any(lemma.endswith(FI_SCHOOLS) for lemma in word.case("omanto"))):
            found.group("student", (word.start, words[i + 1].end))  # "oon lukion ekalla"
        elif _starts_clause(text, words, i) and (age := _age(word)) is not None and re.fullmatch(
                r"\d{1,3}-?v(?:uotias)?", word.folded) and (group := _age_group(age)) and not _third_person_next(
                words, i):
            found.group(group, (word.start, word.end))
        elif (old := re.fullmatch(r"(\d{2,3})-?vuotiaana", word.folded)) and int(old.group(1)) >= SENIOR_MIN_AGE and (
                any(any(r.get("PERSON") in ("1", "4") and is_finite_verb(r) for r in words[k].readings)
                    for k in range(i) if words[k].sentence == word.sentence)):
            found.group("senior", (word.start, word.end))  # "jäin eläkkeelle 67-vuotiaana": older now
        elif word.verb("täyttää", tense="past") and i and (age := _age(words[i - 1])) is not None and (
                group := _age_group(age)):
            found.group(group, (words[i - 1].start, word.end))  # "67 täytin keväällä"
        elif _starts_clause(text, words, i) and not _third_person_next(words, i) and (
                groups := _introduced_groups(word)):
            # "tässä eläkeläinen täältä Hämeenlinnasta", "työtön yksinhuoltaja, ...": the writer introduced
            j = _more_of_clause(words, i, groups)
            start = words[i - 1].start if i and words[i - 1].folded in FI_HERE_WORDS else word.start
            k = j + 1 if j + 1 < len(words) and words[j + 1].folded in FI_HERE_WORDS else j
            end = _place_after(words, k, found, start)
            for group in sorted(groups):
                found.group(group, (start, end))
        elif (here := _here_beside(words, i)) is not None and not word.case("osanto") and (
                groups := _groups_in(words, i)):
            # "23v oululainen fysiikan opiskelija täällä", "täällä kirjoittelee 68-vuotias": the writer introduced
            first = next((k for k in range(max(0, i - CLAUSE_REACH), i)
                          if words[k].sentence == word.sentence and _groups_in(words, k)), i)
            for k in range(first, i):
                groups |= _groups_in(words, k)
            for group in sorted(groups):
                found.group(group, (words[min(first, here)].start, words[max(i, here)].end))
        elif word.folded in FI_GREETINGS_FROM and i + 1 < len(words) and (
                town := _fi_place(words[i + 1], FROM_PLACE)) and town != "Suomi":
            found.place(town, (word.start, words[i + 1].end))  # "Terveisii Turust!": greetings from home
        elif inhabitant is None and (town := _demonym_place(word)):
            inhabitant = (town, (word.start, word.end))
        elif word.case("olento") and (group := next(
                (g for lemma in word.case("olento") if (g := _group_of(lemma)) and lemma != "nuori"), None)):
            found.group(group, (word.start, word.end))  # "opiskelijana tarvitsen ..."
    if found.groups and not found.municipality:
        # beside facts about the writer, a town where something happens is theirs: "oon 16 ja käyn lukioo Porissa"
        for j, word in enumerate(words):
            place = _fi_place(word, AT_PLACE) or _misspelt_place(word)
            if place and place not in ("Suomi", found.former_home) and j not in visited:
                found.place(place, (word.start, word.end))
                # "asun mieheni ja vauvamme kanssa Rovaniemellä": the verb of living belongs to it
                found.spans += [(w.start, w.end) for w in words if w.verb("asua", "asustaa", "asustella")]
                break
    if inhabitant:
        found.place(*inhabitant)  # kept only when no other home was named
    if len(words) == 1:  # a message that is only a group noun: "eläkeläinen"
        lone = {g for lemma in words[0].case("nimento") | {words[0].folded} if (g := _group_of(lemma))}
        for group in sorted(lone):
            found.group(group, (words[0].start, words[0].end))


# --- Swedish and English, by phrase ---------------------------------------------------------------------

# Swedish and English words that name a group after "I am" / "jag är" (and "and a ..." after another fact).
SV_EN_GROUP_WORDS: dict[str, str] = {
    "student": "student", "students": "student", "studerande": "student", "studenter": "student",
    "undergraduate": "student", "högskolestuderande": "student", "studerade": "student",
    "utbytesstudent": "student", "universitetsstudent": "student", "gymnasist": "student",
    "pensionär": "retired", "pensionärer": "retired", "pensionerad": "retired", "pensionerade": "retired",
    "retired": "retired", "pensioner": "retired", "retiree": "retired", "on a pension": "retired",
    "arbetslös": "unemployed", "arbetslösa": "unemployed", "unemployed": "unemployed", "jobless": "unemployed",
    "out of work": "unemployed", "out of a job": "unemployed", "a job seeker": "unemployed",
    "arbetssökande": "unemployed",
    "invandrare": "immigrant", "flykting": "immigrant", "flyktingar": "immigrant", "asylsökande": "immigrant",
    "immigrant": "immigrant", "refugee": "immigrant", "asylum seeker": "immigrant", "expat": "immigrant",
    "newcomer": "immigrant", "ny i finland": "immigrant", "new in finland": "immigrant", "new to finland": "immigrant",
    "nyinflyttad i finland": "immigrant", "nyinflyttad": "immigrant",
    "ung": "youth", "tonåring": "youth", "ungdom": "youth", "young": "youth", "teenager": "youth", "teen": "youth",
    "a young person": "youth",
    "äldre": "senior", "senior": "senior", "elderly": "senior", "senior citizen": "senior", "old": "senior",
    "parent": "family", "förälder": "family", "mother": "family", "father": "family", "mum": "family",
    "mom": "family", "dad": "family", "mamma": "family", "pappa": "family", "barnfamilj": "family",
    "småbarnsförälder": "family",
    "permitterad": "unemployed", "uppsagd": "unemployed", "laid off": "unemployed", "job seeker": "unemployed",
    "jobseeker": "unemployed", "foreigner": "immigrant", "utlänning": "immigrant", "invandrad": "immigrant",
}
# Words allowed between "I am" and the group word: "I'm now a retired ...", "jag är en ensamstående mamma".
# Any words but those that turn the sentence away from the writer ("I'm looking for student housing").
_SV_EN_FILLERS = (r"(?:(?!(?:not|no|years?|år|looking|searching|asking|interested|trying|going|here|inte|letar|söker|"
                  r"intresserad|ute|frågar|för|my|our|his|her|their|min|mitt|mina|vår|vårt|våra|hans|hennes|deras"
                  # a Finnish conjunction: the clause is Finnish ("täytin 67, mutta teen vielä töitä": "teen" is "I do")
                  r"|mutta|mut|vaan|että|kun|ku|sekä|ja"
                  # a Finnish relative or question word: "koti on Rovaniemellä, missä teen yövuoroja"
                  r"|missä|jossa|mitä|joka|jota|mihin|mis|mitäs)\b)"
                  r"[^\W_][\w'-]* )")
_GROUP_WORDS = "|".join(re.escape(w) for w in sorted(SV_EN_GROUP_WORDS, key=len, reverse=True))
_I_AM = (r"(?:(?:^|(?<=[.!?] ))(?:har varit|have been)"
         r"|i(?:'m|m| am|'ve been| have been)|we(?:'re| are)(?: both)?|(?:jag|ja|vi) (?:är|e|har varit)"
         r"|(?:^|(?<=[.!?,] )|\b(?:själv|nu|så|numera|och|o|å) )(?:är|e) (?:jag|ja)"
         r"|(?:and i|och jag) (?:are|är)(?: both| båda)?|vi är båda)")
# "jag är en äldre person", "I'm a retired guy": the noun after the group word adds nothing to search for
_PERSON = r"(?: (?:person|people|människa|människor|guy|man|woman|lady|gentleman|kvinna|dam|herre|citizen|person))?"
_SV_EN_BE = re.compile(rf"\b{_I_AM} {_SV_EN_FILLERS}{{0,4}}?({_GROUP_WORDS}){_PERSON}\b")
# "as a senior in Turku I need …", "som studerande i Åbo behöver jag …"
_SV_EN_AS = re.compile(rf"(?:^|\b)(?:as an?|as|som|i egenskap av) (?:(?:en|ett) )?({_GROUP_WORDS}){_PERSON}\b")
# A message that starts with the group: "pensionär i Björneborg, 69 år"
_LEADING_WORDS = ("student", "studerande", "pensionär", "pensioner", "pensionerad", "retired", "arbetslös",
                  "unemployed", "arbetssökande", "job seeker", "invandrare", "immigrant", "refugee", "flykting")
_LEADING = "|".join(w for w in _LEADING_WORDS if w in SV_EN_GROUP_WORDS)
_SV_EN_LEADING = re.compile(rf"(?:^|(?<=[.!?] ))(?:(?:finally|just|recently|newly|now|officially|äntligen|nyss"
                            rf"|nyligen|nu|numera) )?(?:(?:a|an|en|ett) )?({_LEADING})"
                            r"(?=$|[,.!]| (?:i|in|from|från|på|och|and|o|here|här|sen|sedan|since|\d|last|this"
                            r"|after|earlier|recently|i fjol|förra|now|nu|at \d))")
# "Retired teacher here", "student här": the writer introduced, with what they do
_SV_EN_HERE = re.compile(rf"(?:^|\b(?:hey|hi|hello|hej|hejsan|tja|moi|terve),? )(?:(?:a|an|en|ett) )?"
                         rf"(?:[^\W\d_][\w'’-]* ){{0,2}}?({_GROUP_WORDS})(?: [^\W\d_]+)? (?:here|här)\b")
_SV_EN_NOT = re.compile(rf"\b(?:i(?:'m| am) (?:not|no longer)|jag (?:är|e) inte(?: längre)?) "
                        rf"{_SV_EN_FILLERS}{{0,2}}({_GROUP_WORDS})\b")
# A group that no longer applies: "studerar inte längre", "I used to be unemployed", "I started a new job".
_NO_LONGER: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:(?:jag |vi )?(?:studerar|pluggar) inte (?:längre|mer)|i(?:'m| am) (?:not|no longer) "
                r"(?:studying|at (?:uni|university|school))|i used to (?:be an? student|study)|i (?:graduated|finished "
                r"(?:my )?(?:studies|degree))|jag (?:tog examen|blev klar med studierna))\b"), "student"),
    (re.compile(r"\b(?:i used to be (?:unemployed|jobless|out of work)|i (?:(?:have |'ve )?(?:just )?(?:started|got|"
                r"found) an? (?:new )?job)|jag (?:har )?(?:fått|fick|hittade|hittat|började på) (?:ett )?(?:nytt )?"
                r"jobb(?:et)?)\b"), "unemployed"),
]
# What the writer works as only describes them: "jobbar som sjukskötare nu", "I work as a nurse".
_WORKS_AS = re.compile(r"(?:\b(?:jag|i|och|and|o|men|but|ska|will)\s|,\s?|^|(?<=[.!?] ))"
                       r"(?:jobbar|arbetar|work|working|am working|'m working|börja jobba|börja arbeta|start working)"
                       r"(?: (?:still|fortfarande|extra|also|också))?"
                       r"(?: (?:shifts|nights|part-time|full-time|skift|treskift|deltid|heltid|halvtid))?"
                       r"(?: (?:som|as) (?:an? |en |ett )?[^\W\d_]+| (?:på|vid|at|in|for) (?:the |a |an )?[^\W\d_]+"
                       r"(?: (?!(?:in|i|and|och|but|men|now|nu|here|här)\b)[^\W\d_]+)?)"
                       r"(?: (?:nu|now|here|här|där|there))?\b")
_SV_EN_AND = re.compile(rf"(?:\b(?:and|och|o)|,)(?: (?:jag |vi )?(?:är|e|har varit)| i(?:'m| am|'ve been)"
                        rf"| we(?:'re| are)| am| have been)? {_SV_EN_FILLERS}{{0,2}}({_GROUP_WORDS})\b"
                        r"(?! (?:bor|lives|is|är|works|jobbar|arbetar|says|säger|has|har)\b)")  # ", mamma bor i …"
# "I'm a refugee from Ukraine": the origin belongs to the statement.
# "a PhD student at Aalto", "studerande vid Åbo Akademi": where the group word ends
_FROM_PLACE = re.compile(r" (?:from|från|at|vid) (?:the )?[^\W\d_]+(?: (?:university|college|akademi|universitet"
                         r"|högskola|yliopisto))?")

# Said beside other facts, these only describe the writer: the partner ("my wife and I have three kids"), the
# reason for a move ("just moved to Tampere for work"), a country of origin ("last year from India").
_ALSO_ABOUT_THE_WRITER = re.compile(
    r"\b(?:my|our|min|mitt|vår) (?:wife|husband|partner|spouse|fru|man|sambo|make|maka)"
    r"(?: (?:and|och))?(?= (?:i|jag)\b)"
    r"|\b(?:jag är|vi är|i'm|i am|we're|we are) (?:an? |en |ett )?(?:svensk(?:ar|a)?|finländare|finne|finnar"
    r"|tysk(?:ar)?|dansk(?:ar)?|swedish|finnish|german|norwegian|danish|estonian|russian|ukrainian|american|british"
    r"|french|spanish|italian|polish|indian|chinese|vietnamese|brazilian|somali|iraqi|syrian|afghan|turkish|iranian"
    r"|thai|filipino)(?: citizens?| medborgare| nationals?)?\b"
    r"|\b(?:jag|i|me) (?:och|and|&) (?:min|mitt|my) (?:wife|husband|partner|spouse|fru|man|sambo|make|maka|"
    r"pojkvän|flickvän|boyfriend|girlfriend)\b"
    r"|\b(?:for|för) (?:work|a job|my job|my studies|studies|school|jobbet|ett jobb|arbetet|studierna|studier)\b"
    # who else is at home, how long at work, what else is done: "we live in Turku - me, my wife and our son",
    # "still living with my parents", "efter 40 år på varvet", "alongside my job"
    r"|\b(?:me|jag|mig),? (?:my|min) (?:wife|husband|partner|spouse|fru|man|sambo|make|maka)(?: (?:and|och))?"
    r"|\b(?:still )?(?:living|live|lives) (?:at home )?with (?:my|our) (?:parents|mum|mom|dad|mother|father|family"
    r"|folks)"
    r"|\bbor (?:fortfarande |kvar )?(?:hemma )?(?:hos|med) (?:mina |min )?(?:föräldrar|mamma|pappa|familj)"
    r"|\b(?:efter|after) (?:\d+|[^\W\d_]+) (?:år|years?) (?:på|at|i|in|som|as) (?:the |a |an |samma |same |en |ett )?"
    r"[^\W\d_]+"
    r"|\b(?:alongside|besides|beside|next to|vid sidan av|bredvid) (?:my|a|the|mitt|ett) (?:day )?(?:job|work|jobb"
    r"|arbete)\b")
# "jag har just flyttat hit från Sverige", "we moved here from Syria": from abroad, unless the place is a municipality
# "jag flyttade från Ukraina till Åbo", "we moved from India to Turku": from abroad, when the origin is no town here
_MOVED_FROM_TO = re.compile(r"\b(?:flyttade|flytta|har flyttat|flyttat|kom|moved|came|came over|relocated|have moved"
                            r"|'ve moved) "
                            r"(?:hit |here )?(?:från|from) ([^\W\d_]+) (?:till|to)\b")
# "jag kom från Irak", "I came from Syria": a country, when the word is no town here nor a place of everyday life
_CAME_FROM = re.compile(r"\b(?:jag|vi|i|we|och|o|å|and) (?:kom|har kommit|came|have come|'ve come)"
                        r" (?:hit |here |over )?(?:från|from) "
                        r"(?!(?:the|a|an|my|our|work|school|home|jobbet|skolan|hemma|jobb|job|town|city)\b)"
                        r"([^\W\d_]{4,})")
_MOVED_HERE_FROM = re.compile(r"\b(?:flyttat|flyttade|kom|kommit|moved|came|have come|'ve come) (?:hit|here) "
                              r"(?:(?:för|for) \w+ (?:sedan|ago) )?(?:från|from) ([^\W\d_]+)")
# "I just moved to Oulu from Brazil": the origin after the new home
_MOVED_TO_FROM = re.compile(r"\b(?:moved|came|relocated|have moved|'ve moved|flyttade|flytta|har flyttat|flyttat|kom) "
                            r"(?:here |hit )?(?:to|till) [^\W\d_]+(?:[: ][^\W\d_]+)? (?:from|från) ([^\W\d_]+)")
# "I'm originally from Canada": a country, when it is no town here
_ORIGINALLY_FROM = re.compile(r"\b(?:originally|ursprungligen) (?:from|från) ([^\W\d_]{4,})")
_FROM_ABROAD = re.compile(r"\b(?:from|från) ([^\W\d_]+)")
# Chat drops the subject at the start of a message or after "and": "moved to Finland 2 months ago", "vi bor i
# Pargas och har tre barn".
# "flytta" is spoken for "flyttade", unless it follows a verb that wants it ("vill flytta", "ska flytta")
_SPOKEN_MOVED = r"(?<!vill )(?<!ska )(?<!att )(?<!kan )(?<!måste )flytta"
_SV_SUBJECT = r"(?:\b(?:jag|vi|ja) |\b(?:och|o|å) (?:(?:jag|vi|ja) )?|, ?|^|(?<=[.!?] ))"
_EN_SUBJECT = r"(?:\b(?:i|we) |\band (?:(?:i|we) )?|^)"

# A child who lives, studies or works elsewhere is no family at home: "my son is at university in Helsinki"
_ELSEWHERE = (r"(?! (?:bor|lives|living|studerar|studies|jobbar|works) (?:i|in|på|at) "
              r"| (?:is|are) (?:at|in) (?:university|uni|college|the army|armén|universitetet)"
              r"| (?:is|are|has|have) (?:all |long )?(?:grown|been grown|an adult|adults|moved out)"
              r"| (?:är|har) (?:redan |länge )?(?:vuxen|vuxna|flyttat))")

# A nationality other than Finnish, told of oneself: "I'm British", "jag är britt", "German exchange student here"
NATIONALITIES = (
    "british|brit|english|scottish|irish|welsh|american|canadian|australian|german|french|spanish|italian|dutch"
    "|belgian|swiss|austrian|polish|russian|ukrainian|estonian|latvian|lithuanian|hungarian|romanian|bulgarian|czech"
    "|slovak|greek|portuguese|norwegian|danish|icelandic|swede|indian|chinese|japanese|korean|vietnamese|thai"
    "|filipino|filipina|nepali|nepalese|pakistani|bangladeshi|iraqi|iranian|syrian|afghan|somali|turkish|kurdish"
    "|eritrean|ethiopian|nigerian|kenyan|ghanaian|brazilian|mexican|colombian|argentinian|chilean|peruvian"
    "|britt|engelsman|tysk|fransman|amerikan|ryss|ukrainare|estländare|norrman|dansk|polack|indier|kines|irakier"
    "|syrier|somalier|turk|brasilian|spanjor|italienare|holländare|ungrare|rumän|vietnames|thailändare|afghan")
_NATIONALITY = (rf"(?:\b(?:i(?:'m| am|m)|jag är|jag e|ja e|we(?:'re| are)|vi är) (?:an? |en |ett )?(?:[^\W\d_]+ )?"
                rf"|(?:^|\b(?:hey|hi|hello|hej|hejsan|tja|moi|terve),? )(?:an? |en |ett )?"
                rf"(?:(?:retired|young|old|pensionerad|ung) )?"
                rf"(?=(?:{NATIONALITIES})(?:(?: [^\W\d_][\w'’-]*){{0,2}} (?:here|här)\b"
                r"|,|$| (?:living|in|i|from|från|who|som|and|och|guy|woman|man|girl|lady|mum|mom|dad|student|pensioner"
                rf"|retiree)\b)))(?:{NATIONALITIES})(?![\w-])"
                r"(?! (?:food|cuisine|lessons|course|classes|language|mat|kurs|lektioner)\b)")

_THE_KIDS = re.compile(r"\b(?:the kids|the children|the twins|barnen|ungarna|tvillingarna)\b"
                       r"(?! (?:are grown|have moved|är vuxna|har flyttat|bor i|live in|lives in))")
_WE = re.compile(r"\b(?:we|we're|we've|vi|our|vår|vårt|våra)\b")
_STUDY_TOWN = re.compile(r"\b(?:university|college|polytechnic|universitet) of ([^\W\d_]+)\b"
                         r"|\b(?!(?:the|a|an|my|our|at|in|vid|på)\b)([^\W\d_]+?)(?:s)? (?:university|universitet"
                         r"|yliopisto)\b")
_LIVES_ALONE = re.compile(r"\b(?:live|living|lives|bor|stay|staying) (?:all )?"
                          r"(?:alone|on my own|by myself|ensam|själv)\b")

_SV_EN_GROUPS: list[tuple[str, str, bool]] = [
    (_NATIONALITY, "immigrant", False),
    # (pattern on folded text, group, is it an event that is itself a need)
    # the age first: "a 20 year old uni student", "en 19-årig gymnasist"
    (r"\b\d{1,2}[ -]?(?:years?[ -]old|yo|y/o|-?årig|-?åring) (?:(?:uni|university|college|exchange|international|phd|"
     r"master'?s|nursing|medical|law|art|high school|gymnasie|universitets|högskole)[ -])?(?:student|studerande|"
     r"gymnasist)\b", "student", False),
    (r"\b(?:our|my) (?:grandson|granddaughter|grandchild|grandchildren|grandkids?|kids?|children|son|daughter|"
     r"stepson|stepdaughter|stepkids?|foster (?:child|son|daughter)) (?:lives?|is living|are living|stays?|has moved)"
     r" (?:in )?with (?:us|me)\b", "family", False),
    (r"\b(?:jag|vi|och|o) studerar(?: (?:vid|på) (?:universitetet|högskolan|yrkeshögskolan|gymnasiet|ett universitet))?"
     r"\b", "student", False),
    (r"\b(?:jag|vi|och|o) (?:går|gick) i (?:skolan|grundskolan|högstadiet|lågstadiet|nian|åttan|sjuan)\b", "youth",
     False),
    (r"(?:\b(?:jag|vi|och|o|å)|^|,) ?går (?:(?:första|andra|tredje|fjärde|sista) (?:året|klassen|året) )?(?:i|på) "
     r"(?:gymnasiet|yrkesskolan|yrkesinstitutet|universitetet|högskolan|yrkeshögskolan|andra stadiet)\b",
     "student", False),
    (r"\b(?:för (?:mina )?studier(?:na)?|for (?:my|our) (?:studies|university|degree))\b",
     "student", False),
    (r"\b(?:i|and) (?:study|am studying|'m studying)\b", "student", False),
    (r"\bjag har gått i pension\b|\bgick (?:jag|vi) i pension\b", "retired", False),
    (rf"{_SV_SUBJECT}(?:blev|har blivit) (?:arbetslös|uppsagd|permitterad)\b", "unemployed", True),
    (rf"{_SV_SUBJECT}(?:har )?(?:just |nyss |precis )?(?:förlorat|förlorade|miste|mist|blivit av med|blev av med) "
     r"(?:mitt |mitt nya )?"
     r"(?:jobb|arbete)(?:et)?\b", "unemployed", True),
    (rf"{_SV_SUBJECT}fick sparken\b", "unemployed", True),
    (rf"{_EN_SUBJECT}(?:have |'ve )?been (?:jobless|unemployed|out of work)\b", "unemployed", False),
    (rf"{_SV_SUBJECT}(?:pluggar|läser|studerar)(?: (?:första|andra|tredje|fjärde|femte|sista) året)?"
     r"(?: (?:vid|på) (?:universitetet|högskolan|yrkeshögskolan|gymnasiet|"
     r"åbo akademi|\w+ universitet))?\b", "student", False),
    (rf"{_SV_SUBJECT}(?:flyttade|{_SPOKEN_MOVED}|har flyttat|kom) (?:nyss |just |precis )?till finland\b", "immigrant",
     False),
    # a country left behind: "I am from Bangladesh and living in Finland", "jag kommer från Somalia", "came over from
    # brazil" (a town here is a home, not an origin: the place patterns read it)
    (rf"\b(?:from|från|fled|flydde från|escaped) (?:the )?(?:{'|'.join(sorted(SV_EN_COUNTRIES))})\b", "immigrant",
     False),
    # a child of the writer's, in any words: "w our 2 kids", "me fru å barn", "with my wife and little daughter",
    # "våra tvillingar på sju år", "our son was born" (not grown-up children who have moved out)
    (r"\b(?:my|our|min|mitt|mina|vår|vårt|våra|with|w|med|me)(?: (?!grown|adult|vuxna)[^\W\d_]+| \d+){0,3}? "
     r"(?:kids?|children|child|baby|babies|sons?|daughters?|toddlers?|twins|boys|girls|newborn|barn|bebis|son|dotter"
     r"|döttrar|söner|tvillingar|småbarn|pojkar|flickor|\d+[- ]?(?:month|year)[- ]old)\b"
     rf"(?!'s| (?:have|are|who are|who have|has) (?:all )?(?:grown|moved out|adults)| är vuxna| har flyttat)"
     rf"{_ELSEWHERE}",
     "family", True),
    (r"\b(?:got|get|getting|receive|receiving|draw|drawing|fick|får|lyfter) (?:my |min )?(?:first |första )?"
     r"(?:pension|pensionen)\b", "retired", False),
    # "retired nurse, 68", "pensionerad lärare från Åbo": the writer introduced by a former profession
    (r"(?:^|(?<=[.!?/,] ))(?:an? |en )?(?:retired|pensionerad) [^\W\d_]+(?=[,.!]|$| (?:here|här|from|från|in|i)\b)",
     "retired", False),
    (r"\b(?:barnen|mina barn|våra barn|mitt barnbarn|mina barnbarn|the kids|my kids|our kids|the children|my children"
     r"|my grandchild|my grandson|my granddaughter)(?: \w+)? (?:bor|live|lives|are living|is living) (?:nu |now |"
     r"permanently |på heltid |full[- ]time )?(?:hos (?:mig|oss)|with (?:me|us))\b|\bbor barnen hos (?:mig|oss)\b",
     "family", False),
    (r"\bhave an? (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:month|week|year)[- ]old\b"
     r"|(?:^|(?<=[,.!/] )|\b(?:o|och|and|&|w|with|med) )(?:\d|one|two|three|four|five|två|tre|fyra|fem)"
     r" (?:small |little |young |små |unga )?"
     r"(?:kids|children|barn|småbarn|ungar)\b(?! (?:bor|live|lives|are grown|är vuxna))", "family", False),
    # studies told by what fills the days: "first year at uni", "for my phd at aalto", "mellan föreläsningarna"
    (r"\b(?:first|second|third|fourth|final|last) (?:year|term|semester) (?:at|of|in) (?:the )?(?:[^\W\d_]+ )?"
     r"(?:uni|university|college|polytechnic|lukio|amk|upper secondary(?: school)?|high school|vocational school"
     r"|gymnasiet|gymnasium)\b"
     r"|\b(?:utbildar mig|läser|pluggar)(?: jag| vi)? till (?!finland\b)[^\W\d_]{4,}\b"
     r"|\b(?:flyttade|flyttat|flytta|kom|kommit)\b[^.!?]{0,40}\bför att (?:plugga|studera|läsa|utbilda mig)\b"
     r"|(?:\b(?:i'm|i am|im|and)|,|^) ?(?:also |currently |now )?studying (?!for\b|to\b|the\b|how\b|what\b)"
     r"[^\W\d_]{4,}"
     r"(?: (?:part-time|full-time|remotely|online|at night|in the evenings))?\b"
     r"|\b(?:for|to do|to start|doing|do) (?:my|a) (?:(?:part-time|full-time|first|second|\w+'s) )?"
     r"(?:phd|master'?s|bachelor'?s|degree|doctorate|studies)\b"
     r"|\b(?:do|doing) my (?:first|second|third|final|last) year (?:at|in)\b"
     r"|\b(?:go|going) to (?:the )?(?:[\w-]+ ){0,2}(?:upper secondary school|high school|vocational school|college"
     r"|uni|university)\b"
     r"|\b(?:i'm |i am |and |, ?)studying(?: [^\W\d_]+){1,3} (?:at|in)\b"
     r"|\b(?:har )?(?:precis |just |nyss )?(?:börjat|började) (?:på|vid) (?:[^\W\d_]+ )?"
     r"(?:universitet|universitetet|högskola|högskolan|yrkeshögskolan|gymnasiet|akademi)\b"
     r"|\bbetween (?:my )?lectures\b|\bmellan föreläsningarna\b"
     r"|\b(?:moved|came|flyttade|flyttat|kom) (?:here |hit )?(?:to|till) [^\W\d_]+ (?:to study|för att studera)\b"
     r"|\b(?:har )?(?:börjat|började) (?:studera|plugga|läsa)\b|\bpluggar (?:där|här|till \w+)\b",
     "student", False),
    # a birth is an event with needs of its own (maternity, child benefits), like "meille syntyi vauva"
    (rf"{_SV_SUBJECT}(?:fick|har (?:precis |just |nyss )?fått) "
     r"(?:(?:ett|en|två|nyfödd|nyfött|nyfödda|lilla|litet|\d+) ){0,2}"
     r"(?:barn|bebis|baby|son|dotter|tvillingar)\b", "family", True),
    (rf"{_EN_SUBJECT}(?:just |recently )?had (?:a |our |twins|\w+ )?(?:baby|child|son|daughter|twins)\b", "family",
     True),
    (rf"{_SV_SUBJECT}har (?:(?:ett|en|två|tre|fyra|fem|små|lilla|liten|litet|unga|nyfödd|nyfött|nyfödda|\d+) ){{0,2}}"
     r"(?:barn|bebis|baby|son|dotter|döttrar|söner|småbarn|flicka|flickor|pojke|pojkar|tjej|kille|ungar|\w+åringar|\w+åring"
     r"|\d+-åring(?:ar)?)\b", "family", False),
    # a birth told in Finnish: "meille syntyi vauva", "saatiin esikoinen"
    (r"\b(?:meille|meil|mulle|minulle) (?:on )?(?:just |juuri |äsken |vasta )?syntyi\b"
     r"|\b(?:saimme|saatiin|sain) (?:just |juuri |äsken )?(?:vauvan|lapsen|kaksoset|esikoisen|vauva|esikoinen)\b",
     "family", True),
    (r"(?:^|\b(?:i|we|and|also) ?)(?:'ve |have )?got (?:(?:a|an|two|three|four|five|small|young|little|\d+) ){0,2}"
     r"(?:kids?|child|children|baby|babies|sons?|daughters?|toddlers?|newborns?|boys|girls"
     r"|\d+[- ]?(?:year|month)[- ]olds?|(?:little|small|young) ones)\b", "family", False),
    (r"\b(?:with|med) (?:my|our|min|mitt|vår|vårt|mina|våra) (?:\w+[- ])?(?:\d+|one|two|three|four|five|six|seven|"
     r"eight|nine|ten|eleven)[- ](?:months?|years?|weeks?)[- ]olds?\b", "family", False),
    (r"\b(?:i(?:'m| am|m)|and|now) (?:doing|finishing|starting|completing|writing|halfway through|almost done with"
     r"|in the middle of|(?:in )?the (?:first|second|third|final|last) year of) (?:my|a) "
     r"(?:master'?s|bachelor'?s|phd|"
     r"doctorate|degree|studies|thesis)(?: (?:at|in) (?:the )?(?:university|uni|college|polytechnic|\w+ university"
     r"|university of \w+))?\b", "student", False),
    (rf"\b(?:mitt|mina|vårt|våra) (?:barn|bebis)\b{_ELSEWHERE}|\b(?:min|vår) (?:son|dotter)\b{_ELSEWHERE}", "family",
     True),
    (r"\b(?:i(?:'m| am)? |we(?:'re| are)? )?(?:studying|study) (?:at|in)"
     r"(?: (?:the |a )?(?:university|college|uni|school))?\b", "student", False),
    (r"\bi (?:have )?retired\b|\b(?:took|taken|take|taking) (?:an? )?(?:early )?retirement\b", "retired", False),
    # a baby due: "my wife is due in June with our first", "pregnant w/ our first"
    (r"\b(?:i(?:'m| am)|we(?:'re| are)|she(?:'s| is)|(?:my|our) (?:wife|partner|girlfriend|fiancee|spouse)(?:'s| is))"
     r" due (?:in|on|this|next|at)\b|(?:^|(?<=[.!,/] ))pregnant (?:with|w/?) (?:our|my) (?:first|second|third)\b",
     "family", False),
    (r"\b(?:vi är )?en (?:barn)?familj på (?:tre|fyra|fem|sex|sju|åtta|\d)\b|\bvi är en (?:barn)?familj\b"
     r"|\ba family of (?:three|four|five|six|seven|eight|\d)\b", "family", False),
    (rf"{_EN_SUBJECT}(?:just |recently )?(?:lost|have lost|'ve lost) my job\b", "unemployed", True),
    (r"(?:^|(?<=[.!?,] ))(?:just |recently )?(?:laid off|fired|made redundant|let go)\b"
     r"|(?:^|(?<=[.!?] )|\bi |\bi(?='))(?:just )?(?:was|got|have (?:just )?been|'ve (?:just )?been) (?:just )?"
     r"(?:fired|laid off|made redundant|let go)\b"
     r"|\b(?:they|he|she|the company|my boss|my employer) (?:just )?(?:let me go|fired me|laid me off|sacked me)\b",
     "unemployed",
     True),
    (r"\bi(?:'m| am|m) (?:currently |now |still )?(?:looking for|seeking|searching for) (?:a )?"
     r"(?:work|job|employment)\b",
     "unemployed", True),
    (rf"{_EN_SUBJECT}(?:just |recently )?(?:moved|came|arrived|have moved|'ve moved|have arrived) (?:to|in) finland\b",
     "immigrant", False),
    # immigrating names the new home's country or town: "we immigrated to Oulu last month"
    (rf"{_EN_SUBJECT}(?:just |recently )?(?:immigrated|have immigrated|'ve immigrated)\b", "immigrant", False),
    (rf"{_SV_SUBJECT}(?:invandrade|har invandrat)\b", "immigrant", False),
    (r"\b(?:i|we|and) (?:have|'ve got|have got) "
     r"(?:(?:a|an|two|three|four|five|small|young|little|newborn|new|\d+) ){0,2}"
     r"(?:kids?|child|children|baby|babies|son|daughter|sons|daughters|toddlers?|twins|triplets|\d+-year-olds?)\b",
     "family", False),
    (r"\b(?:mum|mom|mother|father|dad|parent) of (?:a |an )?(?:one|two|three|four|five|\d|newborn|baby|toddler)\b",
     "family", False),
    (r"\b(?:with|med) (?:(?:my|our|min|mitt|vår) (?:husband|wife|partner|spouse|man|fru|sambo|make|maka) (?:and|och) )?"
     r"(?:(?:a|an|en|ett|my|our|mina|mitt|våra|vårt|two|three|four|\d+|två|tre|small|young|little|"
     r"små|newborn|nyfödd) ){0,2}"
     r"(?:(?:step|bonus|foster)?kids?|(?:step|foster)?children|toddlers?|babies|baby|\w*barn|\w*barnen|bebis)\b",
     "family", False),
    (r"\bwe(?:'re| are) a family(?: of \w+| with (?:\w+ ){0,2}(?:kids?|children|toddlers?|babies|baby))?\b",
     "family", False),
    (rf"\bmy (?:kids?|child|children|baby|son|daughter|toddler|\d{{1,2}}[ -]years?[ -]old|\d{{1,2}} yo)\b{_ELSEWHERE}",
     "family", True),
    # a child told by its age: "our 4-year-old needs a daycare place", "vår treåring", "vår bebis på åtta månader"
    (rf"\b(?:our|vår|vårt) (?:(?:\d{{1,2}}|{NUMBER_WORDS_SV_EN})[- ](?:years?|months?|weeks?)[- ]olds?"
     rf"|(?:\d{{1,2}}-?|{NUMBER_WORDS_SV_EN})(?:åring|åringar|månaders)|bebis|baby|toddler|newborn|nyfödda)"
     rf"(?: (?:på|of) (?:\d{{1,2}}|{NUMBER_WORDS_SV_EN}) (?:månader|veckor|år|months|weeks))?\b", "family", False),
    (r"\b(?:single|ensamstående|ensam) (?:mum|mom|mother|dad|father|parent|mamma|pappa|förälder)\b", "family", False),
    (r"\b(?:mamma|pappa|förälder) (?:till|åt) (?:en|ett|två|tre|fyra|fem|sex|\d)(?: (?:här|here))?\b", "family",
     False),
    # studies told by what is being done: "doing my last year of lukio", "writing my nursing thesis",
    # "just started vocational school", "skriver på min gradu", "går på yrkesskola"
    (r"(?:\b(?:i(?:'m| am|m)|and|now|currently|still)|^|,) ?(?:doing|finishing|starting|completing|writing|taking)"
     r" (?:my|an?|the) (?:[^\W\d_]+ ){0,3}?(?:(?:master'?s|bachelor'?s)(?: (?:thesis|degree))?|phd|doctorate|degree"
     r"|studies|thesis|dissertation"
     r"|year (?:of|at|in) (?:lukio|high school|upper secondary|school|uni|university|college|vocational school))"
     r"(?: in [^\W\d_]+(?: (?!at\b)[^\W\d_]+)?)?(?: at (?:the )?[^\W\d_]+(?: [^\W\d_]+)?)?\b", "student", False),
    (r"\b(?:just |recently )?(?:started|starting|attend|attending|go to|going to|goes to) (?:(?:a|the) )?"
     r"(?:vocational school|vocational college|high school|upper secondary(?: school)?|university|uni|college|"
     r"polytechnic|lukio|ammattikoulu|amk|open university|adult education|evening school)"
     r"(?: (?:for|in) [^\W\d_]+)?\b", "student", False),
    (r"\b(?:jag |och |o )?skriver (?:på )?(?:min|mitt) (?:pro )?(?:gradu|avhandling|exjobb|examensarbete|"
     r"kandidatavhandling|magisteravhandling|slutarbete)(?: (?:i|om|inom) [^\W\d_]+)?\b", "student", False),
    (r"(?:\b(?:jag|vi|och|o|å)|^|,) ?går (?:(?:första|andra|tredje|sista) (?:året|klassen) )?på (?:en )?"
     r"(?:yrkesskola|yrkesinstitut|gymnasium|universitet|högskola|yrkeshögskola|folkhögskola|lukio)\b", "student",
     False),
    (r"\b(?:jag |vi )?(?:gick|har gått|gått) i (?:pension|förtidspension)\b", "retired", False),
    # studies by the year or the school: "2nd yr student at Turku uni", "a first-year at the University of Turku",
    # "training to be a chef at the vocational college", "doing my ammattitutkinto", "just started my bachelor's"
    (r"\b(?:first|second|third|fourth|fifth|final|1st|2nd|3rd|4th|5th)[- ](?:year|yr)"
     r"(?:(?: (?:uni|university|phd|master'?s|bachelor'?s|nursing|medical|law))? student\b"
     r"| (?:at|of|in) (?:the )?(?:uni|university|college|polytechnic|amk|lukio|vocational)\b)"
     r"|\b(?:i(?:'m| am|m)|and) (?:now |still |currently )?(?:at|in) (?:the |a |an )?(?:vocational school"
     r"|vocational college|high school|upper secondary(?: school)?|uni|university|college|polytechnic|amk|lukio|amis"
     r"|ammattikoulu)\b"
     r"|\b(?:i(?:'m| am|m)|and|now|currently) (?:now |currently |also )?training to (?:be|become) an? [^\W\d_]+"
     r"|\b(?:doing|taking|finishing) (?:my|an?) (?:[^\W\d_]+ )?(?:\w*tutkinto|\w*tutkintoa|vocational qualification"
     r"|apprenticeship)\b"
     r"|\b(?:just |recently )?started (?:at (?:the )?(?:university|uni|college|polytechnic|vocational)"
     r"|my (?:[^\W\d_]+ )?(?:bachelor'?s|master'?s|degree|studies|phd))\b"
     r"|\bfor (?:my|a) (?:[^\W\d_]+ ){1,2}(?:degree|studies|bachelor'?s|master'?s|phd)\b"
     r"|\bto start (?:uni|university|college|my studies|studying|vocational school|lukio|amk)\b"
     # Finnish studies begun or a thesis under way: "aloitin tänä syksynä avoimen yliopiston opinnot", "gradu pitäis
     # saada valmiiks"
     r"|\baloit(?:in|imme|ettiin)\b(?: [^\W\d_]+){0,4} (?:opinnot|opintoni|opiskelun|opiskelut)\b"
     r"|\b(?:gradu|graduni|gradun|lopputyö|lopputyöni|opinnäytetyö|opinnäytetyöni)(?: [^\W\d_]+)?"
     r" (?:pitäis|pitäisi|pitää|olis|pitäs)\b", "student", False),
    # a pension in other words: "been on a pension for five years", "och så är jag pensionär sedan två år"
    (r"\b(?:been|i'm|i am|im|now|we're|we are) on (?:a |my |the )?pension\b"
     # a pension drawn now: "my pension is quite small", "min pension räcker inte" (not "what will my pension be")
     r"|\bmy (?:small |little |tiny )?pension (?:is(?! going)|isn't|doesn't|barely|only|just|covers|pays|won't)\b"
     r"|\b(?:live|living|get by|getting by) on (?:my|a) (?:small |little |tiny )?pension\b"
     r"|\bmin (?:lilla )?pension (?:är|räcker)\b|\beläke juoksee\b|\b(?:mun|minun) eläk\w*|\beläkkeeni\b"
     r"|\b(?:är|e) (?:jag|ja) (?:också |nu |numera |redan )?(?:pensionär|pensionerad)\b", "retired", False),
    (r"\b(?:\d{2,3}|[^\W\d_]+) years old,? (?:a |an )?retired"
     r"(?: (?!(?:and|living|in|from|who|with|since|now|here)\b)[^\W\d_]+)?\b", "retired", False),
    # a job lost in other words: "förlorade jag jobbet", "idag fick jag sparken", "sa upp mig igår", "let me go"
    (r"\b(?:förlorade|miste|förlorat) (?:jag|ja) (?:\w+ ){0,2}?(?:jobbet|arbetet|jobb|mitt jobb)\b"
     r"|\bfick (?:jag|ja|vi) sparken\b|\b(?:sa|sade|har sagt|sagt) upp mig\b"
     r"|\b(?:just |they |company |factory |firm |boss |employer )(?:let me go|laid me off|fired me|sacked me)\b",
     "unemployed", True),
    # Finnish studies under way or begun: "teen maisterin tutkintoa", "pääsin vihdoin yliopistoon lukemaan"
    (r"\b(?:teen|teemme|tehdään)\b(?: [^\W\d_]+){0,2}? (?:[^\W\d_]*tutkintoa|gradua|graduani|väitöskirjaa"
     r"|väitöskirjaani|opinnäytetyötä|opinnäytetyötäni|kandia|kandiani)\b"
     r"(?: [^\W\d_]+n (?:yliopistossa|korkeakoulussa|ammattikorkeakoulussa|amkissa|opistossa))?"
     r"|\bpääsin\b(?: [^\W\d_]+){0,2}? (?:yliopistoon|ammattikorkeaan|ammattikorkeakouluun|amkiin|lukioon"
     r"|ammattikouluun|amikseen|opiskelemaan|lukemaan)\b", "student", False),
    # a nationality after the age or the name: "I am 82 years old, an American who married a Finn"
    (rf"(?:^|, )an? (?:{NATIONALITIES})\b(?= who\b| from\b| living\b| here\b|,|\.|$)", "immigrant", False),
    # a job lost in Finnish passive or by the last pay: "mut irtisanottiin eilen", "sain lopputilin sahalta"
    (r"\b(?:mut|minut|minua|mua|meidät|meitä)(?: \w+)? (?:irtisanottiin|lomautettiin|erotettiin|potkittiin)\b"
     r"|\bsain (?:\w+ )?(?:lopputilin|potkut|kenkää|monoa)\b", "unemployed", True),
    # the writer's own children at home, in other words: "we have a newborn and a 4 year old", "fyra barn hemma"
    (r"\b(?:we|i) (?:have|'ve got|have got|got) (?:a |an )?(?:newborn|\d{1,2} ?(?:yo|y/o|year[- ]old|month[- ]old))\b"
     r"|\b(?:ett|en|två|tre|fyra|fem|sex|\d) (?:små )?barn (?:hemma|här hemma)\b", "family", False),
]
# Beside facts about the writer, a name and hobbies describe them too, and are no need: "Jag heter Lena och gillar
# att sticka", "tykkään hiihtää ja pilkkiä", "I play hockey on weekends". A clause at most, and never a wish
# ("I'd like to", "haluaisin").
_ABOUT_ME = re.compile(
    r"(?:(?<![\w'])|^)(?:(?:jag heter|my name is|i'm called|nimeni on|mun nimi on|mä oon nimeltä) [^\W\d_]+"
    r"|(?:so )?(?:a (?:little )?bit|some background) about (?:me|myself)|(?:vähän|hieman) taustaa|(?:lite|kort) om mig"
    r"|\b(?:came|moved) (?:over|here)\b"
    r"|\b(?:mieheni|vaimoni|puolisoni|avomieheni|avovaimoni|kumppanini|(?:mun|minun) (?:mies|vaimo|puoliso|avomies"
    r"|avovaimo|kumppani)) ja (?:minä|mä|mää|mie)\b"
    r"|(?:(?:ja|and|och|o|å) )?(?:(?:i|we|jag|vi|mä|mää|minä|me) )?(?<!'d )(?<!would )(?:tykkään|tykätään|tykkäämme"
    r"|harrastan|harrastetaan|harrastamme|rakastan|play|like to|love to|enjoy|gillar att|gillar|tycker om att"
    r"|tycker om|spelar|älskar att)\b[^,.;:!?]{0,60})", re.IGNORECASE)
# When the baby is due, beside a baby on the way: "laskettu aika on maaliskuussa", "due in May"
_DUE = re.compile(r"\b(?:laskettu aika|beräknad (?:tid|förlossning)|due date|due)(?: on| är| is)?(?: in| i)? \w+"
                  r"|\b(?:rv|raskausviikolla|raskausviikko|v|vecka|veckan|week|wk) ?\d{1,2}(?:\+\d)?"
                  r"(?: menossa| menos| menoss)?\b", re.IGNORECASE)
# Weeks of a pregnancy told without "I am": "rv 20 menos", "12 wks pregnant"
_WEEKS_PREGNANT = re.compile(r"(?:^|(?<=[,.!/] )|(?<=[,/]))(?:rv|raskausviikolla) ?\d{1,2}(?:\+\d)?\b"
                             r"|\b\d{1,2} ?(?:wks?|weeks?|viikkoa|veckor) (?:pregnant|raskaana|gravid)\b",
                             re.IGNORECASE)
# A baby on the way (`_Found.expecting_baby`): "vi väntar vårt första barn", "my partner is expecting twins".
_SV_EN_EXPECTING = re.compile(
    r"(?:^|(?<=[.!,/] )|(?<=[,/]))gravid(?: i)?(?: v\.?| vecka| veckan)? ?(?:\d{1,2})?\b|🤰"
    r"|(?:\b(?:jag|vi|och|o|hon|min fru|min sambo|min flickvän) |^|(?<=[.!,/] )|(?<=[,/]))(?:väntar|ska få) "
    r"(?:(?:vårt|mitt|vår|ett|en|första|andra|tredje|barn|nummer|två|\w+a) ){0,2}(?:barn|bebis|tvillingar)\b"
    r"|(?:\b(?:jag|och|o|hon|min fru|min sambo|min flickvän|min partner|min maka)|^|[.!] ?)(?: (?:är|e) | ?(?:är|e) )"
    r"gravid"
    r"(?: (?:i|med) (?:\w+ ){0,2}(?:månaden|veckan|barn|bebis|tvillingar))?\b"
    r"|(?:^|(?<=[.!,/] )|(?<=[,/]))(?:expecting|pregnant with) (?:a |our |my )?(?:first |second |third |\w+ )?"
    r"(?:baby|child|kid|twins|triplets)\b"
    r"|\b(?:we(?:'re| are)|i(?:'m| am)|and i are|and|she(?:'s| is)"
    r"|(?:my|our) (?:wife|partner|girlfriend|fiancee|spouse)(?:'s| is)) (?:expecting|pregnant|having a baby)"
    r"(?: (?:a |our |my |their )?(?:first |second |third |\w+ )?"
    r"(?:baby|child|kid|twins|triplets|boy|girl))?\b"
    r"|\b(?:we(?:'re| are)|i(?:'m| am)) (?:going to|gonna) have a baby\b")
_SEASONS = ("vecka|veckan|månad|år|vår|höst|sommar|vinter|week|month|year|spring|summer|autumn|fall|winter|"
            "january|february|march|april|may|june|july|august|september|october|november|december|"
            "januari|februari|mars|maj|juni|juli|augusti|oktober")
_AGE = re.compile(r"\b(?:i(?:'m|m| am)|jag är|jag e|ja e|(?:själv|nu|så) (?:är|e) (?:jag|ja)"
                  r"|(?:i |jag |vi )?(?:just )?(?:turned|har fyllt|fyllde|fyllt)"
                  r"|(?:we(?:'re| are)|vi är|and i are|och jag är) (?:both|båda)"
                  r"|(?:i(?:'ll| will) be |i(?:'m| am) )?turning|i(?:'ll| will) be|(?:jag )?(?:fyller|ska fylla)"
                  r"|(?<=, )(?:är|e)|(?:och|o) (?:är|e))"
                  r" (?:(?:only|just|now|bara|nu|over|över|above|past|a|an) )?"
                  rf"(\d{{1,3}}|{NUMBER_WORDS_SV_EN})(?:-year-old| years?(?: old)?| år(?: gammal)?)?"
                  rf"(?: (?:nästa|next|this|i|in|on) (?:{_SEASONS}))?\b")
# A bare number right after a group word is an age: "im retired, 71, livin in oulu", "student, 19"
_POSSESSED = re.compile(r"\b(?:min|mitt|my|our|vår|his|her|hans|hennes|their|deras)\s*$")
_BIRTHDAY = re.compile(r"\bmy (\d{2,3})(?:st|nd|rd|th) birthday\b|\bmin (\d{2,3}):?(?:e|a) födelsedag\b")
_FI_TURNED = re.compile(r"\b(?:tuli|tulee|täyttyi|täyttyy|tuli jo|tulee jo) (\d{2,3}) (?:vuotta )?"
                        r"(?:täyteen|mittariin)\b")
_FI_AGE_NOUN = re.compile(r"\b(?:ikää|ikkää|ikä|ikäni)(?: on)?(?: (?:kertynyt|kertyny|jo|nyt|tullut|tullu|karttunut"
                          r"|karttunu|mittarissa)){0,2}"
                          r" (\d{1,3})\b(?! (?:euroa|€|km|kg|kiloa))")
_AGE_FIRST = re.compile(r"(?:^|(?<=[.!?] ))(?:(?:e|är|ä) )?(\d{2})(?= (?:and|och|o|å|&|år)\b|,)")
_GROUP_THEN_AGE = re.compile(rf"\b(?:{_GROUP_WORDS})(?: [^\W\d_]+){{0,2}},? (\d{{2,3}})"
                             r"(?=[,.!]|\s+(?:and|och|o|&|from|från|in|i)\b|$)")  # "retired teacher, 70"
# An age about to be reached, beside other facts: "Retired schoolteacher here, 69 this year", "pensionär, 70 i år"
_AGE_THIS_YEAR = re.compile(r"(?:^|(?<=, )|(?<=[.!?] ))(\d{2,3}) (?:this year|i år|next month|nästa månad|here|här)\b")
_BETWEEN_AGES = re.compile(r"\b(?:mellan|between|from) \w+ (?:och|and|to|till) $")
BETWEEN_REACH = 30
_AGE_THEN_GROUP = re.compile(rf"(?:^|(?<=[,./] )|(?<=[,./]))(\d{{2,3}})(?: ?v\.?| år| ?yo| ?y/o|-årig|-year-old|"
                             rf" years old)?,? ({_GROUP_WORDS})\b")
# An age beside other facts, without "I am": "pensionär i Björneborg, 69 år" (not "i 10 år": for ten years)
# (nor "my 17 year old": the writer's child)
_BARE_AGE = re.compile(r"(?<!\bi )(?<!\bin )(?<!\bfor )(?<!\bsedan )(?<!\bsince )(?<!\bpå )(?<!\bunder )"
                       # "pensionär i snart tio år", "for almost ten years": how long, not how old
                       r"(?<!\bi snart )(?<!\bi nästan )(?<!\bi över )(?<!\bi drygt )(?<!\bi ungefär )"
                       r"(?<!\bfor almost )(?<!\bfor nearly )(?<!\bfor about )(?<!\bfor over )(?<!\bfor some )"
                       r"(?<!\befter )(?<!\bafter )"
                       r"(?<!\bmy )(?<!\bour )(?<!\bmin )(?<!\bvår )"
                       rf"\b(\d{{1,3}}|{NUMBER_WORDS_SV_EN})(?: years? old| år(?: gammal)?|-year-old| ?y/o|yo"
                       r"| years of age| years young|-årig|-åring|(?<=, \d\d) vuotta(?! sitten| ajan| asti)"
                       r"|(?<=, \d\d\d) vuotta)"
                       r"(?: (?:here|här))?\b"
                       # "en pensionerad sjökapten på 81 år" (not "på tio år": within ten years)
                       r"|(?<=[^\W\d_]{4}) på (\d{2,3}) år\b")


class _PlacePatterns(NamedTuple):
    stated: re.Pattern[str]
    moving: re.Pattern[str]
    named_first: re.Pattern[str]
    former: re.Pattern[str]
    origin: re.Pattern[str]
    visits: tuple[re.Pattern[str], ...]


# Where in the town: "bor kvar i mitt eget hus i S:t Michel", "I live in my own house in Rovaniemi"
_DWELLING = (r"(?: (?:mitt|vårt|min|vår|en|ett|my|our|a|an) (?:eget |egna |own |new |nya |little |lilla |small |big "
             r"|tiny |liten |litet |stor |stort )?"
             r"(?:hus|egnahemshus|radhus|lägenhet|bostad|studentbostad|hem|etta|tvåa|trea|house|home|flat|apartment"
             r"|place|student flat|student apartment|dorm|studio) (?:i|på|in))")


@lru_cache(maxsize=1)
def _places() -> _PlacePatterns:
    """Patterns of living in (or having moved to) a municipality, of moving there, of having lived there and of
    coming from there: any name, any language."""
    alternation = _town_names()
    stated = re.compile(
        r"\b(?:(?:jag |vi )?(?:bor|har bott|bott)(?: (?:nu|numera|sedan länge|fortfarande|kvar|ensam|själv|egentligen|"
        r"faktiskt|"
        r"tillsammans|här|med (?:min|mina|vår|våra) \w+)){0,2} (?:i|på)"
        r"|(?:min|vår) (?:hemkommun|hemort|hemstad|boningsort|hemby) är"
        r"|(?:jag|vi|men|och|o|sen|sedan|nu) (?:har )?(?:precis |just |nyss )?(?:flyttade|flyttat)(?: jag| vi)?"
        r"(?: tillbaka| hem)?"
        r"(?: (?:hit )?från [^\W\d_]+)? till|(?:studerar|pluggar) i"
        r"|(?:läser|studerar|pluggar) (?:vid|på) [\w ]{3,30}? i|(?:är )?(?:skriven|mantalsskriven|folkbokförd|bosatt) i"
        r"|hemma hos (?:oss|mig) i|(?:här )?hemma (?:i|på)|bor (?:jag|vi|ja)(?: \w+)? (?:i|på)"
        rf"|(?:jag |vi |och |men |o |å )?(?:flyttade|{_SPOKEN_MOVED}|har flyttat|flyttat)(?: jag| vi)?"
        r"(?: tillbaka| hem)? (?:hit )?(?:till|t)"
        r"|(?:jag|vi) har (?:ett |en )?(?:hus|egnahemshus|radhus|lägenhet|hem|bostad) i"
        r"|har (?:jag|vi)(?: nu| numera| äntligen)? (?:ett |en )?(?:eget |egen |nytt |ny )?(?:hus|egnahemshus|radhus"
        r"|lägenhet|hem|bostad|etta|tvåa|trea) i"
        r"|(?:we |i )?(?:bought|rent|rented|got) (?:a|an|our|my) (?:own |new |little )?(?:house|flat|apartment|home"
        r"|place) in"
        r"|(?:our|my) (?:place|home|house|flat|apartment) is (?:out |over |up |down )?in"
        r"|(?:i(?:'m| am) |we(?:'re| are) |i |we )?(?:actually |really |currently |still |now )?"
        r"(?:live|living|livin|liv|lve|based|staying|studying)"
        r"(?: alone| together)? in"
        r"|(?:live|living|lives) (?:(?!(?:near|close|next|from|outside)\b)[^\W\d_']+'?s? ){1,4}?in"
        r"|(?:i've|i have|we've|we have) (?:lived|been living|stayed)(?: here)? in"
        r"|(?:student|studerande) (?:in|i)"
        r"|home (?:for (?:me|us) )?is(?: in)?|(?:hemma|mitt hem|vårt hem) är (?:jag |vi )?(?:i|på)"
        r"|(?:got|get|fick|har fått) (?:(?:the|our|precis|just|nyss) )*(?:keys|nycklarna) (?:to|till)"
        r"|(?:my )?(?:home ?town|home municipality|municipality|home) is"
        r"|i(?:'ve| have)? (?:just |recently )?moved to"
        r"|(?:^|, ?|(?<=[.!?] )|\b(?:and|we|i|but|then) )(?:have |'ve |had )?(?:just |recently |finally )?"
        r"(?:moved|relocated|immigrated|came|arrived)(?: over| back| here)?"
        r"(?: (?:here )?from [^\W\d_]+)?(?: here)? to"
        r"|(?:^|\b(?:and|we|i) )(?:have |'ve )?(?:finally |now |just )?settled(?: down)? in"
        r"|\b(?:we|i)'ve (?:finally |now |just )?settled(?: down)? in"
        r"|(?:jag |vi )?(?:invandrade|har invandrat|kom|har kommit) till"
        r"|(?:i(?:'m| am)|we(?:'re| are)|jag är|vi är|i come|we come|jag kommer|vi kommer)"
        r" (?:originally )?(?:from|från)"
        r"|(?:an? )?(?:resident|invånare) (?:of|in|i)"
        # a district before the town: "we live in Kaakkuri, Oulu", "bor på Kråkö, Borgå"
        r"|(?:live|living|lives|livin|bor|based|staying|rent|renting|hyr) (?:in|i|på|(?:a|an|my|our|en|ett)"
        r"(?: own| eget| egen)? (?:flat|apartment|place|house|room|studio|lägenhet|etta|tvåa|rum) (?:in|i|på)) "
        r"(?:(?:a|an|the|en|ett|my|our) )?"
        r"(?:[^\W\d_]+ ){0,3}?(?:(?:in|i|på) )?[^\W\d_]+(?:-[^\W\d_]+)?,)"
        rf"{_DWELLING}? ({alternation})\b(?: (?:from|från) [^\W\d_]+)?"
    )
    moving = re.compile(rf"\b(?:(?:jag |vi )?flyttar(?: jag| vi)? (?:snart |nu )?(?:från [^\W\d_]+ )?till"
                        rf"|(?:i(?:'m| am) |we(?:'re| are) )?(?:moving|relocating)(?: back| over)? to"
                        rf"|(?:i |we )?will (?:move|relocate) to|ska flytta till) ({alternation})\b")
    # the place first: "Vantaa is where I live these days", "Borgå är där jag bor"
    named_first = re.compile(rf"\b({alternation})(?:,? (?:which|that))?,? (?:is (?:also )?where (?:i|we)"
                             rf"(?:'m| am| are)? (?:live|living|stay|staying)"
                             rf"|(?:är|e) (?:där|var) (?:jag|vi) bor|(?:är|e) (?:min|vår) (?:hemstad|hemkommun|hemort)"
                             rf"|(?:is|has been|'s been) (?:(?:my|our) )?(?:home ?town|home|home municipality)"
                             rf"|(?:har varit|är) (?:mitt|vårt) hem|resident(?: here)?|invånare(?: här)?)\b")
    # a home no longer: the town counts only when no other is named ("jag bodde i Uleåborg men flyttade till Vasa")
    former = re.compile(rf"\b(?:(?:jag |vi )?bodde(?: (?:jag|vi|ja))?(?: (?:tidigare|förut|förr|länge))?(?: (?:i|på))"
                        rf"|(?:i |we )?(?:used to live|(?<!'ve )(?<!have )(?<!we )lived) in) ({alternation})\b")
    # where the writer comes from describes them but is no home: "I grew up in Oulu", "oon kotoisin Oulusta"
    origin = re.compile(rf"\b(?:(?:i |we )?(?:grew up|was born|were born|am originally from|'m originally from)"
                        rf"(?: in)?|originally from|(?:jag |vi )?(?:växte upp|föddes|är född|är uppvuxen) (?:i|på)"
                        rf"|(?:jag |vi )?(?:kommer|är) ursprungligen från) ({alternation})\b")
    # a town visited is no home either: "jag är på besök i Tammerfors över helgen", "I'm in Turku this week"
    stay = r"(?: (?:över|under|i|this|for the|over the|for a|until|till)(?: (?!visiting)[^\W\d_]+){1,2})"
    visits = (re.compile(rf"\b(?:(?:jag |vi )?(?:är |e )?på (?:besök|semester|resa|genomresa) (?:i|på)|besöker"
                         rf"|hälsar på"
                         rf" (?:\w+ ){{0,3}}i|(?:i(?:'m| am) |we(?:'re| are) )?visiting(?: (?:my|our) [^\W\d_]+ in)?"
                         rf"|on (?:a )?(?:holiday|vacation|trip|visit)"
                         rf" (?:in|to)) ({alternation})\b"
                         rf"{stay}?(?: visiting (?:my|our) [^\W\d_]+)?"),
              re.compile(rf"\b(?:i(?:'m| am)|we(?:'re| are)|jag är|vi är) (?:just |currently |now )?(?:in|staying in|i)"
                         rf" ({alternation})(?:{stay}(?: visiting (?:my|our) [^\W\d_]+)?| (?:och|and) (?:hälsar på|"
                         rf"besöker|am visiting|visiting|visit) [^\W\d_]+"
                         rf"(?: just nu| right now| this week| i veckan)?)"))
    return _PlacePatterns(stated, moving, named_first, former, origin, visits)


@lru_cache(maxsize=1)
def _from_place() -> re.Pattern[str]:
    return re.compile(rf"\b(?:from|från) ({_town_names()})\b")


# Swedish names an inhabitant by the town's name: "åbobor", "vasabo", "helsingforsare"
_SV_DEMONYM = re.compile(r"\b([^\W\d_][\w:]+?)(?:bo|bor|borna|are|arna)\b")


def _sv_demonym_place(folded: str) -> tuple[str, tuple[int, int]] | None:
    for match in _SV_DEMONYM.finditer(folded):
        town = municipality_named(match.group(1))
        if town and fold(town.label("sv")) == match.group(1):
            return town.name_fi, match.span()
    return None


@lru_cache(maxsize=1)
def _any_place() -> re.Pattern[str]:
    """A municipality after "in", "from" or their Swedish words: beside facts about the writer, their home."""
    return re.compile(rf"\b(?:(?:here |här )?(?:in|i|på)|at|from|från) ({_town_names()})"
                      r"(?: (?:uni|university|universitet|campus))?\b")


# Words of the Swedish and English patterns that people misspell; a word one letter away from one of them is read
# as it ("studnet", "studerrar", "yrkeshöskolan"). Only long words: short ones are one letter from other words.
SV_EN_SPELLED_WORDS = frozenset(
    "student students studying studerar studerande pluggar universitetet university yrkeshögskolan högskolan "
    "gymnasiet pensionär pensionerad retired pensioner unemployed arbetslös immigrant invandrare children "
    "pregnant gravid flyttade flyttat husband".split())
# ... and words one letter from those that are right as they are
SV_EN_OTHER_FORMS = frozenset(
    "invandrade invandrat studerade studerat studera studied pluggat flyttar flytta retiree "
    "pensionärer arbetslösa husbands".split())
MIN_MISSPELT_WORD = 7
_SV_EN_WORD = re.compile(rf"[^\W\d_]{{{MIN_MISSPELT_WORD},}}")


def _spelling_corrected(folded: str) -> tuple[str, list[int]]:
    """`folded` with misspelt pattern words corrected, and for each position of the result the position of the
    original it comes from (so that the parts found still point into the user's own text)."""
    out: list[str] = []
    origin: list[int] = []
    last = 0
    for match in _SV_EN_WORD.finditer(folded):
        word = match.group()
        if word in SV_EN_SPELLED_WORDS or word in SV_EN_OTHER_FORMS or word in SV_EN_GROUP_WORDS:
            continue
        close = process.extractOne(word, SV_EN_SPELLED_WORDS, scorer=DamerauLevenshtein.distance, score_cutoff=1)
        if not close:
            continue
        out.append(folded[last:match.start()])
        origin.extend(range(last, match.start()))
        out.append(close[0])
        origin.extend(min(match.start() + k, match.end() - 1) for k in range(len(close[0])))
        last = match.end()
    out.append(folded[last:])
    origin.extend(range(last, len(folded) + 1))  # and one past the end
    return "".join(out), origin


# Someone close to the writer, told of in the writer's words: "my gf is a student in Turku", "min bror studerar i Åbo",
# "my parents are both pensioners in Pori". What follows describes them, not the writer.
_OURS = re.compile(r"(?:our|vår|våra|vårt)\b")
OTHER_PEOPLE = ("mum|mom|mother|dad|father|parents|brother|sister|son|daughter|wife|husband|partner|gf|bf|girlfriend"
                "|lillebror|storebror|lillasyster|storasyster|little brother|big brother|little sister|big sister"
                "|pikkuveli|isoveli|pikkusisko|isosisko|grannen|granne|neighbour|neighbor|naapuri"
                "|boyfriend|friend|grandma|grandpa|grandmother|grandfather|kids|children|child|sibling|siblings"
                "|mamma|pappa|mor|far|föräldrar|bror|syster|dotter|fru|man|sambo|flickvän|pojkvän|vän|kompis"
                "|mormor|farmor|morfar|farfar|barn|äiti|isä|vanhemmat|veli|sisko|sisar|poika|tytär|vaimo|mies"
                "|puoliso|tyttöystävä|poikaystävä|kaveri|ystävä|mummo|lapset")
_SOMEONE_ELSE = re.compile(rf"(?:\b(?:my|our|min|mitt|mina|vår|vårt|våra|mun|minun|meidän|his|her|hans|hennes) "
                           rf"(?:\w+ )?(?:{OTHER_PEOPLE})s?\b|\b(?:he|she|they|han|hon|de|hän)\b)")
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|we|we're|jag|ja|vi|mä|minä|me|ite|själv|myself)\b")
_SWEDISH_WORDS = re.compile(r"\b(?:och|är|jag|bor|inte|med|att|min|mitt|vi|hos)\b")
_WRITER_AND = re.compile(r"\b(?:jag|ja|i|me|minä|mä)\s+(?:och|o|å|and|ja)$")
SUBJECT_REACH = 9  # characters after the fact where its subject may still come: "och jag har"
_CLAUSE_BREAK = re.compile(r"[.,;:!?—–]|\b(?:but|men|mutta|mut|and|och|ja|while|medan|whereas)\b")


def _someone_else(folded: str, at: int) -> bool:
    """Whether what is said at `at` is about someone else than the writer ("my gf is a student in turku", "min bror
    studerar i åbo"): a relative named in the clause before it, and no "I" in the clause nor in the words that follow
    ("min sambo och jag har två barn", "my wife and I").
    """
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(folded, 0, at)]
    start = breaks[-1] if breaks else 0
    if not folded[start:at].strip() and breaks:  # "min pappa är 85 och bor i Hangö": the same subject
        start = breaks[-2] if len(breaks) > 1 else 0
    clause = folded[start:at]
    if _WRITER_AND.search(folded, 0, start):  # "jag och min fru kom hit …"
        return False
    swedish = bool(_SWEDISH_WORDS.search(folded))  # where "i" is "in", not "I"
    me = next((m for m in _FIRST_PERSON.finditer(folded, start) if not (swedish and m.group() == "i")), None)
    return bool(_SOMEONE_ELSE.search(clause)) and not (me and me.start() < at + SUBJECT_REACH)


def _read_swedish_english(text: str, found: _Found) -> None:
    folded, origin = _spelling_corrected(fold(text))
    first_new, first_expecting = len(found.spans), len(found.expecting)
    _read_corrected_swedish_english(folded, found)
    found.spans[first_new:] = [(origin[start], origin[end - 1] + 1) for start, end in found.spans[first_new:]]
    found.expecting[first_expecting:] = [(origin[start], origin[end - 1] + 1)
                                         for start, end in found.expecting[first_expecting:]]


def _read_corrected_swedish_english(folded: str, found: _Found) -> None:
    for match in _SV_EN_NOT.finditer(folded):
        found.dropped.append(SV_EN_GROUP_WORDS[match.group(1)])
        found.spans.append(match.span())
    for pattern, group in _NO_LONGER:
        for match in pattern.finditer(folded):
            found.dropped.append(group)
            found.spans.append(match.span())
    for match in [*_SV_EN_BE.finditer(folded), *_SV_EN_LEADING.finditer(folded), *_SV_EN_AS.finditer(folded),
                  *_SV_EN_HERE.finditer(folded)]:
        group = SV_EN_GROUP_WORDS[match.group(1)]
        end = match.end()
        if origin := _FROM_PLACE.match(folded, end):
            end = origin.end()
        found.group(group, (match.start(), end))
    places = _places()
    family_told = "family" in found.groups or bool(found.expecting)  # not only a child named in passing
    # whom the writer visits is no group of theirs: "I'm visiting my son in Turku this week"
    visits = [m.span() for pattern in places.visits for m in pattern.finditer(folded) if municipality_named(m.group(1))]
    for pattern, group, event in sorted(_SV_EN_GROUPS, key=lambda p: p[2]):  # events last: see below
        for match in re.finditer(pattern, folded):
            if any(start <= match.start() and match.end() <= end for start, end in visits):
                continue
            if event and any(start <= match.start() and match.end() <= end for start, end in found.spans):
                continue  # "vi bor i Borgå med våra barn": "våra barn" is part of a statement, not of a need
            if not _OURS.match(match.group()) and _someone_else(folded, match.start()):
                # "my gf is a student", "my parents are both pensioners" (but "jag, min fru och våra tre barn")
                continue
            origin = _FROM_PLACE.match(folded, match.end())
            found.group(group, None if event else (match.start(), origin.end() if origin else match.end()),
                        need=group == "unemployed")
            family_told = family_told or (group == "family" and not event)
    for match in _SV_EN_EXPECTING.finditer(folded):
        found.expecting_baby(match.span())
    for match in (*_AGE.finditer(folded), *_AGE_FIRST.finditer(folded), *_FI_AGE_NOUN.finditer(folded),
                  *_AGE_THIS_YEAR.finditer(folded),
                  *_FI_TURNED.finditer(folded),
                  *_BIRTHDAY.finditer(folded)):
        group = _age_group(number_value(match.group(match.lastindex or 1)) or 0)
        if group:
            found.group(group, match.span())
        elif YOUTH_MAX_AGE < (number_value(match.group(1)) or 0) < SENIOR_MIN_AGE:
            found.spans.append(match.span())  # "I'm 64": an adult's age still only describes the writer
    if _THE_KIDS.search(folded) and _WE.search(folded) and not _someone_else(folded, _THE_KIDS.search(folded).start()):
        found.group("family", None, need=False)  # "we live in Kemi, the kids go to school here"
        family_told = True
    if "family" in found.groups and not family_told and not found.expecting and (
            {"senior", "retired"} & set(found.groups) or _LIVES_ALONE.search(folded)):
        # "I'm 79 and live alone in Turku. My daughter worries I might fall": a child only named is grown up here
        found.groups.remove("family")
        found.about_a_child = False
    not_homes = [m.span() for pattern in (places.origin, *places.visits) for m in pattern.finditer(folded)
               if municipality_named(m.group(1))]
    found.spans += not_homes
    if not found.municipality and _FIRST_PERSON.search(folded) and (demonym := _sv_demonym_place(folded)):
        found.place(*demonym)  # "vi är åbobor"
    if not found.municipality and (where := _WHERE_I_LIVE.search(folded)):
        towns = [m for m in _at_named_place().finditer(folded, 0, where.start()) if municipality_named(m.group(1))]
        if towns:
            found.place(municipality_named(towns[-1].group(1)).name_fi, (towns[-1].start(), where.end()))
    if still := _STILL_THERE.search(folded):  # "I was born in Tampere and still live here": the origin is the home
        found.spans.append(still.span())
        for match in (*places.origin.finditer(folded), *_from_place().finditer(folded)):
            if municipality := municipality_named(match.group(1)):
                found.place(municipality.name_fi, match.span())
    for match in places.former.finditer(folded):
        if municipality := municipality_named(match.group(1)):
            found.former_place(municipality.name_fi, match.span())
            not_homes.append(match.span())  # "I used to live in Espoo": no "live in Espoo" either
    for pattern, event in ((places.stated, False), (places.named_first, False), (places.moving, True)):
        for match in pattern.finditer(folded):
            if any(start <= match.start(1) < end for start, end in not_homes):  # "I'm originally from Oulu"
                continue
            if _someone_else(folded, match.start()):  # "min bror studerar i Åbo men jag bor i Helsingfors"
                continue
            municipality = municipality_named(match.group(1))
            if municipality:
                found.place(municipality.name_fi, None if event else match.span())
    for match in (*_MOVED_HERE_FROM.finditer(folded), *_MOVED_FROM_TO.finditer(folded), *_CAME_FROM.finditer(folded),
                  *_MOVED_TO_FROM.finditer(folded), *_ORIGINALLY_FROM.finditer(folded)):
        if match.group(1) != "finland" and not municipality_named(match.group(1)) and not _someone_else(
                folded, match.start()):  # "my mom moved to Finland from Iraq"
            found.group("immigrant", match.span())
    if "immigrant" in found.groups:  # "I came to Finland last year from India"
        found.spans += [m.span() for m in _FROM_ABROAD.finditer(folded) if not municipality_named(m.group(1))]
    if found.groups or found.municipality or found.dropped:  # "jag är 70 år och pensionär"
        found.spans += [m.span() for m in _ALSO_ABOUT_THE_WRITER.finditer(folded)]
        found.spans += [m.span() for m in _WORKS_AS.finditer(folded)]
        for match in _SV_EN_AND.finditer(folded):
            found.group(SV_EN_GROUP_WORDS[match.group(1)], match.span())
        for match in _AGE_THEN_GROUP.finditer(folded):  # "69 v pensionär", "66yo retired nurse"
            found.group(SV_EN_GROUP_WORDS[match.group(2)], match.span())
            if group := _age_group(int(match.group(1))):
                found.group(group, match.span())
        for match in (*_BARE_AGE.finditer(folded), *_GROUP_THEN_AGE.finditer(folded)):
            if _BETWEEN_AGES.search(folded, max(0, match.start() - BETWEEN_REACH), match.start()):
                continue  # "tre barn mellan två och tio år": the children's ages
            if _someone_else(folded, match.start()) or _POSSESSED.search(folded, 0, match.start()):
                continue  # "my dad is 88 years old", "min pappa är 85"
            if group := _age_group(number_value(match.group(match.lastindex or 1)) or 0):
                found.group(group, match.span())
    if "student" in found.groups and not found.municipality:  # "a PhD student at the University of Oulu"
        for school in _STUDY_TOWN.finditer(folded):
            if town := municipality_named(school.group(1) or school.group(2)):
                found.studies_in = town.name_fi  # the home only if none is named ("… and I share a flat in Vantaa")
                found.spans.append(school.span())
                break
    if found.groups and not found.municipality:  # "jag är arbetssökande i Lahtis", "a single dad in Rovaniemi"
        for match in _any_place().finditer(folded):
            if any(start <= match.start(1) < end for start, end in not_homes) or _someone_else(folded, match.start()):
                continue
            if municipality := municipality_named(match.group(1)):
                found.place(municipality.name_fi, match.span())
                break


# Why the writer moved or lives where they do, right after saying so: part of the statement, not a need ("muutin
# Jyväskylään töiden perässä", "we came here for my wife's job"). "for work", "för studierna" and the like are read
# anywhere beside a fact (`_ALSO_ABOUT_THE_WRITER`); these only right after one.
_REASON = re.compile(
    r"\s*,?\s*(?:(?:(?:mieheni|vaimoni|puolisoni|mieheni|puolison|vaimon|miehen|meidän|mun|minun) )?"
    r"(?:töiden|työn|työpaikan|opiskelujen|opintojen|koulun|rakkauden|perheen|puolison|vaimon|miehen)"
    r" (?:perässä|takia|vuoksi)|töihin|opiskelemaan|töitä tekemään|sodan (?:takia|vuoksi|alta|jaloista)"
    r"|pakolaisena|turvapaikanhakijana|työluvalla|oleskeluluvalla|(?:on|with) an? (?:work|residence|student|study)"
    r" (?:permit|visa)|as an? (?:refugee|asylum seeker|exchange student)|(?:because of|fleeing) the war|to work"
    r"|to study|for a job|(?:med|på) (?:arbetstillstånd|uppehållstillstånd)|som flykting|på grund av kriget"
    r"|undan kriget|för att (?:jobba|studera|arbeta|plugga)"
    r"|(?:for|because of) (?:(?:my|our) (?:wife|husband|partner)'?s? job|our studies|love"
    r"|family)|because of (?:work|a job|my job|my studies|studies|school)|för (?:jobb|studiernas skull|jobbets skull"
    r"|kärleken|familjen)|på grund av (?:jobbet|jobb|ett jobb|studier|studierna|kärleken|familjen))\b",
    re.IGNORECASE)


# When, right after a fact: "muutin Suomeen kolme vuotta sitten", "I've lived in Helsinki for ten years now".
_NUMBER_WORD = (r"(?:\d+|yksi|kaksi|kolme|neljä|viisi|kuusi|seitsemän|kahdeksan|yhdeksän|kymmenen|pari|muutama|puoli"
                r"|puolitoista|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|many|ett|en|två|tre"
                r"|fyra|fem|sex|sju|åtta|nio|tio|några|många)")
_MONTHS = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|januari"
           r"|februari|mars|maj|juni|juli|augusti|oktober|tammikuussa|helmikuussa|maaliskuussa|huhtikuussa"
           r"|toukokuussa|kesäkuussa|heinäkuussa|elokuussa|syyskuussa|lokakuussa|marraskuussa|joulukuussa|20\d\d)")
_WHEN = re.compile(
    r"\s*,?\s*(?:(?:for |about |almost |nearly |over |noin |melkein |yli |i |sedan |för |under |in |snart "
    r"|nästan ){0,2}"
    rf"{_NUMBER_WORD}"
    r" (?:vuotta|vuoden|kuukautta|kuukauden|kk|viikkoa|viikon|päivää|years?|months?|weeks?|days?|år|månader|månad"
    r"|veckor|vecka|dagar)(?: (?:sitten|ago|sedan|sen|now|nu|nyt|tillbaka|back))?"
    r"|(?:viime|tänä|tällä) (?:vuonna|kuussa|viikolla|keväänä|syksynä|kesänä|talvena)"
    r"|keväällä|syksyllä|kesällä|talvella|äskettäin|hiljattain|last (?:year|month|week|spring|summer|autumn|fall"
    rf"|winter)|(?:this|in the) (?:year|spring|summer|autumn|fall|winter)|(?:in |since |i |sedan )?{_MONTHS}"
    r"|i fjol|förra (?:året|månaden|veckan|våren|hösten|sommaren|vintern)|(?:sedan )?i (?:våras|höstas|somras|vintras)"
    r"|[^\W\d_]+(?:sta|stä) (?:asti|lähtien|alkaen)"
    r"|full[- ]time|permanently|for good)(?: now| nu| nyt)?\b", re.IGNORECASE)
# Who the writer lives with, right after a fact: "asun Oulussa äidin kanssa", "livin in oulu w my wife", "bor i Borgå
# med min sambo och katten Måns".
_NOT_A_COMPANION = r"(?!(?:and|och|need|want|looking|where|how|what|can|could|behöver|vill|var|hur|söker)\b)"
_COMPANIONS = re.compile(
    r"\s*,?\s*(?:(?:(?:[^\W\d_]+(?:n|ni|mme|nne)|ja|sekä|\d+\w*) ){1,5}kanssa"
    r"|(?:(?:together )?with|w/?|med|tillsammans med) (?:my|our|min|mitt|mina|vår|vårt|våra|the)"
    rf"(?: (?:\d{{1,2}}|{_NOT_A_COMPANION}[^\W\d_]+)){{1,2}}"
    r"(?: (?:and|och|&) (?:(?:my|our|min|mitt|mina|vår|vårt|våra|the|a|two"
    r"|three|\d+) [^\W\d_]+|katten|hunden|barnen|bebisen|kissan|koiran)(?: [^\W\d_]+)?)?)\b", re.IGNORECASE)
# An adult's age after a fact: no group, but no need either ("asun Espoossa, 34-vuotias").
_AGE_AFTER = re.compile(r"\s*,?\s*(?:\d{1,3}-?(?:vuotias|vuotiaana|v)|\d{1,3} (?:years? old|år(?: gammal)?)"
                        r"|aged \d{1,3}|at (?:the age of )?\d{2,3})\b", re.IGNORECASE)
# The work left, after retiring: "jäin eläkkeelle opettajan virasta", "retired from the paper mill"
_WORK_LEFT = re.compile(r"\s*,?\s*(?:(?:[^\W\d_]+n )?(?:virasta|työstä|töistä|tehtävästä|tehtävistä|ammatista"
                        r"|palveluksesta"
                        r"|työelämästä|työpaikasta)|from (?:the |my |a )?(?:[^\W\d_]+ ){0,2}?(?:mill|factory|office"
                        r"|school|hospital|company|job|work|post|army|navy|city|shipyard|bank|railway|railways|plant"
                        r"|firm|business|service|yard|mine|police|force)(?: after \d{1,2} years)?"
                        r"|after (?:\d{1,2}|[^\W\d_]+(?:-[^\W\d_]+)?) years? (?:at|in|with|on|as) (?:the |a |an )?"
                        r"(?:[^\W\d_]+ ){0,2}?[^\W\d_]+)\b", re.IGNORECASE)
MAX_ADDITIONS = 4  # a reason, a time and company: "muutin Suomeen töihin kolme vuotta sitten vaimon kanssa"


# What is studied, after the studies: "käyn amista, sähköpuolta", "opiskelen yliopistossa tietotekniikkaa"
_FIELD = re.compile(r"\s*,?\s*(?:(?:siellä|täällä|nyt|nykyään) )?"
                    r"[^\W\d_]+(?:puolta|alaa|linjaa|tiedettä|tieteitä|tekniikkaa|oppia|hoitoa|kieltä"
                    r"|kieliä|logiaa|iikkaa|kemiaa|historiaa|filosofiaa|taloutta)\b", re.IGNORECASE)


# Where in the town, right after it: "Koti on Kemiönsaarella, Dragsfjärdin puolella", "asumme Inarissa, Ivalon
# kylällä", "I live in Mustasaari just outside town", "bor i Pargas, ute på Nagu"
_PART_OF_TOWN = re.compile(r"\s*,?\s*(?:kaupunki|kaupungissa|kunta|kunnassa|stad|kommun|city|town"
                           r"|(?:[^\W\d_]+n )?(?:puolella|puolessa|kylällä|kylässä|kulmilla|kaupunginosassa"
                           r"|alueella|laidalla|liepeillä)|(?:just |right )?(?:outside|near|close to) (?:the )?(?:town"
                           r"|city|centre|center)|(?:ute |inne )?(?:på|i) [^\W\d_]+ (?:skärgård|by|centrum))\b",
                           re.IGNORECASE)
# What else a fact says, right after it: "(LUT University)", "(rv 10)", "aiemmin satamatyöntekijä"
_ASIDE = re.compile(r"\s*,?\s*(?:\([^()]{1,60}\)|(?:aiemmin|ennen|entinen|formerly|previously|tidigare|före detta"
                    r"|f\.d\.) [^\W\d_]+)", re.IGNORECASE)


def _with_details(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans, each extended over why, when and with whom, when the text says so right after."""
    out = []
    for start, end in spans:
        for _ in range(MAX_ADDITIONS):
            more = (_REASON.match(text, end) or _WHEN.match(text, end) or _COMPANIONS.match(text, end)
                    or _AGE_AFTER.match(text, end) or _FIELD.match(text, end) or _WORK_LEFT.match(text, end)
                    or _ASIDE.match(text, end) or _PART_OF_TOWN.match(text, end))
            if not more or more.end() == end:
                break
            end = more.end()
        out.append((start, end))
    return out


_FI_FIRST_PERSON_WORDS = frozenset("minä mä mää mie me myö minulla mulla mul meillä meil minun mun meidän meiän "
                                   "meille mulle minulle minua mua meitä oon ollaan ollaa täällä tääl täs tässä"
                                   .split())
_ASKS = re.compile(r"\?|^(?:mistä|missä|miten|mitä|mikä|onko|voiko|saako|where|how|what|can|could|is|are|do|does"
                   r"|var|vart|hur|vad|kan|finns)\b")
_WHERE_I_LIVE = re.compile(r",? (?:which|that) is (?:also )?where (?:i|we) (?:live|stay|am based)\b"
                           r"|,? (?:som|vilket) (?:också )?är där (?:jag|vi) bor\b")
_STILL_THERE = re.compile(r"\b(?:still (?:live|living|lives|am|are)|bor (?:fortfarande|kvar|ännu))"
                          r" (?:here|there|där|här)\b"
                          # "I grew up in Mikkeli and moved back here from Helsinki": the origin again the home
                          r"|\b(?:moved|came|flyttade|flyttat|kom) (?:back|tillbaka|hem) (?:here|hit)\b")
# Where one works is no home: the town after these is the home only when no other is named
_WORK_WORDS = re.compile(r"\b(?:work|works|working|job|office|shifts?|employed|jobbar|arbetar|jobb|jobbet|arbete"
                         r"|kontor|töissä|töihin|työpaikka|työpaikkani|työskentelen|työskentelemme|duunissa|duuni"
                         r"|toimisto)\b")
WORK_REACH = 40  # characters before the town where a word of work may stand ("I work shifts at the shipyard in")
_AT_NAMED_PLACE = r"\b(?:(?:here |här |hemma |back )*(?:in|i|på)) ({names})\b"


@lru_cache(maxsize=1)
def _at_named_place() -> re.Pattern[str]:
    return re.compile(_AT_NAMED_PLACE.format(names=_town_names()))


def _speaks_of_self(text: str, words: list[_Word]) -> bool:
    return bool(_FIRST_PERSON.search(fold(text)) or _MY.search(fold(text))) or any(
        w.folded in _FI_FIRST_PERSON_WORDS or w.possessed_by_me()
        or any(r.get("PERSON") in ("1", "4") and r.get("CLASS") == "teonsana" for r in w.readings) for w in words)


def _no_home_spans(folded: str) -> list[tuple[int, int]]:
    """Where the text names a town the writer only comes from, used to live in or visits."""
    places = _places()
    return [m.span(1) for pattern in (places.origin, places.former, *places.visits) for m in pattern.finditer(folded)]


def _home_in_passing(text: str, found: _Found) -> None:
    """The writer's town named in passing, where no sentence says "I live in": "my tiny studio in Oulu is just a
    place to crash", "elämä Oulussa on välillä rankkaa", "vänja oss vid vardagen hemma i Korsholm". Taken when the
    message speaks of the writer, asks nothing, and names exactly one town where something is; not a town
    visited, come from, left, or where someone else is."""
    folded = fold(text)
    if found.municipality or _ASKS.search(folded) or NEED_WORDS & set(folded.split()):
        return  # "I need a dentist in Oulu" names where the need is, not where the writer lives
    words = _words(text)
    if not (found.groups or found.dropped or _speaks_of_self(text, words)):
        return
    elsewhere = _no_home_spans(folded)
    towns: dict[str, tuple[int, int]] = {}
    for match in _at_named_place().finditer(folded):
        town = municipality_named(match.group(1))
        if town and not _someone_else(folded, match.start()) and not any(
                start <= match.start(1) < end for start, end in elsewhere):
            if _WORK_WORDS.search(folded, max(0, match.start() - WORK_REACH), match.start()):
                found.workplace = found.workplace or town.name_fi  # "I work shifts at the shipyard in Turku"
                found.spans.append(match.span())
            else:
                towns[town.name_fi] = match.span()
    for j, word in enumerate(words):
        town = _fi_place(word, AT_PLACE)
        if town and town != "Suomi" and not _someone_else(folded, word.start) and not any(
                words[k].folded in FI_VISIT_WORDS for k in range(max(0, j - 2), min(len(words), j + 1 + VISIT_REACH))):
            if any(_WORK_WORDS.fullmatch(words[k].folded) for k in range(max(0, j - 3), j)):
                found.workplace = found.workplace or town  # "käyn töissä Vaasassa", "työpaikka on Espoossa"
                found.spans.append((words[max(0, j - 3)].start, word.end))
            else:
                towns[town] = (word.start, word.end)
    towns.pop(found.former_home or "", None)
    if len(towns) == 1:
        (town, span), = towns.items()
        found.place(town, span)
        found.home_in_passing = True


# A fragment of a telegraphic message: what stands between punctuation ("turku. jäin eilen työttömäks", "oulu / phd
# student", "pensioner, 80, iisalmi")
_FRAGMENT = re.compile(r"[^.,/;:!?|()\n–—\U0001F000-\U0001FAFF\u2600-\u27BF]+")
_NOT_A_WORD = re.compile(r"[^\w\s:-]+")


def _fragments(text: str) -> list[tuple[str, tuple[int, int]]]:
    """The fragments of a message, each as its folded words without signs or emoji, with its span in `text`."""
    return [(fold(_NOT_A_WORD.sub("", m.group())), m.span()) for m in _FRAGMENT.finditer(text)]


# at most one word before the group, and no preposition: "phd student", "retired nurse" (not "hemvård för äldre")
_GROUP_ALONE = re.compile(rf"(?:(?:a|an|en|ett) )?(?:(?!(?:för|for|with|med|till|to|of|av|i|in|på|at|vid|and|och|my|min"
                          rf"|mitt|our|vår|the)\b)[^\W\d_][\w-]* )?({_GROUP_WORDS})")
# The keys of a message written as a form: "Kotikunta: Kotka / Ikä: 68", "Hemkommun: Närpes", "Age: 24"
_FORM_KEY = re.compile(
    r"(?im)^[ \t]*(?:kotikunta|asuinkunta|kotipaikka|asuinpaikka|paikkakunta|kunta|ikä|elämäntilanne|tilanne|ammatti"
    r"|työtilanne|perhe|perhetilanne|kansalaisuus|nimi|hemkommun|hemort|bostadsort|kommun|ålder|sysselsättning"
    r"|livssituation|familj|yrke|medborgarskap|namn|municipality(?: of residence)?|home ?town|town|city"
    r"|place of residence|residence|age|occupation|status|situation|family|nationality|name)[ \t]*:")


def _groups_alone(text: str, found: _Found) -> None:
    """A group named alone, as one fragment of a telegraphic message: "oulu / phd student / came from nigeria",
    "joensuu, yh-äiti" (Finnish is read word by word, each fragment a clause)."""
    fragments = _fragments(text)
    for words, span in fragments:
        if (match := _GROUP_ALONE.fullmatch(words)) and not _SOMEONE_ELSE.search(words):
            found.group(SV_EN_GROUP_WORDS[match.group(1)], span)
        elif _SCHOOL_ALONE.fullmatch(words) and len(fragments) > 1:
            found.group("student", span)


# A school alone in a fragment: "17, seinäjoki, vocational school", "vasa / gymnasiet"
_SCHOOL_ALONE = re.compile(r"(?:(?:at|in|går i|går på|på|i) )?(?:(?:the|a) )?(?:vocational school|vocational college"
                           r"|high school|upper secondary(?: school)?|uni|university|college|polytechnic|gymnasiet"
                           r"|gymnasium|yrkesskola|yrkesskolan|yrkeshögskola|yrkeshögskolan|universitetet|högskolan"
                           r"|lukio|amk|amis|yliopisto)")
# An age alone in a fragment beside other facts: "korsholm / 72 år / änka", "helsinki, 24, masters student"
_AGE_ALONE = re.compile(r"(\d{2,3})(?: ?(?:v|år|y|yo|y/o|years?(?: old)?|-?vuotias|-?åring|-?årig))?")


# What the writer does for a living, in Finnish, beside other facts: "teen yövuoroja varastolla", "teen ohjelmointityötä
# etänä", "mulla on oma siivousfirma täällä Lahdessa", "olen töissä kaupan kassalla"
_FI_WORKS = re.compile(
    r"\b(?:(?:molemmat|kumpikin|me|mä|minä) )?(?:teen|teemme|tehdään|olen|oon|ollaan|olemme)(?: [^\W\d_]+){0,2}?"
    r" (?:töitä|töissä|työtä|[^\W\d_]+työtä"
    r"|[^\W\d_]*vuoroja|keikkaa|duunia|duunissa|hommia)(?: [^\W\d_]+(?:lla|llä|ssa|ssä|sta|stä|na|nä))*"
    r"(?: (?:etänä|kotoa käsin|osa-aikaisesti|täysipäiväisesti))?"
    r"|\b(?:mulla|minulla|meillä|meil|mul) on (?:oma |pieni |oma pieni |pieni oma )?[^\W\d_]*(?:firma|yritys|kahvila"
    r"|kauppa|liike|putiikki|parturi|kampaamo|tila|maatila)\b(?: [^\W\d_]+(?:lla|llä|ssa|ssä))*"
    r"|\btyöskentelen(?: [^\W\d_]+){1,2}", re.IGNORECASE)
# A list of ages, the children's beside the writer's facts: "kolme lasta, 2-, 5- ja 9-vuotiaat", "barnen är 3 och 7"
_AGE_LIST = re.compile(r"\b\d{1,2}-?,? (?:\d{1,2}-?,? )*(?:ja|och|and|&) \d{1,2}(?:-?vuotia\w*|-?v\b| år\b"
                       r"| years? old\b|-year-olds?\b)", re.IGNORECASE)


def _age_alone(text: str, found: _Found) -> None:
    if not (found.municipality or found.groups) or len(fragments := _fragments(text)) < 2:
        return
    for words, span in fragments:
        if (match := _AGE_ALONE.fullmatch(words)) and (group := _age_group(int(match.group(1)))):
            found.group(group, span)


def _town_alone(text: str, found: _Found) -> None:
    """A town named alone, as one fragment of a message of several, is the writer's home: at the start of the
    message ("vasa, 17 år, går i gymnasiet"), or anywhere beside other facts about the writer ("single dad, 2 kids,
    joensuu"). Not when the message names another town as well."""
    if found.municipality:
        return
    fragments = [(words, span) for words, span in _fragments(text) if words]
    if len(fragments) < 2:
        return  # a bare "Turku" may be a question about Turku
    towns = [(k, town.name_fi, span) for k, (words, span) in enumerate(fragments)
             if words.replace(" ", "").replace("-", "").isalpha() and (town := municipality_named(words))]
    # first in a message that speaks of its writer ("turku. jäin eilen työttömäks") or beside an age alone
    # ("korsholm / 72 år / änka"), not a topic ("Brändö: antal träd enligt trädregistret")
    ages = any(_AGE_ALONE.fullmatch(words) for words, _ in fragments)
    if len({town for _, town, _ in towns}) == 1 and (found.groups or found.dropped or found.expecting or ages or (
            towns[0][0] == 0 and _speaks_of_self(text, _words(text)))):
        found.place(towns[0][1], towns[0][2])
        found.home_in_passing = False


# --- Corrections, returns, children in the writer's care, "here in" (any language) --------------------------------

# A correction of what was just said: the town named soon after it is the home ("Asun Vantaalla.. eikun, me muutettiin
# jo Keravalle", "Jag bor i Esbo – förlåt, Grankulla menar jag", "I live in Espoo. Well, Kirkkonummi now actually")
_CORRECTION = re.compile(r"\b(?:eikun|ei kun|eiku|tai no|tai siis|korjaan|tarkoitin|förlåt|nej vänta|vänta nu"
                         r"|menar jag|jag menar|rättelse|eller nej|eller snarare|i mean|well|correction|scratch that"
                         r"|or rather|actually|wait|alltså|i\.e\.)\b")
CORRECTION_REACH = 8  # words from the correction to the town it puts right
_NOT_LIVING_IN = re.compile(r"\b(?:(?:don't|do not|doesn't|does not) (?:actually |really )?live in"
                            r"|bor (?:faktiskt )?inte (?:i|på)) [^\W\d_]+")


@lru_cache(maxsize=1)
def _named_town() -> re.Pattern[str]:
    return re.compile(rf"\b({_town_names()})\b")


def _corrected_home(text: str, found: _Found) -> None:
    """The town a correction names replaces the one it corrects ("Oon 17 ja asun Kemissä / tai no oikeesti Torniossa,
    käyn vaan amista Kemissä"): the first town after the correction, not one the writer only comes from, visits,
    or does not live in."""
    folded = fold(text)
    marker = _CORRECTION.search(folded)
    if not marker:
        return
    words = _words(text)
    if not (found.municipality or found.groups or _speaks_of_self(text, words)):
        return
    elsewhere = _no_home_spans(folded)
    elsewhere += [m.span() for m in _NOT_LIVING_IN.finditer(folded)]  # "I don't live in Vaasa"
    reach = [w for w in words if w.start >= marker.end()][:CORRECTION_REACH]
    if not reach:
        return
    candidates: list[tuple[int, int, str]] = []
    for match in _named_town().finditer(folded, marker.end(), reach[-1].end):
        if (town := municipality_named(match.group(1))) and not any(s <= match.start() < e for s, e in elsewhere):
            candidates.append((match.start(), match.end(), town.name_fi))
    for word in reach:
        town = _fi_town(word, (*AT_PLACE, "sisatulento", "ulkotulento"))
        if town and not any(s <= word.start < e for s, e in elsewhere):
            candidates.append((word.start, word.end, town))
    if not candidates:
        return
    start, end, town = min(candidates)
    if _someone_else(folded, start):
        return
    found.municipality = town
    found.home_in_passing = False
    found.spans.append((marker.start(), end))


# A baby on the way in more words: "My wife is seven months pregnant", "Baby number two is due in July", "tein
# raskaustestin ja se oli positiivinen"
_MORE_EXPECTING = re.compile(
    r"\braskaustesti\w*(?: [^\W\d_]+){0,4} positiivi\w*|\bpositive pregnancy test\b"
    r"|\bpregnancy test (?:was |came back |is )?positive\b|\bgraviditetstest\w*(?: [^\W\d_]+){0,3} positiv\w*"
    r"|\b(?:i(?:'m| am)|we(?:'re| are)|(?:my|our) (?:wife|partner|girlfriend|fiancee|spouse)(?:'s| is))"
    r" (?:[\w-]+ ){1,3}?pregnant\b|\bbaby (?:number \w+ |no\.? ?\d |#\d )?(?:is )?(?:due|on the way)\b"
    r"|\b(?:jag|min fru|min sambo|min flickvän) är (?:\w+ ){1,3}?gravid\b")

# Back in Finland after years abroad counts as moving here from abroad: "moved back to Finland for good", "flyttat
# hem till Finland igen", "palattiin Suomeen", "muutin kolmenkymmenen Ruotsin-vuoden jälkeen takaisin Suomeen"
_BACK_TO_FINLAND = re.compile(
    r"\b(?:moved|came|come|returned|relocated|moving|am back|'m back|are back|'re back)(?: back| home){1,2}"
    r"(?: here)? (?:to|in) finland\b|\breturned to finland\b"
    r"|\b(?:flyttat|flyttade|flyttar|kom|kommit|återvänt|återvände)(?: \w+)?(?: hem| tillbaka){1,2}"
    r" (?:till|i) finland\b"
    r"|\b(?:takaisin|kotiin) suomeen\b|\bpal(?:asin|attiin|asimme|asi|annut|anneet|attu)\b(?: [^\W\d_]+){0,3} suomeen\b"
    r"|\bsuomeen takaisin\b")


@lru_cache(maxsize=1)
def _town_after_to() -> re.Pattern[str]:
    return re.compile(rf"\b(?:to|till|in|i|på) ({_town_names()})\b")


def _back_in_finland(text: str, found: _Found) -> None:
    """A Finn back from abroad is new here as well (immigrant, by the labelling of the sets); the town moved to
    after the return is the home ("Palattiin Suomeen … Nyt ollaan asetuttu Jyväskylään", "hem till Finland igen,
    närmare bestämt till Borgå")."""
    folded = fold(text)
    match = _BACK_TO_FINLAND.search(folded)
    if not match or _someone_else(folded, match.start()):
        return
    found.group("immigrant", match.span())
    if found.municipality:
        return
    for town_match in _town_after_to().finditer(folded):
        if town := municipality_named(town_match.group(1)):
            found.place(town.name_fi, town_match.span())
            return
    for word in _words(text):
        if word.start > match.start() and (town := _fi_town(word, ("sisatulento", "ulkotulento"))):
            found.place(town, (word.start, word.end))
            return


# "Moved" with words between it and the town: "vi har just flyttat från Vasa till Åbo", "we've just moved to Mikkeli
# from Helsinki", "I'm moving up to Utsjoki on Monday": the town moved to is the home, not the one left.
_MOVED_WITH_WORDS = re.compile(
    r"\b(?:(?P<past>moved|relocated|flyttat|flyttade|har flyttat)|(?P<ahead>moving|relocating|flyttar|ska flytta))"
    r"(?: (?!to\b|till\b)[^\W\d_']+){0,4}? (?:to|till) (?P<town>\w[\w:-]*(?: \w[\w:-]*)?)")
FROM_REACH = 30  # characters after the town moved to where the town left may still be: "to Mikkeli from Helsinki"


def _town_of(words: str) -> Municipality | None:
    """The municipality that a two-word capture names, whole ("S:t Michel") or by its first word ("Vasa bara")."""
    return municipality_named(words) or municipality_named(words.split()[0])


def _moved_with_words(text: str, found: _Found) -> None:
    folded = fold(text)
    for match in _MOVED_WITH_WORDS.finditer(folded):
        town = _town_of(match.group("town"))
        if not town or _someone_else(folded, match.start()):
            continue
        left = {municipality_named(m.group(1)).name_fi
                for m in _from_place().finditer(folded, match.start(), match.end() + FROM_REACH)}
        if found.municipality and found.municipality not in left:
            return
        found.municipality = None
        found.place(town.name_fi, match.span() if match.group("past") else None)
        return


# "Here in Mikkeli", "här i S:t Michel", "she lives with us in Rauma", "tänne Mikkeliin", "Oulun sisällä", "within
# Mikkeli": the writer's town, where no other is told
_HERE_IN = re.compile(r"\b(?:here in|här i|här på|här uppe i|här nere i|right here in|with (?:us|me) in|hos (?:oss|mig)"
                      r" i|within|inom|(?:själva )?hemmet är (?:i|på)|(?:the |my |our )?home itself is in)"
                      r" (\w[\w:-]*(?: \w[\w:-]*)?)")
_FI_HERE = {"tänne": ("sisatulento", "ulkotulento"), "täällä": AT_PLACE}
# "Nu är Närpes mitt hem"
_TOWN_IS_HOME = re.compile(r"\b(?:är|is|e) (\w[\w:-]*(?: \w[\w:-]*)?) (?:mitt|vårt|my|our) (?:hem|home)\b")
# "kämppä on Kuopion keskustassa": a town's centre is the home when the message speaks of a dwelling
_FI_DWELLING = re.compile(r"\b(?:kämppä|kämpän|kämppäni|asunto|asuntoni|asunnon|koti|kotini|kotimme|asun|asutaan"
                          r"|asumme|asustelen|asustellaan|talo|talomme|taloni)\b")
_FI_TOWN_PARTS = frozenset({"sisällä", "keskustassa", "keskustaan", "ydinkeskustassa", "laitamilla", "liepeillä"})


def _here_in_town(text: str, found: _Found) -> None:
    if found.municipality:
        return
    folded = fold(text)
    words = _words(text)
    if not (found.groups or found.expecting or _speaks_of_self(text, words)):
        return
    for match in (*_HERE_IN.finditer(folded), *_TOWN_IS_HOME.finditer(folded)):
        if town := _town_of(match.group(1)):
            found.place(town.name_fi, match.span())
            return
    for j, word in enumerate(words[:-1]):
        nxt = words[j + 1]
        if word.folded in _FI_HERE and (town := _fi_town(nxt, _FI_HERE[word.folded])):
            found.place(town, (word.start, nxt.end))
            return
        # "leski Turun Runosmäestä": a district of the town, in the elative, which Voikko may not know
        district = nxt.text[:1].isupper() and nxt.folded.endswith(("sta", "stä", "lta", "ltä")) and not any(
            municipality_named(lemma) for lemma in nxt.lemmas())
        if (district or nxt.folded in _FI_TOWN_PARTS and (nxt.folded == "sisällä" or _FI_DWELLING.search(folded))) and (
                town := _fi_town(word, ("omanto",))):
            found.place(town, (word.start, nxt.end))  # "muutettiin Oulun sisällä"
            return


# Children in the writer's care who are not their own: grandchildren, foster children, a partner's children living
# with the writer ("tyttären poika muutti meille pysyvästi", "två småsyskon har varit placerade hos oss", "my
# partner's three kids live with us half the week", "we've been raising our grandson")
_IN_CARE = re.compile(
    r"\b(?:grand(?:son|daughter|child|children|kids?)|foster (?:child|children|kids?|son|daughter)"
    r"|(?:partner|wife|husband|girlfriend|boyfriend|spouse)'?s (?:\w+ )?(?:kids|children|sons?|daughters?)"
    r"|barnbarn\w*|fosterbarn\w*|småsyskon"
    r"|(?:min |mitt |mina )?(?:dotters|sons|sambons|frus|mans) (?:\w+ )?(?:barn|småbarn)"
    r"|(?:hennes|hans) (?:\w+ )?(?:barn|småbarn|ungar)"
    r"|lapsenla\w*|tyttären(?:poika|tytär| poika| tytär)\w*|pojan(?:poika|tytär| poika| tytär)\w*|sijaislap\w*"
    r"|bonuslap\w*|teini-ikäi\w*|laps\w*)\b")
_WITH_ME = re.compile(
    r"\b(?:live|lives|living|lived|stay|stays|staying) (?:\w+ )?with (?:me|us)\b|\b(?:raising|bringing up)\b"
    r"|\bbor (?:\w+ )?(?:hos|med) (?:mig|oss)\b|\bboende hos (?:mig|oss)\b"
    r"|\b(?:bott|bor|varit) (?:\w+ )?hos (?:mig|oss)"
    r"|\bplacerade? hos (?:mig|oss)\b|\bunder samma tak\b"
    r"|\b(?:asuu|asuvat|asuvat nyt|asustaa) (?:\w+ )?(?:meillä|meidän luona|mun luona|minun luona|luonani|kanssamme"
    r"|kanssani|(?:mun|minun) kanssa)\b"
    r"|\b(?:meillä|meil|luonani|mun luona) (?:nyt |nykyään |nykyisin |jo )?(?:asuu|asuvat)\b"
    r"|\bmuutti(?:vat)? meille\b|\bmeille (?:on )?sijoitettu\b")
_FOSTERING = re.compile(r"\bfamiljehem\b|\bfosterbarn\w*|\bfosterföräld\w*|\bperhehoitaja\w*|\bsijaisperhe\w*"
                        r"|\bsijaisvanhem\w*|\bsijaislap\w*"
                        r"|\bfoster (?:parents?|family|carers?|child|children|kids?)\b")
_WE_ARE = re.compile(r"\b(?:vi är|we are|we're|toimin|toimimme|olemme|ollaan|olen|oon|i am|i'm|jag är|vi har|we have"
                     r"|we've got|meillä on|meil on)\b")


def _children_in_care(text: str, found: _Found) -> None:
    if "family" in found.groups:
        return
    folded = fold(text)
    with_me = _WITH_ME.search(folded)
    fostering = _FOSTERING.search(folded)
    child = _IN_CARE.search(folded)
    # fostering told, not asked about: "vi har två fosterbarn hemma" (not "hur blir man familjehem?")
    asked = fostering and re.search(r"[^.!?]*" + re.escape(fostering.group()) + r"[^.!?]*\?", folded)
    told = fostering and not asked and (with_me or _WE_ARE.search(folded) or _FIRST_PERSON.search(folded))
    if told or (with_me and child):
        span = (fostering or with_me).span()
        found.group("family", span)


# Finnish "the children" with "we": "Muutettiin just Espoosta Ouluun, lapset aloittaa uudessa koulussa"
_FI_THE_KIDS = re.compile(r"\b(?:lapset|esikoinen|kuopus|muksut|skidit|tenavat|lapsemme|lapseni)\b")
_FI_WE = re.compile(r"\b(?:me|meillä|meidän|meitä|meille|meil)\b")


def _kids_and_we(text: str, found: _Found) -> None:
    if "family" in found.groups:
        return
    folded = fold(text)
    kids = _FI_THE_KIDS.search(folded)
    if not kids or _someone_else(folded, kids.start()):
        return
    # spoken Finnish says "we" with the passive: "muutettiin", "ollaan"
    if _FI_WE.search(folded) or any(r.get("CLASS") == "teonsana" and r.get("PERSON") == "4"
                                    for word in _words(text) for r in word.readings):
        # beside other facts the children are one more fact; alone they stay in what is searched ("erotaan
        # miehen kanssa ja pitäis sopia missä lapset asuu")
        other_facts = found.municipality or any(group != "family" for group in found.groups)
        found.group("family", kids.span() if other_facts else None, need=False)


@lru_cache(maxsize=1024)  # one turn asks it up to three times (router, answer, search); the result is frozen
def read_statements(text: str) -> Statements:
    """The facts `text` states about its writer (in Finnish, Swedish or English)."""
    found = _Found()
    text = (text or "")[:READ_CHARS]
    # Finnish readings of Swedish or English words mislead: "I turned 65 last month" has a spoken "last(a)", a child
    if decisive_language(text) not in ("sv", "en"):
        _read_finnish(text, found)
    _read_swedish_english(text, found)
    _home_in_passing(text, found)
    for match in _WEEKS_PREGNANT.finditer(text):
        found.expecting_baby(match.span())
    for match in _MORE_EXPECTING.finditer(fold(text)):
        found.expecting_baby(match.span())
    _back_in_finland(text, found)
    _moved_with_words(text, found)
    _children_in_care(text, found)
    _kids_and_we(text, found)
    _groups_alone(text, found)
    _town_alone(text, found)
    _here_in_town(text, found)
    _age_alone(text, found)
    _corrected_home(text, found)
    if found.municipality or found.groups:
        found.spans += [m.span() for m in _FORM_KEY.finditer(text)]
        found.spans += [m.span() for m in _FI_WORKS.finditer(text)]
        found.spans += [m.span() for m in _AGE_LIST.finditer(text)]
    if found.expecting:
        found.expecting += [m.span() for m in _DUE.finditer(text)]
    if found.municipality or found.groups or found.dropped or found.expecting:
        found.spans += [m.span() for m in _ABOUT_ME.finditer(text)]
    found.finish()
    never = set() if found.events else set(found.never)
    groups = tuple(g for g in PROFILE_GROUPS if g in found.groups and g not in found.dropped and g not in never)
    dropped = tuple(g for g in PROFILE_GROUPS if g in found.dropped)
    spans = _with_details(text, found.spans)
    # children named with a move are company ("jag och mina två barn flyttar till Borgå")
    life_change = found.events and not found.other_event and (found.moving or bool(found.expecting))
    return Statements(found.municipality, groups, dropped, tuple(sorted(set(spans))), found.events, life_change,
                      found.home_in_passing)


def rest_of(text: str, statements: Statements) -> str:
    """The message without the parts that only describe the user: what is left of a need, if anything."""
    kept, last = [], 0
    for start, end in statements.spans:  # sorted; overlapping spans ("jag studerar" + "studerar i Åbo") merge
        if start > last:
            kept.append(text[last:start])
        last = max(last, end)
    kept.append(text[last:])
    words = [w for w in re.split(r"[\s,.;:!?]+", " ".join(kept)) if w]
    # "muutin Suomeen puoli vuotta sitten, missä voin opiskella suomea": when the fact was true belongs to
    # the fact, not to the need that follows it, and would only add noise to the search
    edges = (CONNECTORS | TIME_WORDS | _WHEN_LEADS) - NEED_WORDS if statements.found else CONNECTORS
    while words and fold(words[0]) in edges:
        words.pop(0)
    while words and fold(words[-1]) in CONNECTORS:  # not time words: "ei pärjää yksin", "hammaslääkärin ajan"
        words.pop()
    return " ".join(words)


_COMPANY = re.compile(rf"(?:{OTHER_PEOPLE}|baby|newborn|toddler|twins|boys|girls|bebis|tvillingar|småbarn|vauva"
                      rf"|esikoinen|kaksoset)s?")
FI_COMPANY = frozenset("mies vaimo puoliso avomies avovaimo lapsi poika tytär äiti isä perhe kumppani".split())


def _statement_word(word: str) -> bool:
    """A word of a statement's own vocabulary left over from it: a school, a pension, Finland, a country, a town."""
    lemmas = {fold(r.get("BASEFORM", "")) for r in lenient_analyses(word)} | {word}
    return bool(lemmas & (FI_COUNTRIES | SV_EN_COUNTRIES | FI_STATUS_WORDS | SV_EN_STATUS_WORDS
                          | {"suomi", "finland", "eläke", "pension"})) or any(
        lemma.endswith(FI_SCHOOLS) for lemma in lemmas) or municipality_named(word) is not None


def _names_company(word: str) -> bool:
    """A word for the people the writer lives with, left over from a statement ("minä, mieheni ja kolme lasta",
    "jag och mina två barn")."""
    return bool(_COMPANY.fullmatch(word)) or bool(
        FI_COMPANY & {fold(r.get("BASEFORM", "")) for r in lenient_analyses(word)})


def only_statements(text: str, statements: Statements | None = None,
                    is_content: Callable[[str], bool] | None = None) -> bool:
    """Whether the message says nothing but facts about its writer (no need left to search for)."""
    statements = statements or read_statements(text)
    if not statements.found:
        return False
    rest = rest_of(text, statements)
    ignored = (CONNECTORS | TIME_WORDS | PRONOUNS | DISCOURSE_WORDS | FI_HERE_WORDS | _FI_FIRST_PERSON_WORDS | FI_WITH
               | GREETINGS | function_words()) - NEED_WORDS
    words = [w for w in re.findall(r"[^\W\d_]+", fold(rest))
             if w not in ignored and not _names_company(w) and not _statement_word(w)]
    if is_content is not None:
        words = [w for w in words if is_content(w)]
    return not words
