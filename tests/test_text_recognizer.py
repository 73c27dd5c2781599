"""The shipped text model, loaded offline through ONNX Runtime."""

import subprocess
import sys

import pytest

from empathic.errors import EmpathicError, InvalidInputError
from empathic.labels import GOEMOTIONS_LABELS
from empathic.text.cues import find_cues, spell_out_emoji
from empathic.text.recognizer import MAX_CHARS


def ekman_top(reading):
    return max(reading.ekman().items(), key=lambda kv: kv[1])[0]


def test_reading_has_the_contract_fields(text_recognizer):
    r = text_recognizer.recognize("Thank you so much, this is wonderful!")
    assert r.modality == "text"
    assert list(r.scores) == list(GOEMOTIONS_LABELS)
    assert all(0 <= p <= 1 for p in r.scores.values())
    assert r.top == max(r.scores, key=r.scores.get)
    assert r.labels and all(l in GOEMOTIONS_LABELS for l in r.labels)
    assert [r.scores[l] for l in r.labels] == sorted((r.scores[l] for l in r.labels), reverse=True)
    assert -1 <= r.valence <= 1 and 0 <= r.arousal <= 1 and 0 <= r.confidence <= 1


@pytest.mark.parametrize("text, group", [
    ("Thank you so much, this is wonderful!", "joy"),
    ("You lost my package AGAIN? This is ridiculous, I am furious.", "anger"),
    ("My grandmother passed away last night and I miss her so much.", "sadness"),
    ("I'm terrified of the surgery tomorrow.", "fear"),
    ("Wow, I did not see that coming at all!", "surprise"),
    ("That is absolutely disgusting, gross.", "disgust"),
])
def test_clear_sentences_land_in_their_ekman_group(text_recognizer, text, group):
    assert ekman_top(text_recognizer.recognize(text)) == group


def test_valence_separates_praise_from_complaint(text_recognizer):
    good = text_recognizer.recognize("This is the best day ever, I love it!")
    bad = text_recognizer.recognize("This is the worst service I have ever had.")
    assert good.valence > 0.3 > -0.2 > bad.valence


def test_negation_flips_the_reading(text_recognizer):
    happy = text_recognizer.recognize("I am so happy with how it went.")
    not_happy = text_recognizer.recognize("I am not happy at all with how it went.")
    assert not_happy.sentiment()["positive"] < happy.sentiment()["positive"] - 0.3
    assert not_happy.valence < happy.valence - 0.4
    assert any(e.name == "negation" for e in not_happy.evidence)


def test_intensity_raises_arousal(text_recognizer):
    plain = text_recognizer.recognize("I am annoyed.")
    loud = text_recognizer.recognize("I am SO ANNOYED!!!")
    assert loud.arousal > plain.arousal


def test_emoji_are_read(text_recognizer):
    assert spell_out_emoji("fine 😭").split() == ["fine", "crying"]
    assert spell_out_emoji("😡 😡😡").split() == ["so", "angry"]
    assert ekman_top(text_recognizer.recognize("😡😡")) == "anger"
    assert ekman_top(text_recognizer.recognize("😂😂😂")) == "joy"


def test_sarcasm_cue_is_reported_and_lowers_confidence():
    cues = [c.name for c in find_cues("Oh great, another delay. Just what I needed 🙄")]
    assert cues.count("sarcasm") >= 2


def test_evidence_names_the_words_that_drove_the_label(text_recognizer):
    r = text_recognizer.recognize("Thank you so much for helping me today")
    words = [e.name.lower() for e in r.evidence if e.kind == "token"]
    assert "thank" in words
    assert all(e.weight > 0 for e in r.evidence if e.kind == "token")


def test_long_text_is_read_in_windows_not_truncated(text_recognizer):
    filler = "We walked to the station and looked at the timetable on the wall. " * 60
    r = text_recognizer.recognize(filler + "Then they cancelled the train and I was absolutely furious!")
    assert any(e.name == "windows" for e in r.evidence)
    assert r.ekman()["anger"] > text_recognizer.recognize(filler).ekman()["anger"] + 0.3


def test_batch_keeps_order_and_matches_single_calls(text_recognizer):
    texts = ["I love this!", "Why would you do that?", "ok", "I'm so sorry for your loss."] * 3
    batch = text_recognizer.recognize_batch(texts, batch_size=5)
    assert len(batch) == len(texts)
    for text, reading in zip(texts, batch):
        single = text_recognizer.recognize(text)
        assert single.top == reading.top
        # int8 dynamic quantisation scales activations per batch tensor, so a padded batch moves
        # scores a little (documented in the model card); the top label must not change
        assert max(abs(single.scores[l] - reading.scores[l]) for l in GOEMOTIONS_LABELS) < 0.08


@pytest.mark.parametrize("bad, message", [
    ("", "empty"), ("   \n\t ", "empty"), (None, "must be a str"), (42, "must be a str"),
    (b"bytes", "must be a str"), ("x" * (MAX_CHARS + 1), "limit"),
])
def test_bad_input_gets_a_clear_error(text_recognizer, bad, message):
    with pytest.raises(InvalidInputError, match=message):
        text_recognizer.recognize(bad)


def test_batch_errors_name_the_item(text_recognizer):
    with pytest.raises(InvalidInputError, match="item 1"):
        text_recognizer.recognize_batch(["fine", ""])
    with pytest.raises(InvalidInputError, match="list of strings"):
        text_recognizer.recognize_batch("not a list")
    assert isinstance(InvalidInputError("x"), EmpathicError)


@pytest.mark.parametrize("odd", [
    "a" * 5000, "\u202eevil RTL override", "zero\u200bwidth\u200bjoiner", "\x00\x01\x02 control",
    "<script>alert(1)</script>", "🙂" * 500, "Ünïcödé çhäracters ñ", "'; DROP TABLE users; --",
])
def test_odd_but_valid_text_is_read(text_recognizer, odd):
    assert text_recognizer.recognize(odd).top in GOEMOTIONS_LABELS


def test_core_runs_without_torch():
    code = ("import sys, empathic as em; r = em.TextEmotionRecognizer().recognize('hi there');"
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules; print(r.top)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
