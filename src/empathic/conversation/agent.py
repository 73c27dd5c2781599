"""``Agent``: one turn = perception -> fusion -> safety -> state -> planning -> realization -> guard.

Sessions and profiles persist through ``Store`` (SQLite by default), so a
returning user is recognised across processes. Crisis replies are reviewed
templates picked by ``CrisisDialogue`` (``safety/crisis_dialogue.py``) before
and instead of any generation: the resource message when risk first reaches
moderate, then engaged replies with a resource line, resources first at
imminent, and one direct question at low; the dialogue's state is stored with
the session. ``on_risk(safety, session_id)`` is called for every turn at
moderate or above (for a human moderator); its errors are logged, never
raised. The reply comes from the ``Responder`` (``responder="ranked"``, the
default: it reacts, answers, hands off to a human through ``handoff(reason,
session_id)`` and says only what that handler confirmed), or from the older
template realizer (``responder="templates"``, kept for comparison). A language
model, when configured, only ever proposes a reply that the guard may overrule.

``learner`` (off by default; ``True`` or a ``StrategyLearner``) lets a per-tenant
contextual bandit pick the plan's strategy among those the planner's rules allow, on turns
without any risk, and learn from ``feedback(...)`` and from how the user's next turn goes
(``conversation/learner.py``). Its choice, with its propensity, is kept in the plan.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from empathic.conversation.fusion import fuse
from empathic.conversation.guard import check_reply
from empathic.conversation.llm import LanguageModelError, build_messages
from empathic.conversation.memory import Memory
from empathic.conversation.perception import perceive
from empathic.conversation.planner import ResponsePlan, ResponsePlanner, Tone
from empathic.conversation.profile import UserProfile
from empathic.conversation.realizer import TemplateRealizer
from empathic.conversation.responder import Responder, TurnInput
from empathic.conversation.state import ConversationState, update_state
from empathic.errors import InvalidInputError, SessionEndedError
from empathic.lang import PACKS as LANGUAGE_PACKS
from empathic.lang import conversation_language, unsupported_reply
from empathic.lang.responder import LocalizedResponder
from empathic.reading import EmotionReading
from empathic.safety.crisis import CrisisDetector, SafetyAssessment
from empathic.safety.crisis_dialogue import LANGUAGES as CRISIS_LANGUAGES
from empathic.safety.crisis_dialogue import CrisisDialogue, CrisisState
from empathic.safety.policy import AI_DISCLOSURE, EMOTION_NOTICE, Policy, get_preset
from empathic.safety.redact import redact
from empathic.voice.recognizer import SpeakerBaseline

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 10_000
MAX_CACHED_SESSIONS = 2_000  # live sessions kept in memory; older ones reload from the store
DIET_COACHING = re.compile(r"\b(?:calorie|calories|lose weight|losing weight|weight loss|diet plan|skip meals|"
                           r"fasting plan|stop eating|eat less|burn fat|bmi)\b", re.IGNORECASE)
DIET_REFUSAL = ("I can't help with calorie counting, weight loss or restricting food. If food or your body has "
                "been on your mind a lot, a doctor or an eating-disorder helpline can help. How are you feeling about it?")


@dataclass
class TurnResult:
    session_id: str
    turn: int
    reply: str
    reading: EmotionReading
    readings: dict[str, EmotionReading]
    state: ConversationState
    plan: ResponsePlan
    safety: SafetyAssessment
    source: str  # template | llm | crisis | policy
    guard_violations: list[str] = field(default_factory=list)
    recalled: list[dict] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    transcript: str | None = None  # what was heard, when the turn's words came from audio
    handoff: str | None = None  # the reason a human was asked for on this turn, else None
    language: str = "en"  # the language the reply is in (the conversation's; ISO 639-1)

    def to_dict(self) -> dict:
        return {"session_id": self.session_id, "turn": self.turn, "reply": self.reply,
                "reading": self.reading.to_dict(), "readings": {m: r.to_dict() for m, r in self.readings.items()},
                "state": self.state.to_dict(), "plan": self.plan.to_dict(), "safety": self.safety.to_dict(),
                "source": self.source, "guard_violations": self.guard_violations, "recalled": self.recalled,
                "notices": self.notices, "latency_ms": round(self.latency_ms, 2),
                "handoff": self.handoff, "language": self.language,
                **({"transcript": self.transcript} if self.transcript is not None else {})}


@dataclass
class _Session:
    session_id: str
    user_id: str
    tenant: str = ""
    history: list[dict] = field(default_factory=list)
    state: ConversationState = field(default_factory=ConversationState)
    memory: Memory = field(default_factory=Memory)
    biometric_notices: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    voice_baseline: SpeakerBaseline = field(default_factory=SpeakerBaseline)  # in memory only (biometric)
    crisis: CrisisState = field(default_factory=CrisisState)
    responder: dict = field(default_factory=dict)  # the responder's own per-session state (wishes, question budget)
    learning: dict = field(default_factory=dict)  # the learner's last choice, until the next turn shows its outcome

    def snapshot(self) -> dict:
        return {"history": self.history, "state": self.state.to_dict(), "memory": self.memory.to_list(),
                "biometric_notices": self.biometric_notices, "crisis": self.crisis.to_dict(),
                "responder": self.responder, "learning": self.learning}


class Agent:
    def __init__(self, preset: str = "default", store=None, database_url: str | None = None, llm=None,
                 locale: str | None = None, purpose: str | None = None, seed: int | None = None,
                 text_recognizer=None, crisis_detector=None, planner=None, face_recognizer=None,
                 voice_recognizer=None, on_risk=None, handoff=None, responder: str = "ranked", persona=None,
                 learner=None, response_bank=None):
        from empathic.storage.store import Store
        from empathic.text.recognizer import TextEmotionRecognizer

        self.preset = get_preset(preset)
        self.policy = Policy(self.preset, purpose)
        self.store = store or Store(database_url or "sqlite:///:memory:")
        self.llm = llm
        self.locale = locale
        self.text = text_recognizer or TextEmotionRecognizer()
        self.crisis = crisis_detector or CrisisDetector()
        self.dialogue = CrisisDialogue(locale)
        if on_risk is not None and not callable(on_risk):
            raise InvalidInputError("on_risk must be callable: on_risk(safety, session_id)")
        self.on_risk = on_risk
        if handoff is not None and not callable(handoff):
            raise InvalidInputError("handoff must be callable: handoff(reason, session_id)")
        if responder not in ("ranked", "templates"):
            raise InvalidInputError(f"responder must be 'ranked' or 'templates', got {responder!r}")
        self.responder_kind = responder
        try:
            # response_bank: a folder from `empathic train responses`, None for the shipped bank, False for none
            self.responder = Responder(self.preset.name, seed, handoff, persona, bank=response_bank)
        except TypeError as exc:
            raise InvalidInputError(str(exc)) from exc
        # the other languages' responders (empathic/lang/<code>/), built on a conversation's first turn in one
        self._localized = {code: LocalizedResponder(pack, self.preset.name, seed, handoff)
                           for code, pack in LANGUAGE_PACKS.items()}
        self.planner = planner or ResponsePlanner(recognizer=TextEmotionRecognizer(explain=False))
        self.learner = self._learner(learner)
        self.realizer = TemplateRealizer(seed)
        self._face, self._voice = face_recognizer, voice_recognizer
        # the strategy context model reads only words: it runs beside perception, not after it
        self._beside = ThreadPoolExecutor(max_workers=2, thread_name_prefix="empathic-context")
        self._sessions: OrderedDict[str, _Session] = OrderedDict()  # least recently used first
        self._lock = threading.Lock()

    def _learner(self, learner):
        from empathic.conversation.learner import StrategyLearner

        if learner is None or learner is False:
            return None
        if learner is True:
            return StrategyLearner(self.store)
        if isinstance(learner, StrategyLearner):
            return learner.bind(self.store)
        raise InvalidInputError(f"learner must be None, True or a StrategyLearner, got {type(learner).__name__}")

    # sessions --------------------------------------------------------------------
    def _session(self, session_id: str, user_id: str, tenant: str) -> _Session:
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                stored = self.store.get_session(session_id)
                if stored is None:  # refused after the user's erasure: no silent re-creation
                    self.store.create_session(session_id, user_id, self.preset.name, tenant, explicit=False)
                    session = _Session(session_id, user_id, tenant)
                elif stored["ended_at"] is not None:
                    raise SessionEndedError(session_id)
                else:
                    session = self._restore(session_id, stored)
                self._sessions[session_id] = session
                while len(self._sessions) > MAX_CACHED_SESSIONS:
                    self._sessions.popitem(last=False)
            self._sessions.move_to_end(session_id)
        if session.user_id != user_id or session.tenant != tenant:
            raise InvalidInputError(f"session {session_id!r} belongs to another user")
        return session

    @staticmethod
    def _restore(session_id: str, stored: dict) -> _Session:
        data = stored["state"] or {}
        state = ConversationState.from_dict(data.get("state") or {})
        return _Session(session_id, stored["user_id"], stored.get("tenant") or "", data.get("history", []), state,
                        Memory.from_list(data.get("memory", [])), data.get("biometric_notices", []),
                        crisis=CrisisState.from_dict(data.get("crisis")), responder=data.get("responder") or {},
                        learning=data.get("learning") or {})

    def forget(self, session_id: str) -> None:
        """Drop a session's in-memory copy (after erasure, or a turn that failed to store)."""
        with self._lock:
            self._sessions.pop(session_id, None)

    def forget_user(self, user_id: str, tenant: str = "") -> None:
        with self._lock:
            for sid in [sid for sid, s in self._sessions.items() if (s.user_id, s.tenant) == (user_id, tenant)]:
                del self._sessions[sid]

    def profile(self, user_id: str, tenant: str = "") -> UserProfile:
        data = self.store.load_profile(user_id, tenant)
        return UserProfile.from_dict(data) if data else UserProfile(user_id)

    # the turn ----------------------------------------------------------------------
    def respond(self, session_id: str, user_id: str, text: str | None = None, audio=None, image=None,
                consents: dict | None = None, *, tenant: str = "") -> TurnResult:
        started = time.perf_counter()
        for name, value in (("session_id", session_id), ("user_id", user_id)):
            if not isinstance(value, str) or not value.strip() or len(value) > 128:
                raise InvalidInputError(f"{name} must be a non-empty string of at most 128 characters")
        if text is not None and not isinstance(text, str):
            raise InvalidInputError(f"text must be a str, got {type(text).__name__}")
        if text is not None and len(text) > MAX_TEXT_CHARS:
            raise InvalidInputError(f"text is {len(text)} characters; the limit per turn is {MAX_TEXT_CHARS}")
        if (text is None or not text.strip()) and audio is None and image is None:
            raise InvalidInputError("a turn needs text, audio or an image")
        session = self._session(session_id, user_id, tenant)
        with session.lock:
            try:
                return self._turn(session, text, audio, image, consents or {}, started)
            except BaseException:
                # the in-memory copy may hold half a turn: reload the stored one next time
                self.forget(session_id)
                raise

    @property
    def voice(self):
        if self._voice is None:
            from empathic.voice.recognizer import VoiceEmotionRecognizer

            self._voice = VoiceEmotionRecognizer()
        return self._voice

    @property
    def face(self):
        if self._face is None:
            from empathic.vision.recognizer import FaceEmotionRecognizer

            self._face = FaceEmotionRecognizer()
        return self._face

    def _perceive(self, session: _Session, text, audio, image, consents) -> tuple[dict, list[str], str | None]:
        """Readings per modality, notices for the user, and the turn's words (typed, else transcribed)."""
        notices = []
        for modality, value in (("voice", audio), ("face", image)):
            if value is None:
                continue
            self.policy.check(session.user_id, modality, consents)
            if modality not in session.biometric_notices:
                session.biometric_notices.append(modality)
                notices.append(EMOTION_NOTICE.format(modality=modality))
        perception = perceive(text, audio, image, text_recognizer=self.text,
                              voice_recognizer=self.voice if audio is not None else None,
                              face_recognizer=self.face if image is not None else None,
                              baseline=session.voice_baseline,
                              context=[{"speaker": t["speaker"], "text": t["text"]} for t in session.history[-10:]
                                       if t.get("text")])
        return perception.readings, notices + perception.notices, perception.text

    def _turn(self, session: _Session, text, audio, image, consents, started) -> TurnResult:
        index = len(session.state.turns)
        typed = text
        early = self._context_future(session, text) if text and text.strip() else None
        readings, notices, text = self._perceive(session, text, audio, image, consents)
        if early is None and text:
            early = self._context_future(session, text)
        reading = fuse(readings)
        language = self._language(session, readings.get("text"), text)
        responder = self._localized.get(language, self.responder)
        user_turns = [t["text"] for t in session.history if t["speaker"] == "user"] + [text or ""]
        safety = self.crisis.assess(user_turns, locale=self.locale,
                                    language=language if language in CRISIS_LANGUAGES else None)
        update_state(session.state, reading, text)
        if self.learner is not None and session.learning:  # this turn is the outcome of the last choice
            self.learner.learn_outcome(session.tenant, session.learning, session.learning["valence"], reading.valence,
                                       safety.level != "none" or session.state.escalating)
        session.learning = {}
        recalled = session.memory.recall(text or "") if text else []
        session.memory.add(text or "", index)
        profile = self.profile(session.user_id, session.tenant)
        if index == 0:
            profile.sessions += 1
            for fact in profile.facts:  # what earlier sessions learned
                if fact not in session.memory.to_list():
                    session.memory.facts.append(Memory.from_list([fact]).facts[0])
        profile.observe(text, reading)
        name = session.memory.get("name", "user")
        if name:
            profile.name = name.value
        session.history.append({"speaker": "user", "text": text or ""})

        violations: list[str] = []
        handoff = None
        crisis = self.dialogue.respond(session.crisis, safety, text or "", index)  # a reviewed template, or None
        if crisis is not None:
            plan = ResponsePlan("Question" if crisis.kind == "ask" else "Others", Tone(0.9, 0.5, 0.2, "medium"),
                                True, False, rationale=[f"crisis level {safety.level}: {crisis.kind} (reviewed template)"])
            reply, source = crisis.reply, "crisis"
        elif language != "en" and responder is self.responder:  # a language with no replies written
            plan = ResponsePlan("Information", Tone(0.7, 0.5, 0.3, "short"), False, False,
                                rationale=[f"language '{language}': replies are written in {', '.join(self._languages)}"])
            reply, source = unsupported_reply(language), "policy"
        elif self.preset.wellbeing_limits and text and DIET_COACHING.search(text):
            plan = ResponsePlan("Information", Tone(0.8, 0.5, 0.3, "short"), True, False,
                                rationale=["wellbeing preset: no calorie or weight-loss coaching"])
            reply, source = DIET_REFUSAL, "policy"
        else:
            plan = self.planner.plan(session.history, reading, session.state, profile, self.preset,
                                     text_reading=readings.get("text"), context=early.result() if early else None)
            plan = self._learned(session, plan, reading, safety, index)
            # text alone: word the feeling with its fine-grained label ("confused", not the fused "surprise")
            wording = readings["text"] if set(readings) == {"text"} else reading
            if self.responder_kind == "ranked" or responder is not self.responder:  # templates are English only
                reply, source, violations, handoff = self._respond(session, plan, readings.get("text") or reading,
                                                                   text or "", profile, index, responder, language)
            else:
                reply, source, violations = self._realize(session, plan, wording, text or "", profile, index)
        if handoff is None and text and responder.wants_human(text, readings.get("text")):
            handoff, _ = responder.hand_off(session.responder, session.session_id)  # recorded; the reply stays
        if index == 0 and not (crisis and crisis.says_ai):  # the resource message says it is an AI itself
            disclosure = responder.disclosure if self.responder_kind == "ranked" or responder is not self.responder \
                else None
            reply = f"{disclosure or AI_DISCLOSURE} {reply}"
        session.history.append({"speaker": "agent", "text": reply, "strategy": plan.strategy})
        profile.facts = [f for f in session.memory.to_list() if f["kind"] in ("name", "relation", "work", "home", "preference")]
        result = TurnResult(session.session_id, index, reply, reading, readings, session.state, plan, safety, source,
                            violations, [f.to_dict() for f in recalled], notices,
                            (time.perf_counter() - started) * 1000, text if text != typed else None, handoff,
                            language if language in self._languages else "en")
        self.store.record_turn(session.session_id, index, text, result.to_dict(), session.snapshot(),
                               session.user_id, profile.to_dict(), session.tenant)
        if self.on_risk is not None and safety.requires_crisis_reply:
            try:
                self.on_risk(safety, session.session_id)
            except Exception:  # noqa: BLE001 - a moderator hook never breaks the person's turn
                log.exception("on_risk callback failed for a turn at %s risk", safety.level)
        return result

    def _learned(self, session: _Session, plan: ResponsePlan, reading, safety, index: int) -> ResponsePlan:
        """The learner's strategy in place of the planner's (never on a turn with any risk)."""
        if self.learner is None:
            return plan
        choice = self.learner.choose(session.tenant, plan, reading, session.state, self.preset.name, index,
                                     safety.level)
        if choice is None:
            return replace(plan, learner={"skipped": f"risk level {safety.level}: the planner's strategy, no learning"})
        note = ("learner explored" if choice.explored else "learner chose") + \
            f": {choice.strategy} (p={choice.propensity:.2f}; planner: {choice.planned})"
        session.learning = {"strategy": choice.strategy, "context": choice.context, "valence": reading.valence,
                            "turn": index}
        return replace(plan, strategy=choice.strategy, learner=choice.to_dict(), rationale=[*plan.rationale, note])

    def feedback(self, session_id: str, turn: int, *, rating=None, thumbs=None, label=None, tenant: str = "") -> dict:
        """Store a user's feedback on one reply; with a learner, the first feedback on a
        reply it chose trains it. Unknown sessions or turns and bad values raise
        ``InvalidInputError`` naming the field."""
        from empathic.conversation.learner import explicit_reward

        if not isinstance(session_id, str) or not session_id:
            raise InvalidInputError("session_id must be a non-empty string")
        if isinstance(turn, bool) or not isinstance(turn, int) or turn < 0:
            raise InvalidInputError(f"turn must be a non-negative integer, got {turn!r}")
        if label is not None and (not isinstance(label, str) or len(label) > 32):
            raise InvalidInputError("label must be a string of at most 32 characters")
        if rating is None and thumbs is None and label is None:
            raise InvalidInputError("feedback needs 'thumbs' (1 or -1), 'rating' (1-5) or 'label'")
        reward = None if rating is None and thumbs is None else explicit_reward(rating, thumbs)  # checks both
        stored = self.store.get_session(session_id)
        if stored is None or (stored.get("tenant") or "") != tenant:
            raise InvalidInputError(f"no session {session_id!r}")
        found = self.store.get_turn(session_id, turn)
        if found is None:
            raise InvalidInputError(f"session {session_id!r} has no turn {turn}")
        first = self.store.feedback_count(session_id, turn, tenant) == 0
        self.store.add_feedback(session_id, turn, stored["user_id"], rating, thumbs, label, tenant)
        choice = ((found["result"] or {}).get("plan") or {}).get("learner") or {}
        learned = self.learner is not None and first and "context" in choice and reward is not None
        if learned:
            self.learner.learn(tenant, choice["context"], choice["strategy"], reward, self.learner.explicit_weight)
        return {"stored": True, "learned": learned, "reward": reward}

    def _context_future(self, session: _Session, text: str):
        history = [*session.history, {"speaker": "user", "text": text}]
        return self._beside.submit(self.planner.context_probabilities, history)

    @property
    def _languages(self) -> list[str]:
        return ["en", *self._localized]

    def _language(self, session: _Session, reading, text: str | None) -> str:
        """The language this turn is answered in; it follows the conversation (stored with the session)."""
        previous = session.responder.get("language")
        detected = getattr(reading, "language", None) if reading is not None else None
        language = conversation_language(previous, detected, text) if text else (previous or "en")
        session.responder["language"] = language
        return language

    def _respond(self, session, plan, reading, text, profile, index, responder=None,
                 language: str = "en") -> tuple[str, str, list[str], str | None]:
        """The responder's reply (a language model's, when one is configured and the turn asked for no act)."""
        responder = responder or self.responder
        said = set(profile.said)
        user_turns = [t["text"] for t in session.history[:-1] if t["speaker"] == "user"]
        turn = TurnInput(text, reading, session.responder, session.memory, said,
                         [t.valence for t in session.state.turns[:-1]], user_turns[-4:], index, profile.sessions > 1,
                         session.session_id, plan.next_step and session.state.escalating,
                         plan.strategy if plan.learner else None, at_risk=session.crisis.level != "none")
        answer = responder.respond(turn)
        known = set(profile.said)
        profile.said = (profile.said + [k for k in said if k not in known])[-3000:]  # hashes only, never the words
        if self.llm is None or answer.acted:
            return answer.text, "template", answer.violations, answer.handoff
        reply, source, violations = self._realize(session, plan, reading, text, profile, index, template=answer.text,
                                                  negative=answer.negative, language=language)
        return reply, source, violations, answer.handoff

    def _realize(self, session, plan, reading, text, profile, index, template=None,
                 negative=None, language: str = "en") -> tuple[str, str, list[str]]:
        if template is None:
            template = self.realizer.realize(plan, reading, session.state, text, session.session_id, session.memory, index)
        if self.llm is None:
            return template, "template", check_reply(template, plan, text).violations
        try:
            messages = build_messages(plan, session.state, profile, session.memory.facts, session.history[:-1], text)
            proposal = self.llm.generate(messages)
        except LanguageModelError as exc:
            return template, "template", [f"language model: {exc}"]
        # the prompt too (a reply may not repeat it); and the meaning checks: no cheer on a bad turn, no check-in on the dead
        verdict = check_reply(proposal, plan, text, messages=messages, turn_negative=negative, memory=session.memory,
                              language=language)
        if verdict.ok:
            return proposal, "llm", []
        # violations go back to the caller with the turn: a leaked prompt, method or link is named, never quoted
        shown = [f"llm proposal (redacted): {redact(proposal)[:200]}"] if not verdict.withheld else []
        return template, "template", [f"llm reply rejected: {v}" for v in verdict.named()] + shown

    def end_session(self, session_id: str) -> bool:
        self.forget(session_id)
        return self.store.end_session(session_id)
