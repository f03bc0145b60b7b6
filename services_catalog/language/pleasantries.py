"""Greetings, thanks and polite padding around a request, in Finnish, Swedish and English: "heippa, anteeks
häiriö mut…", "god morgon! skulle vilja veta var…, tack", "hi there, hope you can help :)".

People wrap a need in them; a search for the whole message ranks services for "help" and "morning" too.
"""

from __future__ import annotations

import re

_GREETING = (r"(?:hei|heippa|heissan|moi|moikka|moro|terve|päivää|huomenta|iltaa|hyvää (?:päivää|huomenta|iltaa)"
             r"|hej|hejsan|hallå|tjena|god (?:morgon|dag|kväll|eftermiddag)"
             r"|hi|hello|hey|hiya|good (?:morning|afternoon|evening|day)|greetings|dear \w+)"
             r"(?: (?:there|all|everyone|kaikki|alla|på er|bot|botti))?")
_PADDING = (
    r"(?:anteeksi|anteeks|sori|sorry) (?:häiriö|että häiritsen|vaivaa)|(?:haluaisin|haluisin|halusin) kysyä"
    r"|kysyisin(?: vaan| vain| että| teiltä)?|(?:mulla|minulla) (?:olisi|ois|on) (?:yksi |pieni )?kysymys"
    r"|voisitteko kertoa|osaatko sanoa|kiitos (?:jo )?etukäteen|kiitos paljon|kiitoksia|kiitos|kiitti|kiitokset"
    r"|ursäkta(?: att jag stör)?|(?:jag )?undrar (?:bara|lite)?|(?:jag )?skulle vilja veta|(?:jag )?har en fråga"
    r"|kan du (?:berätta|säga)|tack på förhand|tack så mycket|tack"
    r"|(?:i )?hope you(?:'re| are)? (?:can help|doing well|well)|(?:i was|i'm|im) (?:just )?wondering"
    r"|just wondering|quick question|(?:i )?have a question|sorry to (?:bother|trouble) you"
    r"|(?:can|could) you (?:please )?tell me|thanks in advance|thank you(?: so much| very much)?"
    r"|(?:many )?thanks(?: a lot| so much)?|thx"
    r"|please|pls|plz")
_EMOTICON = re.compile(r"(?<!\w)[:;=]-?[)(DPp]+(?!\w)|[\U0001F300-\U0001FAFF\u2600-\u27BF]+")
_SEPARATORS = r"[\s,.!?:;–-]*"

_LEADING = re.compile(rf"^(?:{_SEPARATORS}(?:{_GREETING}|{_PADDING})\b{_SEPARATORS})+", re.IGNORECASE)
_TRAILING = re.compile(rf"(?:{_SEPARATORS}\b(?:{_PADDING}))+{_SEPARATORS}$", re.IGNORECASE)
# Thanks at the end are a few words: the end is looked for in the last characters only, so that a long run of
# separators (", , , ,") is not tried from every position of it.
TAIL_CHARS = 200
_INSIDE = re.compile(rf"(?<=[,.!?:;])\s*(?:{_PADDING})\b{_SEPARATORS}", re.IGNORECASE)


def without_pleasantries(text: str) -> str:
    """The text without greetings, thanks and polite padding at its start and end (and after a comma inside);
    the text itself when nothing else would be left ("kiitos!")."""
    stripped = _LEADING.sub("", _EMOTICON.sub(" ", text))
    head, tail = stripped[:-TAIL_CHARS], stripped[-TAIL_CHARS:]
    stripped = head + _TRAILING.sub("", tail)
    stripped = _INSIDE.sub(" ", stripped).strip()
    return stripped if any(ch.isalnum() for ch in stripped) else text.strip()
