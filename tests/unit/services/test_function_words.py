"""Swedish and English needs are not ranked by words that only the few multilingual services share with them."""

from __future__ import annotations

from services_catalog.language.stems import STOPWORDS, content_words, search_stop_words
from services_catalog.search.documents import ServiceDoc
from services_catalog.search.index import ServiceIndex
from services_catalog.search.rankers import LexicalRanker, char_tokens

# One Finnish-only service for the need, and one of the few that also have an English text, about something else.
HELPLINE = ServiceDoc("helpline", {"fi": "Lähisuhdeväkivallan auttava puhelin"},
                      {"fi": "Apua väkivaltaa kokeneille: soita, jos kumppani uhkaa tai pelottaa."})
STUDENT_UNION = ServiceDoc(
    "union", {"fi": "Ylioppilaskunnan palvelut", "en": "Student union services"},
    {"fi": "Ylioppilaskunta neuvoo opiskelijoita.",
     "en": "Who to call if you need advice: the union can help you and your partner organisations."})


def test_function_words_are_dropped_and_need_words_kept() -> None:
    assert content_words("Who can I call if my partner threatens me?", "en") == "partner threatens"
    assert content_words("var anmäler jag att min cykel blivit stulen", "sv") == "anmäler cykel stulen"
    # words of the source lists that do name a need are kept: moving house, a name change, a decision
    assert {"move", "name"} & search_stop_words("en") == set()
    assert "beslut" not in search_stop_words("sv")
    assert search_stop_words("fi") == STOPWORDS


def test_an_english_need_is_not_won_by_another_service_s_english_text() -> None:
    need = "who can I call if my partner threatens me"
    # without the lexicon (whose violence concept now reaches the helpline's Finnish words on its own)
    every_language, _ = LexicalRanker([HELPLINE, STUDENT_UNION], char_tokens).scores(need, "en", expansion=False)
    assert every_language[1] > every_language[0]  # what indexing every language did: the union's English won
    shipped = ServiceIndex([HELPLINE, STUDENT_UNION])
    # a word found only in the union's English text reaches nothing now (lexicon off here); sv/en needs meet
    # the Finnish texts through the lexicon, the names and the e5 embedding
    assert shipped._scores("char", "advice", "en", False).tolist() == [0.0, 0.0]
    assert shipped._scores("char", "ylioppilaskunta", "en", True)[1] > 0
