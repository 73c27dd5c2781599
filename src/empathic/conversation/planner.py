"""``ResponsePlanner``: which support strategy, and in what tone, for this person now.

The strategy comes from the model learned on ESConv (``strategy_model.py``),
adjusted by the moment: a rising escalation calls for reflection and a
concrete next step, low confidence in the reading for a question rather than
an assertion. Tone (warmth, formality, energy, length) follows the preset, the
person's profile and their arousal: calm energy for a heated person, brighter
for a happy one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from empathic.labels import STRATEGIES
from empathic.errors import InvalidInputError


@dataclass(frozen=True)
class Tone:
    warmth: float  # 0 reserved .. 1 very warm
    formality: float  # 0 casual .. 1 formal
    energy: float  # 0 calm .. 1 lively
    length: str  # short | medium | long


@dataclass(frozen=True)
class ResponsePlan:
    strategy: str
    tone: Tone
    acknowledge_emotion: bool
    ask_rather_than_assert: bool
    apologize: bool = False
    next_step: bool = False
    service_recovery: bool = False  # customer service: a concrete next step from the business
    strategy_scores: dict[str, float] = field(default_factory=dict)
    rationale: list[str] = field(default_factory=list)
    # set when a StrategyLearner chose (conversation/learner.py): strategy, propensity, context, ...
    learner: dict | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _validate_history(history) -> list[dict]:
    if not isinstance(history, (list, tuple)):
        raise InvalidInputError("history must be a list of {'speaker': 'user'|'agent', 'text': str}")
    for i, turn in enumerate(history):
        if not isinstance(turn, dict) or turn.get("speaker") not in ("user", "agent") or not isinstance(turn.get("text"), str):
            raise InvalidInputError(f"history item {i} must be {{'speaker': 'user'|'agent', 'text': str}}")
    return list(history)


class ResponsePlanner:
    def __init__(self, encoder=None, recognizer=None, model=None):
        self._encoder, self._recognizer, self._model = encoder, recognizer, model

    def _parts(self):
        if self._model is None:
            from empathic.conversation.strategy_model import StrategyModel
            from empathic.text.encoder import SentenceEncoder
            from empathic.text.recognizer import TextEmotionRecognizer

            self._encoder = self._encoder or SentenceEncoder.shared()
            self._recognizer = self._recognizer or TextEmotionRecognizer(explain=False)
            self._model = StrategyModel()
        return self._encoder, self._recognizer, self._model

    def context_probabilities(self, history: list[dict]):
        """The context model's part alone (None when none ships): callers may start it early,
        on another thread, since it needs only the words (``plan(..., context=...)``). It also
        encodes the last user and agent turns, so the tree model's features find them cached."""
        encoder, _, model = self._parts()
        last = {t["speaker"]: t.get("text", "") for t in history}
        encoder.encode([last.get("user", ""), last.get("agent", "")])
        return None if model.context is None else model.context.probabilities([history])

    def strategy_scores(self, history: list[dict], text_reading=None, context=None) -> dict[str, float]:
        from empathic.conversation.strategy_model import featurize

        encoder, recognizer, model = self._parts()
        readings = [text_reading] if text_reading is not None else None
        probabilities = model.probabilities(featurize([history], encoder, recognizer, readings), [history],
                                            context)[0]
        return {s: round(float(p), 4) for s, p in zip(STRATEGIES, probabilities)}

    def plan(self, history: list[dict], reading=None, state=None, profile=None, preset=None,
             text_reading=None, context=None) -> ResponsePlan:
        """Plan the next reply. ``reading`` is the (fused) reading of the last user turn;
        ``text_reading`` its text reading, when the caller already has it; ``context`` the
        context model's probabilities for this history, when already computed."""
        history = _validate_history(history)
        if not any(t["speaker"] == "user" for t in history):
            raise InvalidInputError("history needs at least one user turn")
        if text_reading is None and reading is not None and reading.modality == "text":
            text_reading = reading
        scores = self.strategy_scores(history, text_reading, context)
        strategy = max(scores, key=scores.get)
        rationale = [f"learned model: {strategy} ({scores[strategy]:.2f})"]
        escalating = bool(state and state.escalating)
        confident = reading is None or reading.confidence >= 0.4
        negative = reading is not None and reading.valence < -0.2
        if escalating and strategy not in ("Reflection of feelings", "Providing Suggestions", "Information"):
            strategy = "Reflection of feelings"
            rationale.append("frustration is rising: reflect it and offer a concrete next step")
        elif negative and strategy == "Others":
            strategy = "Reflection of feelings" if confident else "Question"
            rationale.append("a negative feeling should not get a generic reply")
        if not confident and strategy == "Reflection of feelings":
            strategy = "Question"
            rationale.append("low confidence in the reading: ask rather than assert")
        tone = self._tone(reading, state, profile, preset, escalating)
        customer = preset is not None and preset.name == "customer_service"
        return ResponsePlan(
            strategy=strategy, tone=tone,
            acknowledge_emotion=negative or escalating or (reading is not None and reading.top not in ("neutral",) and reading.confidence >= 0.5),
            ask_rather_than_assert=not confident,
            apologize=customer and (negative or escalating),
            next_step=escalating or (customer and negative), service_recovery=customer,
            strategy_scores=scores, rationale=rationale)

    @staticmethod
    def _tone(reading, state, profile, preset, escalating: bool) -> Tone:
        formality = preset.formality if preset is not None else 0.5
        if profile is not None and profile.turns_seen >= 3:
            formality = 0.3 * formality + 0.7 * profile.formality  # the person's own style wins
        arousal = reading.arousal if reading is not None else 0.3
        valence = reading.valence if reading is not None else 0.0
        energy = 0.3 if (escalating or (arousal > 0.6 and valence < 0)) else min(0.9, 0.3 + 0.6 * max(valence, 0) * arousal + 0.2)
        warmth = 0.9 if valence < -0.2 else 0.7
        length = "short" if escalating else "medium"
        if profile is not None and profile.turns_seen >= 3:
            length = "short" if profile.verbosity < 8 else ("long" if profile.verbosity > 40 and not escalating else length)
        return Tone(round(warmth, 2), round(formality, 2), round(energy, 2), length)
