"""The responder for a language with its own folder: react first, do what was asked, perhaps ask one thing.

It follows the English responder's shape (``conversation/responder.py``) with what a language
folder gives it: the turn is read from the folder's cues and, where the emotion model reads this
language with confidence, from the text reading too; the reply is composed from the folder's whole
sentences in the preset's register (formal for customer service and HR, warmer for wellbeing),
none the user has read before, and checked by the guard, whose language check expects this language.
Nothing the user wrote is pasted into a reply.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass

from empathic.conversation.compose import compose
from empathic.conversation.responder import CANDIDATES, Reply, TurnInput, score, settle
from empathic.lang.base import LanguagePack
from empathic.text.acts import HANDOFF

log = logging.getLogger(__name__)
REGISTERS = {"customer_service": "formal", "hr": "formal", "wellbeing": "warm"}
# fine-grained and Ekman labels the reading may give, by the reaction they call for
SAD = {"sadness", "grief", "disappointment", "remorse", "sad"}
ANGRY = {"anger", "annoyance", "disapproval", "disgust", "angry"}
AFRAID = {"fear", "nervousness", "fearful"}
MIN_CONFIDENCE = 0.4  # below it the reading says little (a language the emotion model does not read)


@dataclass
class LocalCues:
    loss: bool
    bad_news: bool
    complaint: bool
    apology: bool
    feeling: str | None  # sadness | anger | fear | tired, the negative feeling to react to
    negative: bool
    good_news: bool
    positive: bool
    thanks: bool
    goodbye: bool
    greeting: bool
    question: bool
    advice: bool
    request: bool
    handoff: bool
    short: bool


class LocalizedResponder:
    def __init__(self, pack: LanguagePack, preset: str = "default", seed: int | None = None, handoff=None):
        self.lang = pack
        self.preset = preset
        self.register = REGISTERS.get(preset, "plain")
        self.handoff = handoff
        self._rng = random.Random(seed)

    @property
    def disclosure(self) -> str:
        return self.lang.disclosure_formal if self.register == "formal" else self.lang.disclosure

    def phrases(self, move: str) -> list[str]:
        return list(self.lang.phrasings(move, self.register))

    # reading the turn ----------------------------------------------------------------
    def read(self, text: str, reading=None) -> LocalCues:
        cue = self.lang.cue
        confident = reading is not None and getattr(reading, "language", None) == self.lang.code \
            and reading.confidence >= MIN_CONFIDENCE
        top = reading.top if confident else None
        feeling = next((name for name in ("anger", "fear", "sadness", "tired") if cue(name, text)), None)
        if feeling is None and top:
            feeling = "sadness" if top in SAD else "anger" if top in ANGRY else "fear" if top in AFRAID else None
        loss, bad_news = cue("loss", text), cue("bad_news", text)
        complaint = cue("complaint", text) or (getattr(reading, "act", None) == "complaint" and confident)
        negative = bool(loss or bad_news or complaint or feeling) or (confident and reading.valence < -0.2)
        good_news = cue("good_news", text) and not negative
        positive = not negative and (good_news or cue("positive", text) or (confident and reading.valence > 0.3))
        handoff = self.wants_human(text, reading)
        return LocalCues(loss=loss, bad_news=bad_news and not loss, complaint=complaint, apology=cue("apology", text),
                         feeling=feeling, negative=negative, good_news=good_news, positive=positive,
                         thanks=cue("thanks", text), goodbye=cue("goodbye", text), greeting=cue("greeting", text),
                         question=cue("question", text), advice=cue("advice", text), request=cue("request", text),
                         handoff=handoff, short=len(text.split()) <= 3)

    def wants_human(self, text: str, reading=None) -> bool:
        """A request for a person in this language (or in English, which many users switch to for it)."""
        return self.lang.cue("handoff", text) or bool(HANDOFF.search(text)) \
            or (getattr(reading, "act", None) == "handoff_request" and not self.lang.cue("ai_question", text))

    # the turn ----------------------------------------------------------------------
    def respond(self, turn: TurnInput) -> Reply:
        cues = self.read(turn.text, turn.reading)
        state = turn.state
        moves: list[tuple[str, list[str], bool]] = []
        reaction = self._reaction(cues)
        handoff_reason = None
        acts = [] if cues.handoff else self._acts(cues, turn.text)
        if reaction and not (acts and reaction[0] in ("glad", "acknowledge")):
            moves.append(reaction)
        if cues.handoff:
            handoff_reason, said = self.hand_off(state, turn.session_id)
            moves += said
        moves += acts
        answered = bool(acts) or cues.handoff
        follow = [] if answered or cues.goodbye or cues.thanks else self._follow_up(cues, state)
        reply = self._rank(moves, follow, turn, cues, handoff_reason)
        reply.acted, reply.negative = answered, cues.negative
        return reply

    def _reaction(self, c: LocalCues):
        service = self.register == "formal"
        if c.handoff and not c.negative:
            return None  # the handoff says what happens
        if c.loss:
            return ("condolence", self.phrases("condolence"), True)
        if c.bad_news:
            return ("sympathy", self.phrases("sympathy"), True)
        if c.complaint and not service and not c.question:
            return ("complaint", self.phrases("complaint"), True)
        if c.apology and not c.complaint:
            return ("reassure", self.phrases("reassure_apology"), True)
        if service and c.negative:
            return ("apology", self.phrases("apology"), True)
        if c.good_news:
            return ("congratulate", self.phrases("congratulate"), True)
        if c.thanks and not c.negative:
            if c.goodbye:
                return ("thanks", [f"{t} {g}" for t in self.phrases("thanks") for g in self.phrases("goodbye")], True)
            return ("thanks", self.phrases("thanks"), True)
        if c.goodbye:
            return ("goodbye", self.phrases("goodbye"), True)
        if c.greeting and not c.negative:
            return ("greeting", self.phrases("greeting"), True)
        if c.negative:
            if c.advice:
                return None  # a request for advice wants the advice first
            move = f"empathy_{c.feeling}" if c.feeling else "empathy"
            return ("empathy", self.phrases(move) or self.phrases("empathy"), True)
        if c.positive and not c.question:
            return ("glad", self.phrases("glad"), True)
        if not c.question and not c.request:
            return ("acknowledge", self.phrases("acknowledge"), False)
        return None

    def _acts(self, c: LocalCues, text: str) -> list[tuple[str, list[str], bool]]:
        """What the turn asks for, answered; empty when it asks for nothing."""
        cue = self.lang.cue
        for name, move in (("ai_question", "ai"), ("how_are_you", "how_are_you"), ("normal_question", "normal"),
                           ("better_question", "better")):
            if cue(name, text) and self.phrases(move):
                return [(move, self.phrases(move), True)]
        if c.advice:
            return [("advice", self.phrases("advice"), True)]
        if self.register == "formal" and c.request and not c.question:
            return [("request_cannot", self.phrases("request_cannot"), True)]
        if c.question and not c.negative:  # "¿por qué a mí?" is no question to answer with "I don't know"
            return [("not_known", self.phrases("not_known"), True)]
        return []

    def hand_off(self, state: dict, session_id: str):
        """Ask the host's handler for a person; say only what it confirmed."""
        reason = "the user asked for a human"
        if self.handoff is None:
            return reason, [("handoff", self.phrases("handoff_none"), True)]
        try:
            confirmed = self.handoff(reason, session_id)
        except Exception:  # noqa: BLE001 - a failing handler never breaks the person's turn
            log.exception("handoff handler failed")
            confirmed = False
        if confirmed is False:
            return reason, [("handoff", self.phrases("handoff_failed"), True),
                            ("handoff_recorded", self.phrases("handoff_recorded"), True)]
        # a handler's own words (``confirmed`` as text) are in the host's language, not the user's: not quoted
        return reason, [("handoff", self.phrases("handoff_done"), True)]

    def _follow_up(self, c: LocalCues, state: dict) -> list[tuple[str, list[str], bool]]:
        question = self._question(c) if self._may_ask(state) else None
        if question and question[1]:
            return [question]
        if c.negative:
            return [("affirm", self.phrases("affirm") + self.phrases("listen"), False)]
        if not c.positive:
            return [("offer", self.phrases("offer"), False)]
        return []

    @staticmethod
    def _may_ask(state: dict) -> bool:
        asked = state.get("asked", [])
        if asked and asked[-1]:
            return False
        return sum(asked) + 1 <= 0.4 * (len(asked) + 1) + 0.7

    def _question(self, c: LocalCues):
        if c.loss:
            return ("question_loss", self.phrases("question_loss"), False)
        if c.good_news:
            return ("question_news", self.phrases("question_news"), False)
        if (c.greeting or c.short) and not c.negative and not c.positive:
            return ("question_short", self.phrases("question_short"), False)
        if c.negative:
            return ("question_open", self.phrases("question_open") + self.phrases("question_feeling"), False)
        return None

    def _rank(self, moves, follow, turn: TurnInput, c: LocalCues, handoff_reason) -> Reply:
        candidates = []
        for attempt in range(CANDIDATES):
            chosen = moves + (follow if attempt < CANDIDATES - 1 else [])
            text, reused, used = compose(chosen, turn.said, self._rng, english=False)
            if not text:
                text, reused, used = compose([("offer", self.phrases("offer"), True)], turn.said, self._rng,
                                             english=False)
            candidates.append((score(text, reused, used, 18), -attempt, text, used))
        return settle(candidates, turn, c.negative, handoff_reason, self.lang.code)
