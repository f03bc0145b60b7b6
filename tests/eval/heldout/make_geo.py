"""Generate tests/eval/heldout/geo.yml, the held-out geo count questions.

Written 2026-12-01 for the held-out evaluation set, before any tuning; the set must never be tuned on.

The Finnish case forms (inessive, genitive, elative) of the 60 Helsinki kaupunginosat are generated with
Omorfi's generator automaton as shipped in the PyPI package ``pyomorfi`` (pure-Python KFST runtime), a
morphological generator the project does not use itself, so the set tests rather than mirrors the project's
own place-name code. The nominative is analysed with Omorfi, its last ``[CASE=NOM]`` tag is replaced with the
wanted case and the analysis is fed to the generator (the first of several alternatives is kept). Names Omorfi
does not know as proper nouns are tried as common nouns and capitalised again. Where Omorfi has no entry or
is wrong, a hand-written form from OVERRIDES is used (the reason is given next to each).

Every form is then checked with the Voikko morphological analyser (system libvoikko + voikko-fi through the
PyPI ``libvoikko`` bindings): a form is confirmed when Voikko analyses it with the expected SIJAMUOTO
(sisaolento / omanto / sisaeronto). For a hyphenated name Voikko does not know, the last part is checked.
Forms Voikko cannot confirm are listed in the header of geo.yml.

Run it in a throwaway venv, never in the project's own:

    python3 -m venv /tmp/geo-venv
    /tmp/geo-venv/bin/pip install pyomorfi libvoikko pyyaml
    /tmp/geo-venv/bin/python tests/eval/heldout/make_geo.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
GEOJSON = ROOT / "services_catalog" / "tables" / "geodata" / "kaupunginosat.geojson"
OUT = HERE / "geo.yml"

CASES = {"ine": "INE", "gen": "GEN", "ela": "ELA"}
VOIKKO_CASE = {"ine": "sisaolento", "gen": "omanto", "ela": "sisaeronto"}

# Hand-written forms where Omorfi has no entry or gets it wrong.
OVERRIDES = {
    # Omorfi applies back-vowel harmony to the whole compound; the last part -niemi takes front vowels.
    "Herttoniemi": {"ine": "Herttoniemessä", "ela": "Herttoniemestä"},
    "Munkkiniemi": {"ine": "Munkkiniemessä", "ela": "Munkkiniemestä"},
    # Not in Omorfi's lexicon.
    "Östersundom": {"ine": "Östersundomissa", "gen": "Östersundomin", "ela": "Östersundomista"},
    "Ultuna": {"ine": "Ultunassa", "gen": "Ultunan", "ela": "Ultunasta"},
    # Both parts inflect in the established name (cf. Vanhankaupunginkoski); Omorfi only knows the
    # common noun, which it inflects in the last part only.
    "Vanhakaupunki": {"ine": "Vanhassakaupungissa", "gen": "Vanhankaupungin", "ela": "Vanhastakaupungista"},
}

# Swedish display names where str.title() is wrong.
SV_NAMES = {"VÄSTRA HAMNEN": "Västra hamnen"}
# Islands and peninsulas take "på" in Swedish.
SV_PA = {
    "Drumsö",
    "Brändö",
    "Degerö",
    "Vårdö",
    "Björnsö",
    "Husö",
    "Villinge",
    "Sveaborg",
    "Skatudden",
    "Utöarna",
    "Blåbärslandet-Högholmen",
    "Sandhamn",
}

# (genus or None, fi partitive sg, fi partitive pl, fi genitive pl, sv plural)
DATASETS = [
    (None, "puuta", "puita", "puiden", "träd"),
    ("Tilia", "lehmusta", "lehmuksia", "lehmusten", "lindar"),
    (None, "puuta", "puita", "puiden", "träd"),
    ("Acer", "vaahteraa", "vaahteroita", "vaahteroiden", "lönnar"),
    (None, "puuta", "puita", "puiden", "träd"),
    ("Betula", "koivua", "koivuja", "koivujen", "björkar"),
    (None, "puuta", "puita", "puiden", "träd"),
    ("Pinus", "mäntyä", "mäntyjä", "mäntyjen", "tallar"),
    (None, "puuta", "puita", "puiden", "träd"),
    ("Quercus", "tammea", "tammia", "tammien", "ekar"),
    (None, "puuta", "puita", "puiden", "träd"),
    ("Picea", "kuusta", "kuusia", "kuusten", "granar"),
    (None, "puuta", "puita", "puiden", "träd"),
    ("Ulmus", "jalavaa", "jalavia", "jalavien", "almar"),
    (None, "puuta", "puita", "puiden", "träd"),
    ("Sorbus", "pihlajaa", "pihlajia", "pihlajien", "rönnar"),
    (None, "puuta", "puita", "puiden", "träd"),
]

# Phrasings; {sg} partitive singular, {pl} partitive plural, {plgen} genitive plural, {x} the place form.
FRAMES = {
    "ine": [
        "Montako {sg} on {x}?",
        "Kuinka monta {sg} kasvaa {x}?",
        "paljonko {x} on {pl}",
        "{x} on kuinka monta {sg}?",
        "Montako {sg} {x} on yhteensä?",
        "kuinka paljon {pl} löytyy {x}",
    ],
    "ela": [
        "Paljonko {pl} löytyy {x}?",
        "Montako {sg} {x} löytyy?",
        "Kuinka monta {sg} {x} on laskettu?",
        "haluaisin tietää montako {sg} {x} löytyy",
        "Kuinka paljon {pl} {x} löytyy kaiken kaikkiaan?",
        "montako {sg} {x} on kirjattu",
    ],
    "gen": [
        "Kuinka monta {sg} kasvaa {x} alueella?",
        "Montako {sg} on {x} kaupunginosassa?",
        "Paljonko {pl} on {x} alueella?",
        "Mikä on {x} {plgen} lukumäärä?",
        "kerro {x} {plgen} määrä",
        "montako {sg} {x} kaupunginosassa kasvaa",
    ],
    "sv": [
        "Hur många {sv} finns det {prep} {x}?",
        "Hur många {sv} växer {prep} {x}?",
        "Antal {sv} {prep} {x}?",
        "hur många {sv} står det {prep} {x}",
        "Berätta hur många {sv} det finns {prep} {x}.",
        "Hur många {sv} har vi {prep} {x}?",
    ],
}
FORMS = ["ine", "gen", "ela", "sv"]


def districts() -> list[tuple[str, str]]:
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        props = feature["properties"]
        fi = props["nimi_fi"].title()
        sv = SV_NAMES.get(props["nimi_se"], props["nimi_se"].title())
        out.append((fi, sv))
    return out


def omorfi_forms(omorfi, name: str) -> dict[str, str]:
    """Inessive, genitive and elative of name generated by Omorfi ({} when it cannot)."""
    for word, recap in ((name, False), (name.lower(), True)):
        analyses = [a.raw for a in omorfi.analyse(word)]
        good = [a for a in analyses if "[CASE=NOM]" in a and "GUESS" not in a]
        if not good:
            continue
        # prefer a place name, then a single lexeme over a compound analysis
        good.sort(key=lambda a: ("PROPER=GEO" not in a, "BOUNDARY=COMPOUND" in a))
        base = re.sub(r"\[WEIGHT=[^\]]*\]", "", good[0])
        forms = {}
        for kind, tag in CASES.items():
            i = base.rfind("[CASE=NOM]")
            generated = omorfi.generate(base[:i] + f"[CASE={tag}]" + base[i + len("[CASE=NOM]") :])
            if not generated:
                break
            form = generated.split("/")[0]
            forms[kind] = form[0].upper() + form[1:] if recap else form
        if len(forms) == 3:
            return forms
    return {}


def voikko_confirms(voikko, form: str, kind: str) -> str:
    """'yes', 'last part' (hyphenated name, only its last part known) or 'no'."""
    want = VOIKKO_CASE[kind]
    if any(a.get("SIJAMUOTO") == want for a in voikko.analyze(form)):
        return "yes"
    if "-" in form:
        last = form.rsplit("-", 1)[1]
        if any(a.get("SIJAMUOTO") == want for a in voikko.analyze(last)):
            return "last part"
    return "no"


def yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def main() -> int:
    import libvoikko
    from pyomorfi import load_omorfi

    omorfi = load_omorfi(load_segmenter=False)
    voikko = libvoikko.Voikko("fi")

    names = districts()
    table: dict[str, dict[str, str]] = {}
    origin: dict[tuple[str, str], str] = {}
    notes: list[str] = []
    for fi, _sv in names:
        generated = omorfi_forms(omorfi, fi)
        forms = {}
        for kind in CASES:
            override = OVERRIDES.get(fi, {}).get(kind)
            if override:
                forms[kind] = override
                origin[(fi, kind)] = "hand"
                if generated.get(kind) and generated[kind] != override:
                    notes.append(f"{fi} {kind}: Omorfi gave {generated[kind]}, hand form {override} used")
            elif kind in generated:
                forms[kind] = generated[kind]
                origin[(fi, kind)] = "omorfi"
            else:
                raise SystemExit(f"no {kind} form for {fi}: add it to OVERRIDES")
        table[fi] = forms

    unconfirmed = []
    partly = []
    for fi, forms in table.items():
        for kind, form in forms.items():
            verdict = voikko_confirms(voikko, form, kind)
            if verdict == "no":
                unconfirmed.append(f"{form} ({kind}, {origin[(fi, kind)]})")
            elif verdict == "last part":
                partly.append(f"{form} ({kind})")

    n_hand = sum(1 for v in origin.values() if v == "hand")
    lines = [
        "# Held-out geo count questions (held-out evaluation set, written 2026-12-01 before any tuning).",
        "# NEVER tune the bot, its training data or its place-name code on this file.",
        "# Generated by tests/eval/heldout/make_geo.py: every one of the 60 Helsinki kaupunginosat of",
        "# services_catalog/tables/geodata/kaupunginosat.geojson in the Finnish inessive, genitive and elative",
        "# and by its Swedish name (form: ine|gen|ela|sv), three phrasings each (720 cases); trees in general",
        "# and some genera of geodata.yml (expect.filter = the Latin genus).",
        f"# Finnish forms: Omorfi generator (PyPI pyomorfi, not used by the project); {n_hand} forms hand-written",
        "# where Omorfi had no entry or was wrong (see OVERRIDES in make_geo.py). All forms checked with the",
        "# Voikko analyser for the expected SIJAMUOTO.",
        "# Voikko could not confirm: " + (", ".join(unconfirmed) if unconfirmed else "none") + ".",
        "# Confirmed only for the last part of a hyphenated name: " + (", ".join(partly) if partly else "none") + ".",
        "# area_id values are the district names of the geojson (nimi_fi, capitalised); filter genera are keys of",
        "# geodata.yml; both are checked by tests/test_heldout_set.py.",
    ]
    for note in notes:
        lines.append(f"# Note: {note}.")

    n = 0
    for d_i, (fi, sv) in enumerate(names):
        for f_i, kind in enumerate(FORMS):
            frames = FRAMES[kind]
            for k in range(3):
                n += 1
                frame = frames[(d_i + 2 * k) % len(frames)]
                genus, sg, pl, plgen, sv_pl = DATASETS[(d_i * 12 + f_i * 3 + k) % len(DATASETS)]
                if kind == "sv":
                    text = frame.format(sv=sv_pl, prep="på" if sv in SV_PA else "i", x=sv)
                else:
                    text = frame.format(sg=sg, pl=pl, plgen=plgen, x=table[fi][kind])
                text = text[0].upper() + text[1:] if frame[0].isupper() else text
                expect = f"{{type: geo_count, area_id: {yaml_str(fi)}, division: kaupunginosa"
                expect += f", filter: {genus}}}" if genus else "}"
                lines.append(f"- id: geo-{n:03d}")
                lines.append(f"  lang: {'sv' if kind == 'sv' else 'fi'}")
                lines.append(f"  form: {kind}")
                lines.append(f"  text: {yaml_str(text)}")
                lines.append(f"  expect: {expect}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {n} cases to {OUT}")
    print("Voikko could not confirm:", unconfirmed)
    print("last part only:", partly)
    for note in notes:
        print("note:", note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
