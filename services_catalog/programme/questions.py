"""What a programme question is about: the table rows it names and the kind of fact it asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services_catalog.programme.matching import all_hits, best_hits, mentions, normalise, years
from services_catalog.programme.tables import (
    CalendarEvent,
    Campaign,
    Department,
    Experiment,
    Partner,
    Programme,
    Topic,
)

# Cue stems in fi, sv and en, "|"-separated (matched like table aliases: stems of 5+ characters match word starts).
_CUE_STEMS: dict[str, str] = {
    "count": "montako|kuinka monta|moneenko|paljonko|lukumäär|määrä|how many|number of|hur många|antal|count",
    "proposals": "ehdotu|ehdotus|proposal|förslag|ideoita|ideas|hakemu|applications|ansökningar|submitted",
    "money": (
        "rahaa|raha|rahoitu|rahoitet|budjet|budget|euro|eur|money|funding|funded|fund|pengar|"
        "finansier|kustan|cost|maksoi|summa|belopp|how much|hur mycket|apuraha|grant|bidrag|maksa|"
        "rahoitta|kostar|kosta"
    ),
    "total": "yhteensä|kaikkiaan|total|totalt|sammanlagt|altogether|overall",
    "duration": (
        "kauanko|kuinka kauan|kuinka pitkä|kesto|kestää|kesti|kestävät|how long|duration|last|lasts|"
        "lasted|hur länge|varar|varade|pituus"
    ),
    "start": (
        "alkoi|alkanut|aloitti|aloitettiin|käynnisty|perustet|start|began|begin|launch|founded|"
        "började|startade|grundad|since|sedan när|mistä lähtien"
    ),
    "when": (
        "milloin|when|när|what date|which date|päivämäär|date|datum|what year|which year|mikä vuosi|"
        "minä vuonna|vilket år|ajankoh|pidettiin|järjestettiin|held"
    ),
    "partner": (
        "kumppan|yrityskumppan|partner|yritys|yrityk|company|companies|företag|firma|firmor|vendor|"
        "supplier|toimittaj|teki yhteistyö|worked with"
    ),
    "department": (
        "toimiala|department|division|sektor|kuka teki|ketkä tekivät|who did|who ran|which unit|"
        "yksikkö|vem gjorde|vilken sektor|kenen"
    ),
    "goal": ("tavoit|goal|aim|aims|purpose|mål|målet|syfte|syftet|tarkoitu|miksi|why|varför|ongelma|" "problem"),
    "outcome": (
        "tulos|tulokse|tuloks|tuotos|tuotok|lopputulo|outcome|result|output|resultat|produced|"
        "tuotti|syntyi|opit|oppeja|lesson|learn|lärdom|achieve|saavut|what came|vad blev"
    ),
    "satisfaction": "tyytyväi|satisf|nöjd|nöjda|arvosan|rating|rated|arvio|score",
    "participants": (
        "osallistuj|participant|attend|deltagare|deltog|how many people|montako ihmis|kuinka moni|" "people"
    ),
    "webinar": "webinaar|webinar|webbinar|päätöstilaisuu|loppuseminaar",
    "schedule": (
        "aikataulu|schedule|calendar|timeline|tidtabell|tidsplan|kalender|vaiheet|milestones|"
        "key dates|katselmoin|reviews|granskningar"
    ),
    "experiment": "kokeil|experiment|försök|pilot|projekt|project|hanke|hankkee",
    "campaign": "kampanj|campaign|round|kierro",
    "latest": (
        "uusin|uusimm|viimeisin|viimeisimm|latest|newest|most recent|recent|senaste|nyaste|current|" "nykyinen|tuorein"
    ),
    "theme": ("teema|theme|tema|teman|temat|temana|aihe|aihee|aihei|topic|painopist|focus|fokus|ämne|alue|" "areas"),
    "accelerator": "kiihdyttäm|accelerator|accelerat|kiihdytt",
    "about": (
        "mikä on|mitä on|mikä oli|what is|what s|whats|vad är|kerro|tell me|tell about|berätta|"
        "esittele|describe|explain|selitä|tiivistä|summar"
    ),
    "contact": (
        "yhteyshenkilö|yhteystie|contact|kontakt|kehen|yhteyttä|who runs|who leads|vetää|vetäjä|"
        "vastaava|ansvarig|responsible|lisätieto|more information|mer information|who is in charge|"
        "leader|johtaja|hankepäällik|projektledare|programme manager|project manager|meloni|"
        "kokeilugalleri|galleri|gallery|osoite|url|website|verkkosivu|nettisivu|webbplats|link|"
        "linkki|lisää tietoa"
    ),
    "list": "mitkä|mitä|luettele|listaa|kaikki|which|what|list|vilka|vad|name|nimeä|ketkä|who|vem",
}
CUES: dict[str, list[str]] = {cue: stems.split("|") for cue, stems in _CUE_STEMS.items()}


# Compound words that contain the "experiment" and "campaign" cues but name the programme itself.
_PROGRAMME_WORDS = (
    (re.compile(r"kokeilukiihdyttam\w*"), "kiihdyttamo"),
    (re.compile(r"experimentation accelerator\w*"), "accelerator"),
    (re.compile(r"forsoksaccelerator\w*"), "accelerator"),
    (re.compile(r"kokeilukampanj(\w*)"), r"kampanj\1"),
    (re.compile(r"experiment campaign"), "campaign"),
    (re.compile(r"forsokskampanj(\w*)"), r"kampanj\1"),
)
# Names a user might give for a campaign or an experiment: "Moonshot-kokeilu", "the Moonshot campaign",
# "'Moonshot'". Matched on the original text so capitals still mark names.
_NAMED = (
    re.compile(r"[\"“”«»']([^\"“”«»']{2,60})[\"“”«»']"),
    re.compile(r"\b([\w][\w.&]*?)\s*-\s*(?:kokeil|kampanj|projekt|hank|försök|pilot)\w*", re.IGNORECASE),
    re.compile(r"\b([A-ZÅÄÖ][\w&]+)\s+(?:campaign|experiment|project|pilot|kampanjen|försöket|projektet)\b"),
    re.compile(
        r"\b(?:campaign|experiment|project|pilot|kampanjen|försöket|projektet)\s+(?:called\s+)?" r"([A-ZÅÄÖ][\w&]+)"
    ),
    re.compile(r"\b(?:nimeltä|called|named|heter|kallad)\s+([\w&]+)", re.IGNORECASE),
)
# "Zebra-kokeilusta", "Zebran kokeilussa", "the Zebra experiment": the generic word after the name.
_COMPOUND_TAIL = re.compile(r"(?:\s*-\s*|\s+)(?:kokeil|kampanj|projekt|hank|försök|pilot|experiment|campaign)\w*$",
                            re.IGNORECASE)
# Capitalised words that are not names of campaigns or experiments.
_NOT_NAMES = frozenset(
    normalise(
        """kokeilukiihdyttämö kokeilukiihdyttämön kokeilukiihdyttämössä kokeilukiihdyttämöön helsinki helsingin
    helsingfors helsinki's kaupunki city stadens i what which who when how how's tell kerro mitä mikä mitkä
    milloin montako kuinka paljonko kuka ketkä vad vilka vilken när hur vem berätta ai tekoäly the a an is
    was were did does do en ett och ja and or kokeilu kampanja kampanjan kokeilun""".replace("\n", " ")
    ).split()
)


@dataclass
class Query:
    """A question's matched rows and cues. Lists keep table order; ties stay ambiguous on purpose."""

    norm: str
    cues: set[str]
    campaigns: list[Campaign] = field(default_factory=list)
    experiments: list[Experiment] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    events: list[CalendarEvent] = field(default_factory=list)
    year: int | None = None
    unknown_name: str | None = None

    def has(self, *cues: str) -> bool:
        return any(c in self.cues for c in cues)


def _programme_words(norm: str) -> str:
    for pattern, replacement in _PROGRAMME_WORDS:
        norm = pattern.sub(replacement, norm)
    return norm


def _campaigns(programme: Programme, norm: str, year: int | None, cues: set[str]) -> list[Campaign]:
    by_name = best_hits(norm, [(c.id, c.aliases) for c in programme.campaigns])
    found = [programme.campaign(cid) for cid in by_name]
    named_in_full = [c for c in found if any(normalise(n) in norm for n in c.name.values() if n)]
    if len(found) > 1 and len(named_in_full) == 1:  # "Tekoäly ja ohjelmistorobotiikka" is also in the 2021 name
        found = named_in_full
    if year is not None:
        in_year = [c for c in found if c.covers(year)]
        if found and in_year:
            return in_year
        if not found:
            # "the 2022 campaign" is the one that started in 2022, not the ones that ran into it.
            started = [c for c in programme.campaigns if c.year_start == year]
            return started or [c for c in programme.campaigns if c.covers(year)]
    if not found and "latest" in cues and ("campaign" in cues or "experiment" in cues or len(cues) <= 3):
        found = [c for c in programme.campaigns if c.latest]
    return found


def _unknown_name(text: str, matched_anything: bool) -> str | None:
    """A name the user gave for a campaign or experiment that no table row matched."""
    if matched_anything:
        return None
    for pattern in _NAMED:
        for match in pattern.finditer(text or ""):
            name = match.group(1).strip(" -")
            if name and normalise(name).strip() not in _NOT_NAMES:
                return name
    return None


def parse(text: str, programme: Programme, entities: dict[str, list[str]] | None = None) -> Query:
    """Match `text` (and NLU entity values, if any) against the tables."""
    entity_values = [v for values in (entities or {}).values() for v in values if v]
    norm = _programme_words(normalise(" ".join([text or "", *entity_values])))
    cues = {cue for cue, stems in CUES.items() if mentions(norm, stems)}
    found_years = years(text)
    year = found_years[0] if found_years else None
    query = Query(norm=norm, cues=cues, year=year)
    query.experiments = [
        e
        for e in programme.experiments
        if e.id in all_hits(norm, [(x.id, x.aliases + x.names) for x in programme.experiments])
    ]
    query.campaigns = _campaigns(programme, norm, year, cues)
    query.partners = [programme.partner(pid) for pid in all_hits(norm, [(p.id, [p.name]) for p in programme.partners])]
    query.departments = [
        programme.department(did) for did in all_hits(norm, [(d.id, d.aliases) for d in programme.departments])
    ]
    query.topics = [programme.topic(tid) for tid in all_hits(norm, [(t.id, t.aliases) for t in programme.topics])]
    query.events = [
        programme_event
        for programme_event in programme.calendar
        if programme_event.id in all_hits(norm, [(e.id, e.aliases) for e in programme.calendar])
    ]
    matched = bool(
        query.experiments or query.campaigns or query.partners or query.departments or query.events or query.topics
    )
    query.unknown_name = _unknown_name(text, matched)
    if not matched and query.unknown_name is None:
        names = [_name_part(v) for kind in ("campaign", "experiment") for v in (entities or {}).get(kind, [])]
        query.unknown_name = next((n for n in names if _looks_like_name(n, text)), None)
    return query


def _name_part(value: str) -> str:
    """ "Zebra-kokeilusta" -> "Zebra": NLU often tags the whole compound."""
    return _COMPOUND_TAIL.sub("", value or "").strip()


def _looks_like_name(value: str, text: str) -> bool:
    """An NLU entity value counts as a name only if written like one: NLU also tags ordinary words."""
    norm = normalise(value)
    generic = any(mentions(norm, CUES[cue]) for cue in ("experiment", "campaign", "accelerator", "theme"))
    return (
        len(norm.strip()) >= 3
        and not generic
        and norm.strip() not in _NOT_NAMES
        and (value[:1].isupper() and value in (text or ""))
    )
