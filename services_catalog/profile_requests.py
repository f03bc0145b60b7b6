"""Requests about what the bot keeps of the user: "what do you know about me?", "forget what I told you".

The intent model learns these from a few dozen examples; in a longer message ("Förresten, kan du radera allt jag
sagt om mig? Mamma sa att…", "Mitähän tietoja minusta on nyt tallessa? Haluaisin tarkistaa…") the words around them
outweigh the request. The phrasings here are certain without the model: a question or an imperative addressed to
the bot, about the writer's own facts.
"""
from __future__ import annotations

import re

from services_catalog.language.normalise import fold

_ME = r"(?:minusta|musta|minua|mua|itsestäni|minut|mut|mig|mej|me|myself)"
_SHOW = re.compile(
    # Finnish: "mitä tiedät minusta", "mitähän tietoja minusta on tallessa", "mitä oot tallentanu musta"
    r"\b(?:mitä|mitähän|mitäs|mitkä|millaisia|minkälaisia)\b[^.?!]{0,40}?"
    r"\b(?:tiedät|tiedätte|muistat|muistatte|tietoja|tiedot|tallentanut|tallentanu|tallentaneet|tallessa|tallennettu"
    r"|kirjattu|kirjannut|kerännyt|kertonut|kertonu|kerroin|saanut selville|selvittänyt)\b[^.?!]{0,30}?\b"
    rf"{_ME}\b"
    rf"|\b(?:mitä|mitähän|mitäs)\b[^.?!]{{0,10}}\b{_ME}\b[^.?!]{{0,30}}\b(?:tiedät|tiedätte|muistat|tietoja|tiedot"
    r"|tallessa|tallennettu|kirjattu|tallentanut|tallentanu)\b"
    r"|\bnäytä\b[^.?!]{0,20}\b(?:tietoni|profiilini|mitä tiedät|mitä muistat)\b"
    # Swedish: "vad vet du om mig", "vilka uppgifter har ni om mig", "vad har du sparat om mig"
    r"|\bvad (?:vet|minns|kommer) (?:du|ni)\b[^.?!]{0,20}\bom (?:mig|mej)\b"
    r"|\bvad (?:du|ni)\b[^.?!]{0,10}\b(?:vet|minns|har sparat|har lagrat|sparat|lagrat|har antecknat)\b[^.?!]{0,10}"
    r"\bom (?:mig|mej)\b"
    r"|\b(?:vilka|vad för|vad har du för) (?:uppgifter|upplysningar|information|data|fakta)\b[^.?!]{0,40}"
    r"\bom (?:mig|mej)\b"
    r"|\bvad har (?:du|ni)\b[^.?!]{0,15}\b(?:sparat|lagrat|registrerat|antecknat|noterat|sparade)\b[^.?!]{0,20}"
    r"\bom (?:mig|mej)\b"
    r"|\bvisa\b[^.?!]{0,15}\b(?:mina uppgifter|min profil|vad du vet)\b"
    # English: "what do you know about me", "what information do you have on me", "remind me what I told you"
    r"|\bwhat (?:do|did|have|else do) you\b[^.?!]{0,25}\b(?:know|remember|have|got|saved|stored|kept|recorded"
    r"|noted)\b[^.?!]{0,20}\b(?:about|on) me\b"
    r"|\bwhat (?:information|info|data|details|facts)\b[^.?!]{0,40}\b(?:about|on) me\b"
    r"|\bwhat (?:you|you've|you have|u|u have|you've got)\b[^.?!]{0,15}\b(?:know|remember|saved|stored|kept|have|got)"
    r"\b[^.?!]{0,15}\b(?:about|on) me\b"
    r"|\bwhat (?:have|did) i (?:told|tell|said|say) (?:you|to you)\b"
    r"|\b(?:details|information|data) you (?:hold|have|keep|store)\b[^.?!]{0,25}\b(?:for|on|about) me\b"
    r"|\bwhat (?:have you|did you) (?:saved?|stored?|kept|recorded|noted|written down)\b"
    r"|\b(?:remind me )?what (?:i(?:'ve| have)?|did i) (?:told|tell|said|say) (?:you|to you)\b[^.?!]{0,20}"
    r"\b(?:about )?(?:me|myself)\b"
    r"|\bshow (?:me )?(?:my (?:details|profile|data|info)|what you (?:know|have))\b")
_FORGET = re.compile(
    # Finnish imperatives address the bot: "unohda tietoni", "poista kaikki mitä kerroin", "voitko poistaa tietoni"
    r"\b(?:unohda|unohtakaa|poista|poistakaa|pyyhi|pyyhkikää|tyhjennä|nollaa|hävitä|poistatko|unohdatko|poistaisitko"
    r"|unohtaisitko|voitko (?:unohtaa|poistaa|pyyhkiä)"
    r"|voisitko (?:unohtaa|poistaa|pyyhkiä)|voitteko (?:unohtaa|poistaa))\b[^.?!]{0,40}?"
    r"\b(?:minusta|musta|minut|mut|tietoni|tiedot|tietojani|kaikki|kaiken|mitä (?:kerroin|oon kertonut|olen kertonut"
    r"|kirjoitin)|profiilini|äskeinen|äskeiset|ne tiedot)\b"
    # Swedish and English: an imperative, or a request to the bot
    r"|(?:^|[.!?,–-] ?|\b(?:kan|kunde|skulle) (?:du|ni) |\bsnälla |\bvänligen |\b(?:så|och) )"
    r"(?:glöm|glömma|radera|ta bort|sudda ut|nollställ|nollställa|rensa|tömma|töm)\b[^.?!]{0,40}?"
    r"\b(?:mig|mej|oss|mina uppgifter|uppgifterna|allt|det (?:jag|ja) (?:sa|sagt|skrev|berättade)|min profil"
    r"|mina data|vad du vet)\b"
    r"|(?:^|[.!?,] ?|\b(?:can|could|would|will) (?:you|u) |\bplease |\bpls |\bplz |\bjust |\bkindly )"
    r"(?:forget|delete|erase|wipe|remove|clear|reset)\b[^.?!]{0,40}?"
    r"\b(?:me|my (?:info|information|data|details|profile|facts)|everything|all (?:of )?(?:that|this|it)"
    r"|it(?: all)?|that|this|what (?:i(?:'ve| have)?|you) (?:told|said|know|saved|stored))\b")
# "forget everything": all of it, whatever facts the message names besides
_EVERYTHING = re.compile(r"\b(?:kaikki|kaiken|kokonaan|allt|alla|helt|everything|all of it|all of that|all that)\b")


def asks_what_is_known(text: str) -> bool:
    """The message asks what the bot knows of the writer."""
    return bool(_SHOW.search(fold(text)))


def asks_to_forget(text: str) -> bool:
    """The message asks the bot to forget or delete what it knows of the writer."""
    return bool(_FORGET.search(fold(text)))


def forgets_everything(text: str) -> bool:
    return bool(_EVERYTHING.search(fold(text)))
