"""What a turn does beyond its literal emotion: sarcasm, dialogue act, language,
and the adjustments they make to the 28 emotion scores.

Rules (each reported in the reading's evidence when it fires):

* **Sarcasm** (``models/sarcasm``): p from a logistic head on the frozen
  encoders' features. A surface sarcasm cue ("oh great", "just what I needed",
  "thanks a lot", "yeah right", 🙄) on a turn that reads positive raises p to at
  least 0.75. A short positive turn (fewer than four words, e.g. "great.") right
  after a turn that reads negative raises p to at least 0.7. When p reaches the
  head's ``shift_threshold`` (chosen on held-out data, see its config) and the
  turn shows a second sign of incongruity (a sarcasm cue, the negative context
  above, or a mishap word such as "delay", "ruining", "again", "stuck"), the
  positive labels keep ``1 - p`` of their score and the mass taken from them is
  added 60 % to annoyance and 40 % to disappointment: the intended meaning.
* **Complaint** (act ``complaint``, ``empathic.text.acts``) whose reading's top
  is not already negative, and which names a service problem, gives a verdict or
  is emphatic (on Reddit comments, blame words alone over-fired, measured): 80 % of the score of neutral, curiosity, amusement,
  confusion, surprise, realization, approval, excitement, optimism and desire
  moves to whichever of annoyance / anger / disappointment the model scored
  highest (one label, so the reading is not over-labelled).
* **Laughter tag** (" lol", "haha", stripped before the model reads the text):
  amusement is raised just above its threshold, never to the top.
* **Language**: this model reads English only. Non-English text goes to the multilingual model
  (``empathic.text.multilingual``) when it is installed; a non-English reading that reaches this model
  (the extra missing, ``multilingual=False``) has its confidence capped at 0.3. English-dominant
  mixed-language text says so in the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from empathic.labels import GOEMOTIONS_LABELS
from empathic.reading import Evidence
from empathic.text import acts as act_rules
from empathic.text.heads import embed_one, head
from empathic.text.language import ENGLISH, identify

MAX_CONTEXT = 10
FOREIGN_CONFIDENCE_CAP = 0.3
POSITIVE = ("admiration", "amusement", "approval", "caring", "excitement", "gratitude", "joy", "love",
            "optimism", "pride", "relief", "desire")
NEGATIVE = ("anger", "annoyance", "disappointment", "disapproval", "disgust", "sadness", "grief", "remorse",
            "fear", "nervousness", "embarrassment")
COMPLAINT_SOURCES = ("neutral", "curiosity", "amusement", "confusion", "surprise", "realization", "approval",
                     "excitement", "optimism", "desire")
MISHAP = re.compile(
    r"\b(?:ruin\w*|delay\w*|late|lost|los(?:e|ing)|broke\w*|cancell?\w*|fail\w*|stuck|crash\w*|"
    r"monday|traffic|rain(?:ing|y)?|sick|queue|wait(?:ing|ed)?|on\s+hold|overtime|error|bug|outage|"
    r"spill\w*|miss(?:ed|ing)|forg[oe]t\w*|worst|flat\s+tire)\b", re.IGNORECASE)
COMPLAINT_TARGETS = ("annoyance", "anger", "disappointment")
_INDEX = {label: i for i, label in enumerate(GOEMOTIONS_LABELS)}


@dataclass(frozen=True)
class Context:
    turns: tuple[tuple[str, str], ...]  # (speaker, text), oldest first, newest MAX_CONTEXT kept
    dropped: int = 0


@dataclass
class Extra:
    scores: np.ndarray
    sarcasm: float | None = None
    act: str | None = None
    language: str | None = None
    confidence_cap: float | None = None
    evidence: list = field(default_factory=list)


def _sum(scores: np.ndarray, labels) -> float:
    return float(sum(scores[_INDEX[l]] for l in labels))


def _shift(scores: np.ndarray, sources, keep: float, targets: dict[str, float]) -> float:
    moved = 0.0
    for label in sources:
        i = _INDEX[label]
        moved += scores[i] * (1 - keep)
        scores[i] *= keep
    for label, share in targets.items():
        i = _INDEX[label]
        scores[i] = min(0.99, scores[i] + share * moved)
    return moved


def perceive(recognizer, original: str, text: str, first_logits: np.ndarray, combined: np.ndarray,
             cues, context: Context | None, embedding: np.ndarray | None = None, guess=None) -> Extra:
    """``embedding``: the sentence encoder's embedding of ``original.strip()`` when the caller
    computed it in bulk (``heads.embed_many``); otherwise it is computed here. ``guess``: the
    language already identified by the recognizer (identified here otherwise)."""
    scores = combined.astype(np.float64).copy()
    extra = Extra(scores=scores)
    previous = [t for _, t in context.turns] if context else []
    if context and context.dropped:
        extra.evidence.append(Evidence("cue", "context", float(MAX_CONTEXT),
                                       f"context of {MAX_CONTEXT + context.dropped} turns: used the newest {MAX_CONTEXT}"))

    # language ------------------------------------------------------------------
    guess = guess or identify(original, previous)
    extra.language = guess.language
    if guess.mixed:
        others = ", ".join(f"{code} {share:.0%}" for code, share in guess.mixed.items())
        extra.evidence.append(Evidence("cue", "mixed_language", float(guess.confidence),
                                       f"mixed-language text read as its dominant language '{guess.language}' "
                                       f"(also {others})"))
    if extra.language != ENGLISH:
        extra.confidence_cap = FOREIGN_CONFIDENCE_CAP
        extra.evidence.append(Evidence("cue", "language", FOREIGN_CONFIDENCE_CAP,
                                       f"language '{extra.language}': the emotion model reads English only; "
                                       f"confidence capped at {FOREIGN_CONFIDENCE_CAP}"))

    # sarcasm ---------------------------------------------------------------------
    features = None
    sarcasm_head, act_head = head("sarcasm"), head("act")
    if sarcasm_head is not None or act_head is not None:
        if embedding is None:
            embedding = embed_one(original.strip(), recognizer.threads)
        features = np.concatenate([embedding, first_logits]).astype(np.float32)
    positive = _sum(scores, POSITIVE)
    negative = _sum(scores, NEGATIVE)
    shift_threshold, shifted = 0.5, False
    if sarcasm_head is not None:
        p = float(sarcasm_head.probabilities(features, [original.strip()])[0, 1])
        shift_threshold = float(sarcasm_head.config.get("shift_threshold", sarcasm_head.config["threshold"]))
        if any(c.name == "sarcasm" for c in cues) and positive > negative:
            p = max(p, 0.75)
        if previous and len(re.findall(r"[^\W\d_]+", original)) < 4 and positive > max(negative, 0.3):
            before = recognizer.model.run_ids([recognizer._windows(recognizer.model.token_ids(previous[-1]))[0]
                                               or [recognizer.model.pad_id]])[0]
            prev_scores = 1 / (1 + np.exp(-before))
            if _sum(prev_scores, NEGATIVE) > max(0.4, _sum(prev_scores, POSITIVE)):
                p = max(p, 0.7)
                extra.evidence.append(Evidence("cue", "context", 0.7,
                                               "a short positive reply right after a negative turn: read as ironic"))
        extra.sarcasm = round(p, 4)
        # the head alone also fires on sincere thanks (in tweets "thanks" is often ironic): the
        # scores move only with a second sign of incongruity (a cue, a negative context, a mishap word)
        incongruent = (any(c.name == "sarcasm" for c in cues) or bool(MISHAP.search(original))
                       or any(e.name == "context" and e.weight == 0.7 for e in extra.evidence))
        if p >= shift_threshold and positive > 0.2 and incongruent:
            shifted = True
            _shift(scores, POSITIVE, 1 - p, {"annoyance": 0.6, "disappointment": 0.4})
            extra.evidence.append(Evidence("cue", "sarcasm_shift", round(p, 3),
                                           "sarcasm likely: positive labels moved to annoyance/disappointment"))

    # act ---------------------------------------------------------------------------
    named = dict(zip(GOEMOTIONS_LABELS, scores))
    sarcastic = shifted
    act = act_rules.rule_act(original, named, extra.sarcasm, sarcastic)
    if act is None:
        if act_head is not None:
            act = act_rules.learned_act(act_head.probabilities(features)[0], act_head.classes, original)
        else:
            act = "question" if original.rstrip().endswith("?") else "statement"
    extra.act = act
    top = GOEMOTIONS_LABELS[int(np.argmax(scores))]
    if act == "complaint" and top not in NEGATIVE and act_rules.service_or_emphatic(original):
        # only the reading's top moves: the strongest of annoyance / anger / disappointment takes the
        # mass of the neutral / curious / amused labels (adding all three over-labels, measured on GoEmotions)
        target = max(COMPLAINT_TARGETS, key=lambda label: scores[_INDEX[label]])
        _shift(scores, COMPLAINT_SOURCES, 0.2, {target: 1.0})
        extra.evidence.append(Evidence("cue", "complaint", 1.0,
                                       f"a complaint: neutral/curious/amused readings moved to {target}"))
    if any(c.name == "laughter" for c in cues) and text != original.strip():
        # the laughter tag was left out of what the model read; amusement is listed, never the top
        i = _INDEX["amusement"]
        floor = float(recognizer.thresholds[i]) + 0.02
        ceiling = float(np.max(np.delete(scores, i))) - 0.01
        if scores[i] < floor and floor < ceiling:
            scores[i] = floor
            extra.evidence.append(Evidence("cue", "laughter", round(floor, 3),
                                           "a chat laughter tag: amusement listed, not read as the main emotion"))
    return extra
