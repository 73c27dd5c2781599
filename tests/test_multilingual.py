"""Non-English text: language identification, the multilingual six-emotion reading, routing, bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest

from empathic.errors import InvalidInputError
from empathic.text import language
from empathic.text.multilingual import MultilingualEmotionModel, default_model_dir
from empathic.text.recognizer import TextEmotionRecognizer

pytestmark = pytest.mark.skipif(not MultilingualEmotionModel.available(),
                                reason="the multilingual extra is not installed")

NEGATIVE = ("anger", "disgust", "fear", "sadness")


@pytest.fixture(scope="module")
def recognizer():
    return TextEmotionRecognizer(explain=False)


ISSUE_SENTENCES = [
    ("Estoy muy triste, mi abuela murió ayer.", "es", "sadness"),
    ("Ich bin so wütend, das Paket ist schon wieder nicht angekommen!", "de", "anger"),
    ("Je suis tellement contente, merci beaucoup !", "fr", "joy"),
]


@pytest.mark.parametrize("text, lang, emotion", ISSUE_SENTENCES)
def test_the_issues_sentences_read_non_neutral_with_the_right_polarity(recognizer, text, lang, emotion):
    reading = recognizer.recognize(text)
    assert reading.language == lang
    assert reading.top != "neutral" and reading.labels[0] != "neutral"
    assert (reading.valence > 0) == (emotion == "joy"), reading.valence
    assert any(e.name == "label_set" for e in reading.evidence)  # says it is the six-emotion model
    assert reading.confidence >= 0.5


@pytest.mark.parametrize("text, lang, emotion", [
    ISSUE_SENTENCES[0],
    pytest.param(*ISSUE_SENTENCES[1], marks=pytest.mark.xfail(
        strict=True, reason="known miss of the shipped head: joy 0.60 > fear 0.51 > anger 0.46 (anger is "
                            "listed only below its German threshold); see MODEL_CARD Limits")),
    ISSUE_SENTENCES[2],
])
def test_the_issues_sentences_top_emotion(recognizer, text, lang, emotion):
    assert recognizer.recognize(text).top == emotion


def test_a_german_fear_and_a_german_disgust_read_negative(recognizer):
    for text in ("Ich habe solche Angst vor morgen.", "Das ist einfach nur ekelhaft und widerlich."):
        reading = recognizer.recognize(text)
        assert reading.language == "de" and reading.top in NEGATIVE and reading.valence < 0, reading.scores


def test_other_languages_read_with_the_right_polarity(recognizer):
    happy = recognizer.recognize("Sono così felice oggi, grazie mille a tutti!")
    sad = recognizer.recognize("Estou muito triste, perdi o meu emprego hoje.")
    assert happy.language == "it" and happy.valence > 0
    assert sad.language == "pt" and sad.valence < 0 and sad.top in NEGATIVE


def test_a_language_the_models_were_not_trained_on_reads_with_low_confidence(recognizer):
    reading = recognizer.recognize("나는 오늘 정말 너무 행복해요")
    assert reading.language == "ko" and "ko" not in language.SUPPORTED
    assert reading.confidence <= 0.3
    assert any(e.name == "language" and "not trained" in e.detail for e in reading.evidence)


def test_english_reads_exactly_as_the_english_model(recognizer):
    english_only = TextEmotionRecognizer(explain=False, multilingual=False)
    for text in ("I am so happy for you, congratulations!", "Lol looks delicious", "ok", "This is the worst day."):
        ours, before = recognizer.recognize(text), english_only.recognize(text)
        assert ours.scores == before.scores and ours.language == "en"
        assert not any(e.name == "label_set" for e in ours.evidence)


def test_text_without_letters_keeps_todays_reading(recognizer):
    english_only = TextEmotionRecognizer(explain=False, multilingual=False)
    for text in ("😀😀 123", "!!!", "42"):
        assert recognizer.recognize(text).scores == english_only.recognize(text).scores


def test_mixed_language_text_reads_as_its_dominant_language_and_says_so(recognizer):
    reading = recognizer.recognize("I love this song so much, pero estoy muy cansado y triste hoy, "
                                   "no sé qué hacer con mi vida")
    assert reading.language == "es"
    mixed = [e for e in reading.evidence if e.name == "mixed_language"]
    assert mixed and "en" in mixed[0].detail


@pytest.mark.parametrize("text", ["I feel a bit sad today.", "Evening, innkeeper! Pour me your strongest ale.",
                                  "Do you have a room for the night?", "The tracking says delivered but it's not here."])
def test_plain_english_stays_english(text):
    # lingua's low-accuracy mode alone called the first two Somali (0.92) and Norwegian (0.998)
    assert language.identify(text, None).language == "en"


def test_dutch_is_not_read_as_afrikaans():
    assert language.identify("Ik voel me heel verdrietig vandaag en ik weet niet wat ik moet doen.").language == "nl"


def test_a_short_turn_follows_the_conversation(recognizer):
    reading = recognizer.recognize("sí, gracias", context=["Estoy muy triste hoy, mi perro murió anoche."])
    assert reading.language == "es"
    assert any(e.name == "language_context" for e in reading.evidence)
    assert language.identify("ok").language == "en"


def test_a_text_reads_the_same_alone_and_in_a_batch(recognizer):
    texts = ["Estoy muy triste, mi abuela murió ayer.", "I am fine", "Ich habe solche Angst vor morgen.",
             "Je suis tellement contente, merci beaucoup !", "Я очень зол на тебя, ты опять опоздал!"]
    batch = recognizer.recognize_batch(texts)
    for text, reading in zip(texts, batch):
        alone = recognizer.recognize(text)
        assert reading.language == alone.language and reading.top == alone.top
        assert max(abs(reading.scores[k] - alone.scores[k]) for k in alone.scores) <= 0.005


def test_a_long_non_english_text_is_read_in_windows(recognizer):
    text = "Estoy muy triste porque mi abuela murió ayer y no puedo dejar de llorar. " * 60
    reading = recognizer.recognize(text)
    assert reading.language == "es" and reading.top in NEGATIVE
    assert any(e.name == "windows" for e in reading.evidence)


@pytest.mark.parametrize("bad", [None, 42, b"hola", "", "   ", "x" * 100_001])
def test_bad_input_raises_a_clear_error(recognizer, bad):
    with pytest.raises(InvalidInputError):
        recognizer.recognize(bad)


def test_bad_batches_name_the_item(recognizer):
    with pytest.raises(InvalidInputError, match="item 1"):
        recognizer.recognize_batch(["Hola, ¿qué tal?", 3])
    with pytest.raises(InvalidInputError):
        recognizer.recognize_batch(["Hola"], contexts="nope")


def test_the_supported_list_matches_the_trained_head():
    config = json.loads((default_model_dir() / "config.json").read_text())
    assert set(config["languages"]) == set(language.SUPPORTED)
    assert config["labels"] == ["anger", "disgust", "fear", "joy", "sadness", "surprise"]


def test_the_head_runs_without_the_recognizer():
    model = MultilingualEmotionModel()
    probs = model.probabilities(["Ich bin so wütend!", "Merci beaucoup, je suis ravie !"])
    assert probs.shape == (2, 6) and np.all((probs >= 0) & (probs <= 1))
    assert probs[0].argmax() == 0 and probs[1].argmax() == 3  # anger, joy
