"""Whether a message asks to get something done ("ajokortti pitää uusia", "renew my driving licence"),
not only what a thing is ("mikä on ajokortti").

The same words can name a term and a need: "tax card" is both the Vero concept and the service that issues
one. A term answer to a need-phrased question is therefore followed by services found for the need itself.
Finnish is read by Voikko base forms, so every inflection of a verb counts ("haen", "haetaan", "hakeminen").
"""

from __future__ import annotations

import re
from dataclasses import replace

from services_catalog.language.detect import function_words
from services_catalog.language.lemmas import analyses, is_finite_verb, voikko_base_forms
from services_catalog.language.normalise import fold, letter_words
from services_catalog.search.lexicon import concepts_in
from services_catalog.search.vocabulary import all_known, known_word
from services_catalog.statements import Statements, only_statements, rest_of

# Verbs (and their -minen / -mus nouns) of getting, applying for, renewing, replacing or reaching something.
FI_NEED_LEMMAS = frozenset(
    "hakea hakeminen hakemus uusia uusiminen uusinta tarvita tarve haluta hukata hukkua kadottaa kadota "
    "menettää perustaa varata varaaminen tilata päästä löytää ilmoittautua ilmoittautuminen rekisteröityä "
    "rekisteröityminen etsiä saada hankkia hankkiminen vaihtaa korvata apu auttaa pärjätä jaksaa selviytyä "
    # appealing a decision or complaining of a purchase
    "valittaa valitus oikaisuvaatimus reklamoida reklamaatio "
    # life events that are needs in themselves: a death, a theft, low mood
    "kuolla kuolema varastaa varastaminen masentaa masennus ahdistaa ahdistus "
    # hardships people describe instead of naming a service: violence, debt, eviction, divorce, bullying, neighbours
    "lyödä pahoinpidellä väkivalta uhkailla uhata velka velkaantua ulosotto häätää häätö asunnoton erota "
    "avioero kiusata kiusaaminen naapuri metelöidä meteli".split()
)
# Spoken Finnish forms Voikko does not read: "tarviin", "tartten", "haluisin".
FI_SPOKEN_NEED_WORDS = frozenset("tarviin tarvin tartten tarttisin tarttis tarvis tarvisin tarviisin tarviis "
                                 "haluun haluisin hakee etin ettin lyöny lyöy".split())
# Swedish and English inflect little: the forms people write, listed.
SV_EN_NEED_WORDS = frozenset(
    "förnya förnyar förnyelse ansöka ansöker ansökan söka söker behöver behov vill få får tappade tappat "
    "förlorade förlorat boka bokar hitta hittar anmäla anmäler registrera registrerar skaffa skaffar ersätta "
    "hjälp klarar orkar avled stulen stulna deprimerad ångest "
    "vilja önskar renew renewing renewal apply applying application need needs want get getting lost lose book booking "
    "find register registering replace replacing obtain help cope afford died stolen robbed depressed looking "
    "searching seeking passed dog appeal appealing complain complaint report reporting cancel overklaga besvär "
    "klaga kicked kicking evict evicting "
    "slår slog misshandlad misshandlar våld hotar hotade skuld skulder utmätning vräkt vräka vräkning hemlös "
    "bostadslös skilja skiljer skilsmässa separerar mobbad mobbar granne grannen grannar oväsen "
    "hit hits beats beat abuse abused abusive violence violent threatens threatened debt debts bailiff evicted "
    "eviction homeless divorce divorcing separated bullied bullying neighbour neighbor neighbours neighbors noise "
    "noisy "
    "anxious".split()
)

# "I'd like to start swimming", "jag skulle vilja börja simma": a wish is a need
_WISH = re.compile(r"\b(?:would|'d) (?:like|love) to\b|\bskulle (?:vilja|behöva)\b|\bvill gärna\b")
# "haluan tietää", "I want to know", "jag vill veta": a wish to know is a question, not a need.
KNOW_WORDS = frozenset("tietää tiedän kysyä kuulla know ask hear veta fråga höra".split())

# "minulla on diabetes", "I have diabetes", "jag lider av astma": a condition the user lives with is a need for the
# services around it (the statement reader takes the facts it knows, such as children, before this is asked).
_HAVING = re.compile(
    r"^(?:(?:minulla|mulla|mul|meillä|meil) (?:on|todettiin)|i have|i've got|i've been diagnosed with|i suffer from|"
    r"i was diagnosed with|jag har|vi har|jag lider av|jag fick diagnosen)"
    r"(?! (?:kysymys|kysyttävää|asiaa|idea|question|a question|an idea|fråga|en fråga|idé|en idé)\b)"
    r"(?! (?:just |precis |nyss |redan |already |now |always |also |också |never |aldrig )?"
    r"(?:[^\W\d_]+(?:at|it|tt|ed)|been|had|got|lived|varit|bott|haft|fått|köpt|gått)\b)")


def _is_need_word(word: str) -> bool:
    return (word in SV_EN_NEED_WORDS or word in FI_NEED_LEMMAS or word in FI_SPOKEN_NEED_WORDS
            or bool(voikko_base_forms(word) & FI_NEED_LEMMAS))


# "Where can I …", "who can help me …", "mistä saan …", "vart ska jag vända mig …": asking where to turn is asking
# for a service, whatever the verb.
# A question may open the message or a clause after a description ("our street has not been ploughed for a
# week, who should I contact?").
_CLAUSE_START = r"(?:^|[,.;:!?]\s*|\b(?:ja|mutta|och|men|and|but|so)\s+)"
# "Who should I" asks where to turn only with a verb of contacting: "who should I vote for" does not.
_CONTACT_EN = r"(?:contact|call|phone|ask|talk to|speak to|turn to|write to|complain to|report (?:it |this |that )?to)"
_CONTACT_SV = r"(?:kontakta|ringa|vända (?:mig|oss)|prata med|fråga|anmäla|höra av (?:mig|oss)|skriva till)"
_WHERE_TO_TURN = (
    r"(?:var|vart) (?:kan|ska|bör|skall|kunde|måste|får)|(?:var|vart) vänder (?:jag|vi|man)"
    r"|(?:vem|vilka) (?:kan|kunde) hjälpa"
    # which things are there for me: "what benefits can I get", "mitä tukia voin saada", "vilka stöd kan jag få"
    r"|(?:what|which) (?:kind of |sort of )?(?:\w+ ){1,2}(?:can|could|may) (?:i|we) (?:get|apply for|receive|claim)"
    r"|(?:mitä|mitkä|millaisia|minkälaisia) (?:\w+ ){1,2}(?:voin|voisin|voimme|voisimme|voi) (?:saada|hakea)"
    r"|(?:vilka|vilket|vilken|vad för) (?:\w+ ){1,2}(?:kan|kunde) (?:jag|vi|man) (?:få|söka)"
    rf"|(?:vem|vilka|till vem) (?:ska|skall|bör|kan|kunde|måste) (?:jag|vi|man) {_CONTACT_SV}"
    r"|where (?:can|could|should|do|does|shall|must) (?:i|we|one)|who (?:can|could|will) help"
    rf"|(?:who|whom) (?:should|do|can|could|shall|must) (?:i|we|one) {_CONTACT_EN}"
    # "what should I do when…", "mitä mun pitäis tehdä kun…", "vad ska jag göra om…": asking for a way out
    r"|what (?:should|shall|can|could|do|must) (?:i|we|one) do|what to do (?:if|when|about|with|now)"
    r"|mitä (?:minun |mun |meidän |meiän )?(?:pitäisi|pitäis|pitäs|pitää|kannattaa|kannattais|kannattaisi|täytyy|"
    r"tulisi|tulis|voin|voisin|voi|voisi|voimme) tehdä|mitä (?:teen|tehdä|tehdään) (?:kun|ku|jos|nyt|että)"
    r"|vad (?:ska|skall|bör|kan|måste|borde) (?:jag|vi|man) göra|vad gör (?:jag|vi|man) (?:om|när|nu)"
    r"|var (?:finns|hittar (?:jag|vi|man)|ligger)|finns det|where(?:'s| is| are) (?:the )?(?:nearest|closest)"
    r"|is there (?:any|a|an|some|somewhere|someone|anything)|are there any"
    r"|(?:missä|mis|missäs) (?:voin|voisin|vois|voi|voisi|voiko|voisko|saa|saisi|pääsee|olisi|ois|on lähin|"
    r"on lähimpänä)"
    r"|(?:mistä|mist|mihin|minne|kenelle|keneltä|kehen|kenen puoleen|keneen) (?:voin|voisin|saan|saisin|voi|vois|voisi|"
    r"voisko|voiko|saa|saisi|sais|pitää|löytäis|löytäisi|löytyy|löytyis|löydän|"
    r"kannattaa|soitan|soittaa|käännyn|kääntyä|otan|ottaa|ilmoitan|ilmoittaa|ilmotan|ilmottaa|vien|viedä|pääsen|"
    r"pääsee)")
# Asking what something costs is asking about a service's fees, although it starts like "what is X".
_COST = (
    r"(?:paljonko|mitä|kuinka paljon) maksaa|(?:vad|hur mycket) kostar|vad är (?:priset|avgiften) för"
    r"|how much (?:does|do|is|are|would|will)|what (?:does|do|would|will) (?:\w+ ){1,4}cost"
    r"|what (?:is|are) the (?:price|prices|fee|fees|cost|costs) (?:of|for)")
_ASKS = {name: re.compile(rf"{_CLAUSE_START}(?:{pattern})\b") for name, pattern in
         (("where_to_turn", _WHERE_TO_TURN), ("cost", _COST))}


def asks_where_to_turn(text: str) -> bool:
    return bool(_ASKS["where_to_turn"].search(fold(text)))


def asks_what_it_costs(text: str) -> bool:
    return bool(_ASKS["cost"].search(fold(text)))


# Not knowing where to start or what to do is asking where to turn: "we just moved to Turku with our kids and don't
# know where to start", "en tiiä yhtään mitä tehdä", "vet inte vad jag ska göra"
_AT_A_LOSS = re.compile(
    r"\b(?:don'?t|do not|dont|didn'?t) (?:really )?know (?:where to (?:start|begin|turn|go)|what to do"
    r"|who to (?:ask|call|contact|turn to)|how to (?:start|begin|cope))|\bno idea (?:where|what|who|how)\b"
    r"|\b(?:en|enkä|emme|emmekä) (?:tiedä|tiiä|tiä|tajua) (?:yhtään |ollenkaan |edes )?"
    r"(?:mistä|mitä|kenelle|keneen|minne|mihin|miten)\b"
    r"|\bei (?:mitään |yhtään )?(?:hajua|aavistusta) (?:mistä|mitä|kenelle|miten)\b"
    r"|\bvet (?:inte|int) (?:alls )?(?:var|vad|vem|vart|hur) (?:jag|vi|man) ")


# Retiring soon is a need of its own (applying for a pension): "jään eläkkeelle ensi keväänä", "retiring next spring"
_RETIRING = re.compile(
    r"\b(?:jään|jäämme|jäädään|jäämässä|jäisin|jäädä|jääminen|jäänti) eläkkeelle\b|\beläkkeelle (?:jääminen|jäänti)\b"
    r"|\beläköidyn\b|\b(?:går|ska gå|gå|kommer att gå) i pension\b|\bpensioneras\b"
    r"|\b(?:retiring|(?:going|about|planning|plan|want) to retire|will retire|retire (?:next|this|soon|in))\b")


def asks_for_service(text: str, in_a_story: bool = False) -> bool:
    """True when the message asks to obtain, apply for, renew, replace or find something, asks where to turn or
    what something costs, tells of a condition the user lives with or of retiring soon, or says the writer is at a
    loss. `in_a_story`: the text tells of the writer's life, where getting and finding are what happened ("sain
    vakipaikan", "until I find something better", "för att få mer utrymme"), not what is asked."""
    folded = fold(text)
    if (_HAVING.match(folded) or asks_where_to_turn(text) or asks_what_it_costs(text) or _WISH.search(folded)
            or _AT_A_LOSS.search(folded) or _RETIRING.search(folded)):
        return True
    words = letter_words(text)
    for i, word in enumerate(words):
        if in_a_story and (word in STORY_WORDS_OF_GETTING or voikko_base_forms(word) & STORY_WORDS_OF_GETTING):
            continue
        if word.endswith(("massa", "mässä")) or (word == "hit" and (
                words[i - 1:i] and words[i - 1] in SV_MOTION or words[i + 1:i + 2] and words[i + 1] in SV_WHERE_TO)):
            continue  # "tyttären luona auttamassa": what the writer is doing; "flyttade hit till": Swedish "here"
        if _is_need_word(word) and not set(words[i + 1:i + 3]) & KNOW_WORDS:
            return True
    return False


SV_MOTION = frozenset("flytta flyttade flyttat flyttar kom kommit komma kommer åkte åker reste flydde".split())
SV_WHERE_TO = frozenset("till t från för i".split())


# Getting, finding and reaching tell what happened in a story; needing, wanting and help ask for something.
STORY_WORDS_OF_GETTING = frozenset("saada löytää päästä get getting got find found få får fick hitta hittar hittade "
                                   "lost lose".split())


# "mikä on X", "what is X", "vem är X": a question about what or who something is wants a definition, never a list.
_WHAT_OR_WHO = re.compile(r"^(?:mikä|mitä|mitkä|mikäs|mitäs|kuka|ketkä|what|what's|whats|who|which|vad|vem|vilken|"
                          r"vilka|vilket)\b")
MAX_KEYWORDS = 4  # longer messages are sentences, not search-box keywords


def asks_what_or_who(text: str) -> bool:
    """ "mikä on X", "what is X", "vem är X": a question for a definition or a name, never for a list ("who can
    help me…" asks where to turn)."""
    return bool(_WHAT_OR_WHO.match(fold(text))) and not (asks_where_to_turn(text) or asks_what_it_costs(text))


def names_catalogue_things(text: str) -> bool:
    """True when the message is a few words that all name things of the service catalogue, the way one types into
    a search box ("museoita Turussa", "työttömyyskorvaus", "how to vote in elections").

    Chat and general questions use words the 1,800 services never do ("vitsi", "pizzaresepti"), and a question
    about what something is stays a question for the term bot or the fallback.
    """
    return reads_like_keywords(text) and all_known(_content_words(text))


# A report of something broken, blocked or neglected in the street or at home ("katuvalo ei toimi", "gungan i
# lekparken är sönder", "the ski tracks haven't been made"): a need for the service that fixes it, with no need word.
_PROBLEM = re.compile(
    r"\b(?:ei|eikä|eivät|eivätkä) (?:enää |vieläkään |edes )?(?:toimi|toimii|ole toiminut|oo toiminu|syty|sammu|"
    r"aukea|mene kiinni|valu)\b"
    r"|\b(?:rikki|hajalla|tukossa)\b"
    r"|\b(?:on|ovat|oli|olivat|meni|menivät|menny|mennyt) (?:ihan |taas |aivan |kokonaan )?(?:rikki|hajalla|"
    r"hajonnut|hajonnu|tukossa|täynnä|jäässä|pimeänä|pimeä|kaatunut|kaatunu|kaatuneena|romahtanut|vinossa|"
    r"sotkettu|töhritty|roskainen|roskaisena)\b"
    r"|\b(?:ei|eikä|ole|oo) (?:\w+ )?(?:ole |oo )?(?:aurattu|hiekoitettu|hiekotettu|tyhjennetty|korjattu|"
    r"siivottu|niitetty|putsattu|kunnostettu|tehty|ajettu|haettu|hoidettu|vaihdettu)\b"
    r"|\b(?:ei|eikä) kukaan (?:ole|oo|oon|tee|korjaa|hae|siivoa)\b|\bvuotaa\b|\bkaatui\b"
    r"|\b(?:är|var|blev|har blivit|har varit) (?:helt |alldeles )?(?:trasig|trasigt|trasiga|sönder|full|fullt|fulla|"
    r"överfull|igensatt|igensatta|släckt|släckta|isig|isigt|hal|halt|nedklottrad|nedklottrat|förstörd|förstört|"
    r"skadad|skadat|skadade|översvämmad)\b"
    r"|\b(?:fungerar|funkar|lyser|tänds) (?:inte|int|ej)\b|\bhar (?:inte|int|ej) (?:\w+ )?(?:plogats|sandats|"
    r"tömts|lagats|reparerats|städats|klippts|gjorts|hämtats|åtgärdats|spårats)\b|\bhar (?:gått sönder|fallit|"
    r"rasat)\b|\bläcker\b"
    r"|\b(?:is|are|was|were|got|gets|has been|have been|been) (?:completely |totally |still |all )?(?:broken|"
    r"damaged|blocked|clogged|overflowing|flooded|vandalised|vandalized|smashed|icy|unlit|dark|full of \w+|"
    r"out of order|knocked over|fallen|down)\b"
    r"|\b(?:doesn'?t|does not|don'?t|do not|isn'?t|is not|aren'?t|are not|won'?t|wont|hasn'?t been|haven'?t been"
    r"|hasnt been|havent been) (?:work|working|lit|on|emptied|cleared|fixed|repaired|collected|ploughed|plowed|"
    r"gritted|salted|sanded|mown|cut|made|cleaned|picked up)\b"
    r"|\bbroke down\b|\bfell (?:down|over)\b|\b(?:someone|somebody) (?:dumped|left|smashed|broke|sprayed)\b")
# ... not a complaint about the bot itself ("tää botti ei toimi", "you don't work")
_ABOUT_THE_BOT = re.compile(r"\b(?:botti|bot|chatbot|chattibotti|robotti|robot|sinä|sä|sää|et|you|du|dig)\b")


def reports_a_problem(text: str) -> bool:
    """True when the message reports something broken, blocked or neglected ("keinu on rikki", "soptunnan lock
    är trasigt", "the streetlight isn't working"), which the city's maintenance services take."""
    folded = fold(text)
    return bool(_PROBLEM.search(folded)) and not _ABOUT_THE_BOT.search(folded)


# Share of a message's content words that the catalogue knows, above which a question or a story is about its
# things: trivia and chat use words the 1,800 services never do ("how tall is the eiffel tower", "jag älskar
# hösten"), while a need left to the fallback still names them ("pitääkö takan piippu putsauttaa joka vuosi").
CATALOGUE_SHARE = 0.5
MIN_CATALOGUE_WORDS = 2


def about_catalogue_things(text: str) -> bool:
    """Whether the message names a concept of the search lexicon, and more than half of its content words (at
    least two) are catalogue words. Finnish finite verbs are the sentence's frame, not what it is about
    ("sataako viikonloppuna" names only a weekend)."""
    if not concepts_in(text):
        return False
    words = [w for w in _content_words(text) if not _finite_verb(w)]
    known = sum(known_word(w) for w in words)
    return known >= MIN_CATALOGUE_WORDS and known > CATALOGUE_SHARE * len(words)


def tells_a_catalogue_story(text: str) -> bool:
    """A situation told as a story that names a concept of the search lexicon ("my cat is really sick and it's
    sunday night"); "mun kissa nukkuu koko päivän" names none."""
    return tells_a_situation(text) and bool(concepts_in(text))


def _content_words(text: str) -> list[str]:
    return [w for w in letter_words(text) if w not in function_words()]


def reads_like_keywords(text: str) -> bool:
    """A few words typed into a search box ("terveysaseman ajanvaraus", "student apartment"), not a sentence
    ("sataako viikonloppuna" has a verb) nor a question of what or who something is."""
    if asks_what_or_who(text):
        return False
    words = _content_words(text)
    return 0 < len(words) <= MAX_KEYWORDS and not any(_finite_verb(w) for w in words)


def _finite_verb(word: str) -> bool:
    """A Finnish verb in a personal form ("sataako", "varastettiin"): the message is a sentence."""
    return any(is_finite_verb(r) for r in analyses(word))


# A longer rest with no question, request or need word in it tells more of the writer's life ("Nyt on vihdoin aikaa
# kalastaa ja marjastaa", "Mum says I spend too much time gaming"); a need told without asking is short ("kaipaan
# seuraa iltaisin", "I miss having company") or a few search-box words ("…, kotihoito").
STORY_REST_WORDS = 5
# A negation, a question word or a "must" in a longer rest tells of trouble or asks ("arki ei vaan suju", "my 7 year
# old doesn't speak any Finnish yet, what about school", "kotiin pitäis päästä"): a need, not a story.
_TROUBLE = re.compile(r"\b(?:ei|emme|ette|eivät|eikä|enkä|inte|int|aldrig|not|never|cannot|can't|cant|"
                      r"don't|dont|doesn't|doesnt|didn't|didnt|isn't|isnt|won't|wont|what|how|why|vad|hur|varför|"
                      r"vilka|vilket|vilken|vem|kuka|"
                      r"mitä|miten|miksi|mikä|kuinka|pitäisi|pitäis|pitäs|täytyy|täytyis|måste|must|have to|has to)\b"
                      r"|n't\b")


INTRODUCTION_REST_WORDS = 10
def _action_noun(word: str) -> bool:
    """A Finnish action noun in the nominative, how a search box names a need ("a-kassaan liittyminen", "asumistuen
    hakeminen"); not "tekemistä" ("ei oo mitään tekemistä") nor the Swedish "vårterminen"."""
    return word.endswith("minen") and any(
        r.get("SIJAMUOTO") == "nimento" and (r.get("MOOD") == "MINEN-infinitive" or r.get("BASEFORM", "").endswith(
            "minen")) for r in analyses(word))
# "siellä missä talvella on kaamos", "där vi bor": a place told more of, not a question
_RELATIVE_WHERE = re.compile(r"\b(?:siellä|täällä|sinne|paikassa|där|here|there|town|city) (?:missä|mistä|jossa|där"
                             r"|var|where)\b")
_WHERE_IS = re.compile(r"\b(?:where(?:'s|s| is| are| do i find| can i find)|var (?:finns|är|ligger)"
                       r"|missä (?:on|olis|olisi"
                       r"|sijaitsee)|mistä (?:löytyy|löydän|saa|saan))\b")
_REQUEST = re.compile(r"\b(?:i need|we need|i(?:'m| am) looking for|we(?:'re| are) looking for|i(?:'d| would) like"
                      r"|we(?:'d| would) like|i want to (?:find|know|apply|get)|please|tarvitsen|tarvitsisin|tarttisin"
                      r"|tarvitsemme|tarvittais|etsin|etsimme|haluaisin|haluaisimme|toivoisin|voisitko|voisitteko"
                      r"|jag behöver|vi behöver|jag söker|vi söker|jag skulle vilja|vi skulle vilja|kan du|kunde du"
                      r"|can you|could you)\b")
_MUST = re.compile(r"\b(?:pitäisi|pitäis|pitäs|täytyy|täytyis|måste|must|have to|has to|need to|needs to|behöver)\b")


def tells_only_facts(text: str, said: Statements) -> bool:
    """Whether a message states facts about its writer and asks for nothing around them, however short the rest
    ("retired now after 40 years at the post office, finally some time off")."""
    return said.found and not said.events and not leaves_a_need(text, said)


def _finnish_negation(text: str) -> bool:
    """"en pärjää", "et voi": the Finnish "en" and "et" before a verb, not the Swedish article ("en utmaning")."""
    words = letter_words(text)
    return any(word in ("en", "et") and i + 1 < len(words) and any(
        r.get("CLASS") == "teonsana" for r in analyses(words[i + 1])) for i, word in enumerate(words))


def leaves_a_need(text: str, said: Statements) -> bool:
    """Whether a message that states facts about its writer also asks for something: an event that is a need in
    itself ("jäin työttömäksi"), a question, need words or catalogue things in the rest ("...ja etsin
    uimahallia", "..., kotihoito"). The rest of a plain statement ("oon 16 ja käyn lukioo Porissa", "I'm a retired
    teacher") is not searched."""
    if said.events:
        return True
    rest = rest_of(text, said)
    if not rest:
        return False
    # the rest has lost its punctuation: a question mark or a clause that asks where to turn is read in the message
    if _asks_outside(text, said):
        return True
    if only_statements(text, said):  # what is left says when ("muutin Suomeen pari vuotta sitten")
        return False
    words = len(_content_words(rest))
    long = words > STORY_REST_WORDS
    folded = fold(rest)
    if words > INTRODUCTION_REST_WORDS:
        # a whole introduction tells of not having, getting, helping and changing as things that happened ("mun suomi
        # ei oo vielä täydellinen", "vaihdoin alaa", "grannen hjälper mig att skriva"): it asks only in so many words
        return bool(_MUST.search(folded) or _REQUEST.search(folded) or asks_where_to_turn(rest)
                    or asks_what_it_costs(rest) or _AT_A_LOSS.search(folded))
    # a situation told at length: "… my 7 year old doesn't speak Finnish"
    if long and (_TROUBLE.search(_RELATIVE_WHERE.sub(" ", folded)) or _finnish_negation(rest)):
        return True
    if asks_what_or_who(rest) or asks_for_service(rest, in_a_story=long) or _asks_yes_no(rest):
        return True
    return not long and (names_catalogue_things(rest) or _wants_or_feels(rest) or bool(_WHERE_IS.search(folded))
                         or any(_action_noun(word) for word in letter_words(rest)))


# Spoken questions drop the -i- of the conditional and the vowel of the clitic: "pääsiskö", "saisko", "onks"
_SPOKEN_QUESTION = re.compile(r"(?:[^\W\d_]{2,}(?:isi|is)(?:ko|kö|ks)|onks|onko|oisko|oiskohan|voisko|voiks)")


def _asks_yes_no(text: str) -> bool:
    """A yes/no question without its question mark: a verb with the clitic -ko/-kö ("pääsiskö jollekin
    kurssille", "onks täällä", "saako koiran tuoda")."""
    for word in letter_words(text):
        if _SPOKEN_QUESTION.fullmatch(word):
            return True
        if word.endswith(("ko", "kö")) and any(is_finite_verb(r) for r in analyses(word[:-2]) + analyses(word)):
            return True
    return False


# A question about the conversation itself, after an introduction: "Does that help you get to know me?", "Räcker det
# här om mig, eller?", "Saitko kaiken?", "Got it?"
_ABOUT_THE_CHAT = re.compile(
    r"\b(?:(?:does|did|is|was|will) (?:that|this) (?:help|enough|ok|okay|do)|get to know me|about me|enough info"
    r"|got (?:it|that|all that)|make sense|räcker (?:det|detta)|är det (?:här )?(?:nog|tillräckligt|okej)|om mig"
    r"|fick du|förstod du|riittääkö|riittääks|riittikö|saitko|saitsä|saiksä|ymmärsitkö|tajusitko|minusta|musta"
    r"|itsestäni|and me|what about me|och jag|än jag|entä minä|entä mä|entäs mä)\b", re.IGNORECASE)
ABOUT_THE_CHAT_REACH = 60  # characters of the question before its mark


def _about_the_chat(text: str, mark: int) -> bool:
    """The question that ends at `mark` asks about the conversation, not for anything."""
    start = max((m.end() for m in re.finditer(r"[.!?]\s", text[:mark])), default=0)
    return bool(_ABOUT_THE_CHAT.search(text[max(start, mark - ABOUT_THE_CHAT_REACH):mark]))


def _asks_outside(text: str, said: Statements) -> bool:
    """A question mark, or a question where to turn or what it costs, outside the parts that describe the user
    ("I live in Oulu and I'm unemployed, are there any job search groups?", "…, who can I talk to"), or being at a
    loss ("… and don't know where to start")."""
    if any(ch == "?" and not any(start <= i < end for start, end in said.spans) and not _about_the_chat(text, i)
           for i, ch in enumerate(text)):
        return True
    return asks_where_to_turn(text) or asks_what_it_costs(text) or bool(_AT_A_LOSS.search(fold(text)))


# Verbs by which the rest of a statement wants, misses, fears or struggles: a need that no need word names
# ("kaipaan juttuseuraa", "I miss having company", "jag känner mig ensam"). What the writer does ("liikun
# sähköpyörätuolilla", "I volunteer at the food bank", "luen psykologiaa") only tells more of who they are.
FI_WANTING_VERBS = frozenset("kaivata ikävöidä toivoa haaveilla miettiä pohtia harkita yrittää pelätä huolestua "
                             "murehtia stressata väsyä uupua kärsiä tuntea jännittää epäillä".split())
SV_EN_WANTING_VERBS = frozenset("miss missing feel feeling wish hope wonder wondering struggle struggling worry "
                                "worried fear suffer saknar känner önskar hoppas undrar funderar kämpar oroar "
                                "lider mår".split())
# Case matters: "I" is the pronoun, "i" Swedish for "in" ("i två år").
_SV_EN_I_VERB = re.compile(r"(?:\bI|\b[Ww]e|\b[Jj]ag|\b[Vv]i)(?: (?:really|just|also|actually|originally|currently|"
                           r"still|now|verkligen|också|bara|egentligen|nu))?"
                           r" ([^\W\d_']+)")


def _wants_or_feels(rest: str) -> bool:
    """The rest of a statement tells what the writer misses, wishes or struggles with ("kaipaan juttuseuraa", "I miss
    company"): a need that no need word names."""
    for word in letter_words(rest):
        for reading in analyses(word):
            if (is_finite_verb(reading) and reading["PERSON"] in ("1", "4")
                    and fold(reading.get("BASEFORM", "")) in FI_WANTING_VERBS):
                return True
    return any(fold(m.group(1)) in SV_EN_WANTING_VERBS for m in _SV_EN_I_VERB.finditer(rest))


# Words by which a message tells of the writer's or their family's life ("meidän kadun varressa…", "mum is in the
# last stage of cancer…", "en bil körde på mig…"); a Finnish first-person verb ("meinasin") does too.
PERSONAL_WORDS = frozenset(
    "minä mä mää mie minun mun mulla minulla mulle minulle mua minua meidän meiän meillä meil meille meitä me "
    "äiti äitini isä isäni mummo mummi pappa vaimo vaimoni mies mieheni poika poikani tytär tyttäreni lapsi lapseni "
    "jag mig mitt min mina vi oss vår vårt våra mamma mormor farmor morfar farfar fru man sambo son dotter "
    "i my we us our mum mom dad mother father wife husband daughter kid kids grandma grandpa partner".split()
)
SITUATION_WORDS = 6  # shorter messages are small talk or keywords ("I like pizza", "svenskt dagis")
_CLAUSES = re.compile(r"[,.;:!?]+\s*|\s+(?:ja|mutta|och|men|and|but|so)\s+")
_QUESTION_START = re.compile(
    r"^(?:miten|mitenkä|kuinka|missä|mistä|mihin|milloin|kuka|kenelle|keneen|voinko|voiko|voisinko|saako|saanko|"
    r"pitääkö|tarvitseeko|tarvitsenko|onko|hur|var|vart|när|vem|kan|får|måste|behöver|how|where|when|who|can|"
    r"could|do|does|should|must|is|are|will)\b")


# Question words that ask wherever they stand ("muutin uuteen kämppään mihin ilmotan osoitteen"); not "när",
# "when": stories use them ("en bil körde på mig när jag cyklade")
_ASKING_WORDS = frozenset("miten mitenkä kuinka mihin mistä missä mis paljonko montako miksi hur vart varför how where "
                          "why".split())


def _clauses(text: str) -> list[str]:
    return [clause.strip() for clause in _CLAUSES.split(text) if clause.strip()]


def asks_a_question(text: str) -> bool:
    """A question mark, a question word, or a clause that opens with one or is a yes/no question."""
    return "?" in text or _asks_yes_no(text) or bool(_ASKING_WORDS & set(letter_words(text))) or any(
        _QUESTION_START.match(fold(clause)) for clause in _clauses(text))


def tells_a_situation(text: str, story_only: bool = False) -> bool:
    """A sentence about the writer's own situation that asks nothing of what something is: a need told as a
    story, with no need word ("pyörätiellä on iso kuoppa ja meinasin lentää siihen pimeällä", "the company I
    worked for went bankrupt and never paid my last two salaries"). The term bot defines things; a situation is
    for the service search. `story_only`: not when it asks a question either ("where can I see my prescriptions
    online" is a practical question the term bot may answer)."""
    words = letter_words(text)
    if len(words) < SITUATION_WORDS:
        return False
    if any(asks_what_or_who(clause) for clause in _clauses(text)):
        return False
    if story_only and asks_a_question(text):
        return False
    if PERSONAL_WORDS & set(words):
        return True
    return any(is_finite_verb(r) and r.get("PERSON") in ("1", "4") for w in words for r in analyses(w))


def tells_a_life_change(text: str, said: Statements) -> bool:
    """Whether the message's only need is a change in the writer's life that it tells as a fact: a move ahead
    ("muutan ensi kuussa Vaasaan") or a baby on the way. Such a message is as much a statement about the writer as a
    need; a lost job, a birth or a child's trouble is a need only ("jäin työttömäksi"), and a question asks for
    itself."""
    return said.life_change and not leaves_a_need(text, replace(said, events=False))


# "Onko täällä liikuntaryhmiä meikäläisille?", "finns det simhall här i stan?": whether a thing is to be had here
_THERE_IS_HERE = re.compile(
    r"^(?:onko|onks|olisiko|olisko|löytyykö|löytyyks|löytyisikö|finns det|fins det|is there|are there)\b.{0,25}"
    r"\b(?:täällä|tääl|teillä|kaupungissa|kunnassa|meillä päin|här|hos er|i staden|i stan|i kommunen|here|in town"
    r"|in the city|around here)\b")
# "Miten tyttö ilmoitetaan eskariin?", "miten haetaan päiväkotipaikkaa": how a thing is done, in the Finnish passive
_HOW_IT_IS_DONE = re.compile(r"^(?:miten|kuinka|mitenkä)\b[^?]{0,60}?\b[^\W\d_]{3,}(?:taan|tään|daan|dään|llaan|llään"
                             r"|rraan|rrään|naan|nään)\b")


def asks_whether_or_how(text: str) -> bool:
    """Whether a thing is to be had here, or how it is done: a question for the catalogue when no capability
    claimed the message (the fallback asks this; the router's term answers keep "miten HSL-lippu ostetaan")."""
    folded = fold(text)
    return bool(_THERE_IS_HERE.search(folded) or _HOW_IT_IS_DONE.search(folded))
