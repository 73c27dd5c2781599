"""The application layer that HTTP routes, the WebSocket stream and the MQTT bridge all call.

Auth, tenant scoping, ownership, consent, cost limits and the privacy lifecycle live here
once, so the three transports cannot drift apart. Methods are synchronous (transports run
them in a thread) and raise library or ``service.errors`` exceptions, which
``service.errors.describe`` turns into one status and error code everywhere.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections import defaultdict

from empathic.errors import InvalidInputError, SessionEndedError
from empathic.safety.policy import MODALITIES, PRESETS, Policy, get_preset, new_consent
from empathic.service import limits
from empathic.service.errors import NotFound, RateLimited, TooLarge, Unauthorized
from empathic.service.settings import Settings

TENANT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
RESERVED_TENANTS = {"local", "mqtt"}  # --no-auth and the MQTT bridge's default
SESSION_ID = re.compile(r"^[A-Za-z0-9:._-]{1,64}$")


def check_tenant(name) -> str:
    if not isinstance(name, str) or not TENANT.match(name):
        raise InvalidInputError("tenant names are 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return name


def check_text(value, name: str | None = "text", limit: int = 10_000) -> str:
    """A string that the database and every model can hold: no NUL, no lone surrogates."""
    subject = f"'{name}'" if name else "the value"
    if not isinstance(value, str):
        raise InvalidInputError(f"{subject} must be a string")
    if "\x00" in value:
        raise InvalidInputError(f"{subject} contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(f"{subject} contains a lone surrogate (not valid Unicode text)") from None
    if len(value) > limit:
        raise InvalidInputError(f"{subject} is over {limit} characters")
    return value


def check_user_id(value, limit: int = 100) -> str:
    value = check_text(value, "user_id", limit)
    if not value.strip() or "/" in value or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise InvalidInputError(f"'user_id' must be 1-{limit} characters, without '/' or control characters")
    return value


class Application:
    def __init__(self, settings: Settings | None = None, store=None):
        from empathic.safety.crisis import CrisisDetector
        from empathic.service.auth import hash_key
        from empathic.storage.store import Store
        from empathic.text.recognizer import TextEmotionRecognizer
        from empathic.vision.recognizer import FaceEmotionRecognizer
        from empathic.voice.recognizer import VoiceEmotionRecognizer

        self.settings = settings or Settings()
        self.store = store or Store(self.settings.database_url)
        self.text_recognizer = TextEmotionRecognizer()
        self.face_recognizer = FaceEmotionRecognizer(max_pixels=self.settings.max_image_pixels)
        self.voice_recognizer = VoiceEmotionRecognizer()
        self.crisis_detector = CrisisDetector(model=self.settings.crisis_model)  # one for every preset
        self.limiter = limits.CostLimiter(self.settings.rate_limit_per_minute, self.settings.redis_url)
        self.counters = defaultdict(int)
        self._hash_key = hash_key
        self._agents: dict[str, object] = {}
        self.learner = None
        if self.settings.learning:  # one learner, state per tenant in the store, shared by every preset
            from empathic.conversation.learner import StrategyLearner

            self.learner = StrategyLearner(self.store, explore_share=self.settings.explore_share)
        self._lock = threading.Lock()
        self._live: dict[tuple[str, str], set] = defaultdict(set)  # (tenant, user) -> socket closers

    # auth and limits -------------------------------------------------------------------
    def authenticate(self, key: str | None) -> str:
        """The key's tenant (``local`` without auth); ``Unauthorized`` otherwise."""
        if self.settings.no_auth:
            return "local"
        if not key:
            raise Unauthorized("missing API key (Authorization: Bearer <key>)")
        tenant = self.store.tenant_for_key(self._hash_key(key)) if len(key) <= 200 else None
        if tenant is None:
            raise Unauthorized("invalid API key")
        return tenant

    def charge(self, tenant: str, units: float = 1.0) -> None:
        wait = self.limiter.check(tenant, units)
        if wait:
            raise RateLimited(f"rate limit: {self.settings.rate_limit_per_minute} cost units per minute; "
                              f"retry in {wait} s", headers={"Retry-After": str(wait)})

    def turn_cost(self, text: str | None, audio, image) -> float:
        from empathic.voice.audio import duration_seconds

        seconds = duration_seconds(audio) if audio is not None else 0.0
        kind, pixels = _header(image) if isinstance(image, (bytes, bytearray)) else ("", 0)
        if pixels > self.settings.max_image_pixels:
            if kind != "JPEG":  # a JPEG is decoded reduced; anything else would be decoded whole
                raise TooLarge(f"image is {pixels / 1e6:.1f} megapixels; turns take at most "
                               f"{self.settings.max_image_pixels / 1e6:.0f} (JPEGs are reduced to fit)")
            pixels = self.settings.max_image_pixels
        return limits.cost(text, seconds, pixels)

    # sessions and turns ------------------------------------------------------------------
    def agent_for(self, preset: str):
        from empathic.conversation.agent import Agent

        with self._lock:
            if preset not in self._agents:
                self._agents[preset] = Agent(preset=preset, store=self.store, llm=self.settings.llm,
                                             locale=self.settings.locale, text_recognizer=self.text_recognizer,
                                             face_recognizer=self.face_recognizer,
                                             voice_recognizer=self.voice_recognizer,
                                             crisis_detector=self.crisis_detector, learner=self.learner)
            return self._agents[preset]

    def session(self, tenant: str, session_id: str) -> dict:
        found = self.store.get_session(session_id) if isinstance(session_id, str) and SESSION_ID.match(session_id) else None
        if found is None or found["tenant"] != tenant:
            raise NotFound("no such session")
        return found

    def create_session(self, tenant: str, user_id: str, preset: str | None = None) -> dict:
        user_id = check_user_id(user_id, self.settings.max_id_chars)
        preset = preset or self.settings.default_preset
        if preset not in PRESETS:
            raise InvalidInputError(f"unknown preset; available: {', '.join(PRESETS)}")
        session_id = uuid.uuid4().hex
        self.store.create_session(session_id, user_id, preset, tenant)
        return {"id": session_id, "user_id": user_id, "preset": preset}

    def check_turn(self, text):
        return None if text is None else check_text(text, "text", self.settings.max_text_chars)

    def turn(self, tenant: str, session_id: str, text: str | None = None, audio=None, image=None):
        """One turn on an owned, open session, under the user's current consents."""
        session = self.session(tenant, session_id)
        if session["ended_at"] is not None:
            raise SessionEndedError(session_id)
        text = self.check_turn(text)
        consents = self.store.active_consents(session["user_id"], tenant)
        agent = self.agent_for(session["preset"] or self.settings.default_preset)
        for modality, value in (("voice", audio), ("face", image)):
            if value is not None:  # refused before anything is decoded or charged
                agent.policy.check(session["user_id"], modality, consents)
        self.charge(tenant, self.turn_cost(text, audio, image))
        result = agent.respond(session_id, session["user_id"], text, audio, image, consents, tenant=tenant)
        self.counters["turns"] += 1
        self.counters["crisis_replies"] += result.source == "crisis"
        return result

    def end_session(self, tenant: str, session_id: str) -> dict:
        session = self.session(tenant, session_id)
        self.agent_for(session["preset"] or self.settings.default_preset).end_session(session_id)
        return {"id": session_id, "ended": True}

    def analyze(self, tenant: str, text=None, audio=None, image=None, user_id: str | None = None,
                session_id: str | None = None) -> dict:
        """Readings without a reply. Biometric inputs need a consenting user, and the preset
        of their session (or the deployment's) decides whether they may be read at all."""
        from empathic.conversation.fusion import fuse
        from empathic.conversation.perception import perceive

        text = self.check_turn(text)
        preset = self.settings.default_preset
        if session_id is not None:
            session = self.session(tenant, session_id)
            user_id, preset = session["user_id"], session["preset"] or preset
        elif user_id is not None:
            user_id = check_user_id(user_id, self.settings.max_id_chars)
        for modality, value in (("voice", audio), ("face", image)):
            if value is not None:  # biometric analysis needs a consenting user (rule 3)
                if not user_id:
                    raise InvalidInputError(f"{modality} analysis needs a 'user_id' (or 'session_id') with recorded consent")
                Policy(get_preset(preset)).check(user_id, modality, self.store.active_consents(user_id, tenant))
        self.charge(tenant, self.turn_cost(text, audio, image))
        perception = perceive(text, audio, image, text_recognizer=self.text_recognizer,
                              voice_recognizer=self.voice_recognizer, face_recognizer=self.face_recognizer,
                              transcribe_typed=True)
        body = {"readings": {m: r.to_dict() for m, r in perception.readings.items()},
                "fused": fuse(perception.readings).to_dict()}
        if perception.voice is not None:
            body["voice"] = perception.voice.to_dict()
        if perception.faces is not None:
            body["faces"] = [f.to_dict() for f in perception.faces]
        return body

    def feedback(self, tenant: str, session_id: str, turn: int, rating=None, thumbs=None, label=None) -> dict:
        """Store feedback on one reply (the session must be the tenant's and have that turn);
        with learning on, it trains the tenant's strategy learner."""
        session = self.session(tenant, session_id)
        agent = self.agent_for(session["preset"] or self.settings.default_preset)
        return agent.feedback(session_id, turn, rating=rating, thumbs=thumbs, label=label, tenant=tenant)

    # consent -------------------------------------------------------------------------------
    @staticmethod
    def check_modality(modality: str) -> str:
        if modality not in MODALITIES:
            raise InvalidInputError(f"modality must be one of {', '.join(MODALITIES)}")
        return modality

    def grant(self, tenant: str, user_id: str, modality: str, purpose: str, retention_days: int = 90,
              actor: str = "api") -> dict:
        user_id = check_user_id(user_id, self.settings.max_id_chars)
        consent = new_consent(user_id, self.check_modality(modality), check_text(purpose, "purpose", 200),
                              retention_days)
        self.store.grant_consent(consent, tenant)
        self.store.audit("consent_granted", tenant, actor, user_id, modality)
        return {"user_id": user_id, "modality": modality, "purpose": consent.purpose,
                "retention_days": consent.retention_days, "expires_at": consent.expires_at().isoformat()}

    def withdraw(self, tenant: str, user_id: str, modality: str, actor: str = "api") -> dict:
        user_id = check_user_id(user_id, self.settings.max_id_chars)
        withdrawn = self.store.withdraw_consent(user_id, self.check_modality(modality), tenant)
        self.store.audit("consent_withdrawn", tenant, actor, user_id, modality)
        return {"user_id": user_id, "modality": modality, "withdrawn": withdrawn}

    def consents(self, tenant: str, user_id: str) -> dict:
        user_id = check_user_id(user_id, self.settings.max_id_chars)
        return {m: {"purpose": c.purpose, "retention_days": c.retention_days, "expires_at": c.expires_at().isoformat()}
                for m, c in self.store.active_consents(user_id, tenant).items()}

    def active_consents(self, tenant: str, user_id: str) -> dict:
        return self.store.active_consents(user_id, tenant)

    # export and erasure ------------------------------------------------------------------------
    def export(self, tenant: str, user_id: str, actor: str = "api") -> dict:
        user_id = check_user_id(user_id, self.settings.max_id_chars)
        data = self.store.export_user(user_id, tenant)
        self.store.audit("export", tenant, actor, user_id)
        return data

    def erase(self, tenant: str, user_id: str, actor: str = "api") -> dict:
        """Delete everything, close the user's live sockets, and leave a tombstone so that a
        turn already in flight cannot bring the user back."""
        import json

        user_id = check_user_id(user_id, self.settings.max_id_chars)
        for close in list(self._live.get((tenant, user_id), ())):
            close()
        for agent in list(self._agents.values()):
            agent.forget_user(user_id, tenant)
        counts = self.store.erase_user(user_id, tenant)
        self.store.audit("erasure", tenant, actor, user_id, json.dumps(counts))
        return counts

    def watch(self, tenant: str, user_id: str, close) -> callable:
        """Register a live connection's closer for erasure; returns the unregister function."""
        with self._lock:
            self._live[(tenant, user_id)].add(close)

        def unwatch():
            with self._lock:
                self._live[(tenant, user_id)].discard(close)
                if not self._live[(tenant, user_id)]:
                    self._live.pop((tenant, user_id), None)
        return unwatch

    # health ---------------------------------------------------------------------------------
    def ready(self) -> None:
        """Raise unless the database answers, the encryption key opens it and the model loads."""
        self.store.ping()
        self.store.check_key()
        self.text_recognizer.load()

    def purge(self) -> dict:
        return self.store.purge_expired(self.settings.retention_days, self.settings.audit_retention_days)


def _header(blob: bytes) -> tuple[str, int]:
    """Format and pixels an image header announces (nothing decoded); ("", 0) when unreadable
    (the decoder gives the clear error later)."""
    import io

    try:
        from PIL import Image

        with Image.open(io.BytesIO(bytes(blob))) as im:
            return im.format or "", im.size[0] * im.size[1]
    except Exception:  # noqa: BLE001
        return "", 0
