"""MQTT bridge: devices talk to the agent over a broker (``empathic bridge mqtt``).

Topics and payloads are documented in ``docs/mqtt.md``. In short (``<prefix>`` is ``empathic``):
``<prefix>/<device>/in`` (turns), ``.../consent``, ``.../erase`` in; ``.../out``, ``.../error`` and the
retained ``.../state`` out.

Each device and user gets its own session and its own consents (ids from ``_session_id`` and
``_internal_user``). The bridge keeps a persistent broker session (fixed client id, clean_session
off) and acknowledges a message only after its answer is out (the broker's PUBACK for it), so a
bridge or broker restart loses no message: the broker redelivers what was not acknowledged.
Answers produced while the broker is away wait in paho's outgoing queue and go out on reconnect.
Redelivery means at-least-once; a device that sends ``message_id`` gets each turn run exactly once
(``IdempotencyCache``), also across bridge restarts.
"""

from __future__ import annotations

import base64
import binascii
import collections
import hashlib
import json
import logging
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

from empathic.errors import EmpathicError, InvalidInputError, require

log = logging.getLogger(__name__)
DEVICE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
DEFAULT_TENANT = "mqtt"  # reserved: no API key can be made for it (service.auth)
MAX_PAYLOAD = 8_000_000
MAX_PENDING = 1000  # messages handled but not yet acknowledged (answers waiting for the broker)
DRAIN_S = 5.0  # on stop, how long answers already made may take to go out
_WAKE = object()  # inbox token: an answer was acknowledged by the broker, settle what is done


def parse_broker(url: str) -> tuple[str, int, bool]:
    """(host, port, tls) from ``mqtt://host:port`` or ``mqtts://host:port`` (TLS, port 8883 by default)."""
    parsed = urlparse(url if "://" in url else f"mqtt://{url}")
    tls = parsed.scheme in ("mqtts", "ssl")
    if parsed.scheme not in ("mqtt", "tcp", "mqtts", "ssl") or not parsed.hostname:
        raise InvalidInputError(f"broker must look like mqtt://host:port or mqtts://host:port, got {url!r}")
    return parsed.hostname, parsed.port or (8883 if tls else 1883), tls


def _internal_user(device: str, user: str) -> str:
    """The user id, within the bridge's tenant, of a device's user (device ids hold no ':')."""
    return f"{device}:{user}"


def _session_id(device: str, user: str, tenant: str = DEFAULT_TENANT) -> str:
    """One session per tenant, device and user; hashed, so any user id fits a session id."""
    return "mqtt-" + hashlib.sha256(f"{tenant}\0{device}\0{user}".encode()).hexdigest()[:40]


# idempotency -------------------------------------------------------------------------------
class IdempotencyCache:
    """Answers to turns already run, by (device, message_id), so a redelivered turn is answered
    again without running it again. ``claim`` marks a turn as started (with the session turn index
    it will get) so a bridge killed between storing the turn and ``remember`` can still tell."""

    def seen(self, device: str, message_id: str) -> dict | None:
        raise NotImplementedError

    def claimed(self, device: str, message_id: str) -> int | None:
        return None

    def claim(self, device: str, message_id: str, user: str, turn: int) -> None:
        pass

    def release(self, device: str, message_id: str) -> None:
        pass

    def remember(self, device: str, message_id: str, answer: dict, user: str | None = None) -> None:
        raise NotImplementedError

    def forget_user(self, device: str, user: str) -> int:
        raise NotImplementedError

    def prune(self) -> int:
        return 0


class MemoryIdempotencyCache(IdempotencyCache):
    """In-process LRU: survives broker restarts, not bridge restarts."""

    def __init__(self, size: int = 10_000):
        self.size, self._answers = size, collections.OrderedDict()

    def seen(self, device, message_id):
        entry = self._answers.get((device, message_id))
        if entry is None:
            return None
        self._answers.move_to_end((device, message_id))
        return entry[1]

    def remember(self, device, message_id, answer, user=None):
        self._answers[(device, message_id)] = (user, answer)
        self._answers.move_to_end((device, message_id))
        while len(self._answers) > self.size:
            self._answers.popitem(last=False)

    def forget_user(self, device, user):
        gone = [k for k, (u, _) in self._answers.items() if k[0] == device and u == user]
        for key in gone:
            del self._answers[key]
        return len(gone)


class SqlIdempotencyCache(IdempotencyCache):
    """Persisted in the agent's database, table ``mqtt_messages`` (answers sealed with the store's
    cipher, like turns). The table is created here with its own MetaData, outside the store's
    Alembic migrations; it may move into a migration later without changing this class."""

    def __init__(self, store, max_age_days: float = 7.0):
        from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text

        self.store, self.max_age = store, timedelta(days=max_age_days)
        self.table = Table("mqtt_messages", MetaData(),
                           Column("device", String(64), primary_key=True),
                           Column("message_id", String(64), primary_key=True),
                           Column("user_id", String(64), index=True),
                           Column("turn", Integer), Column("answer", Text),
                           Column("at", DateTime(timezone=True), index=True))
        self.table.metadata.create_all(store.engine)

    def _row(self, device, message_id):
        from sqlalchemy import select

        t = self.table
        with self.store.engine.connect() as c:
            return c.execute(select(t.c.turn, t.c.answer).where(t.c.device == device, t.c.message_id == message_id)).first()

    def seen(self, device, message_id):
        row = self._row(device, message_id)
        return self.store.cipher.open(row.answer) if row is not None and row.answer is not None else None

    def claimed(self, device, message_id):
        row = self._row(device, message_id)
        return row.turn if row is not None and row.answer is None else None

    def _put(self, device, message_id, **values):
        from sqlalchemy import insert, update
        from sqlalchemy.exc import IntegrityError

        t, values = self.table, {**values, "at": datetime.now(timezone.utc)}
        with self.store.engine.begin() as c:
            where = (t.c.device == device) & (t.c.message_id == message_id)
            if c.execute(update(t).where(where).values(**values)).rowcount == 0:
                try:
                    with c.begin_nested():
                        c.execute(insert(t).values(device=device, message_id=message_id, **values))
                except IntegrityError:  # another writer inserted it first
                    c.execute(update(t).where(where).values(**values))

    def claim(self, device, message_id, user, turn):
        self._put(device, message_id, user_id=user, turn=turn, answer=None)

    def release(self, device, message_id):
        from sqlalchemy import delete

        t = self.table
        with self.store.engine.begin() as c:
            c.execute(delete(t).where(t.c.device == device, t.c.message_id == message_id, t.c.answer.is_(None)))

    def remember(self, device, message_id, answer, user=None):
        self._put(device, message_id, user_id=user, answer=self.store.cipher.seal(answer))

    def forget_user(self, device, user):
        from sqlalchemy import delete

        with self.store.engine.begin() as c:
            return c.execute(delete(self.table).where(self.table.c.device == device, self.table.c.user_id == user)).rowcount

    def prune(self):
        """Answers are needed only while a broker may still redeliver; they hold user data."""
        from sqlalchemy import delete

        cutoff = datetime.now(timezone.utc) - self.max_age
        with self.store.engine.begin() as c:
            return c.execute(delete(self.table).where(self.table.c.at < cutoff)).rowcount


# the bridge ------------------------------------------------------------------------------------
@dataclass
class _Job:
    """A received message: acknowledged once every answer published for it is acknowledged."""

    message: object
    generation: int  # the connection it arrived on: its packet id means nothing on another one
    key: tuple
    mids: list[int] = field(default_factory=list)


class MqttBridge:
    def __init__(self, broker: str, agent, prefix: str = "empathic", client_id: str = "empathic-bridge",
                 cache: IdempotencyCache | None = None, heartbeat_s: float = 60.0, username: str | None = None,
                 password: str | None = None, ca_file: str | None = None, tenant: str = DEFAULT_TENANT):
        """``broker``: ``mqtt://`` or ``mqtts://`` (TLS, verified against ``ca_file`` or the system's CAs).
        Device users live in ``tenant``; consent, erasure and error codes go through the same
        application layer as HTTP and WebSocket (``empathic.service.application``)."""
        from empathic.service.application import Application, check_tenant
        from empathic.service.settings import Settings

        self.mqtt = require("paho.mqtt.client", "iot", "paho-mqtt")
        self.host, self.port, tls = parse_broker(broker)
        self.agent, self.prefix, self.tenant = agent, prefix, check_tenant(tenant)
        self.core = Application(Settings(database_url=agent.store.url, default_preset=agent.preset.name,
                                         max_id_chars=129, rate_limit_per_minute=0), store=agent.store)
        self.core._agents[agent.preset.name] = agent  # the bridge's agent serves its turns
        self.cache = cache if cache is not None else SqlIdempotencyCache(agent.store)
        self.client = self.mqtt.Client(self.mqtt.CallbackAPIVersion.VERSION2, client_id=client_id,
                                       clean_session=False, manual_ack=True)
        if tls:
            self.client.tls_set(ca_certs=ca_file)
        if username is not None:
            self.client.username_pw_set(username, password)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.on_publish = self._on_publish
        self.client.reconnect_delay_set(min_delay=1, max_delay=5)
        self.connected = threading.Event()
        self.handled = self.duplicates = self.errors = self.offline_publishes = 0
        self.last_error: str | None = None
        self.heartbeat_s = heartbeat_s
        self._states: dict[str, dict] = {}
        self._next_turn: dict[str, int] = {}
        # turns run on a worker, not on paho's network thread: a turn takes long, and the network
        # thread must keep reading the broker's acknowledgements meanwhile
        self._inbox: queue.Queue = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="empathic-mqtt-worker", daemon=True)
        self._lock = threading.Condition()  # guards what the network thread shares with the worker
        self._published: set[int] = set()
        self._generation = 0
        self._fresh_session = 0  # first generation of the broker session now held
        self._jobs: collections.deque[_Job] = collections.deque()
        self._unacked: collections.OrderedDict[tuple, int] = collections.OrderedDict()
        self._last_beat = time.monotonic()

    # lifecycle ---------------------------------------------------------------------
    def start(self, timeout: float = 10.0) -> "MqttBridge":
        self._worker.start()
        self.client.connect_async(self.host, self.port, keepalive=30)
        self.client.loop_start()
        if not self.connected.wait(timeout):
            self.stop()
            raise ConnectionError(f"no MQTT broker answered at {self.host}:{self.port}")
        return self

    def stop(self) -> None:
        self._inbox.put(None)
        self._worker.join(timeout=30 + DRAIN_S)
        self.client.disconnect()
        self.client.loop_stop()

    @property
    def worker_alive(self) -> bool:
        return self._worker.is_alive()

    @property
    def healthy(self) -> bool:
        return self.worker_alive and self.connected.is_set()

    @property
    def pending(self) -> int:
        return len(self._jobs)

    def _on_connect(self, client, userdata, flags, reason_code, properties=None):
        if reason_code.is_failure:
            log.warning("broker refused the connection: %s", reason_code)
            return
        with self._lock:
            self._generation += 1
            if not flags.session_present:  # nothing from before will be redelivered
                self._fresh_session = self._generation
                self._unacked.clear()
        client.subscribe([(f"{self.prefix}/+/{kind}", 1) for kind in ("in", "consent", "erase")])
        self.connected.set()
        log.info("connected to %s:%d (session %s)", self.host, self.port,
                 "resumed" if flags.session_present else "new")

    def _on_disconnect(self, client, userdata, flags, reason_code, properties=None):
        self.connected.clear()
        log.warning("disconnected from %s:%d (%s); reconnecting", self.host, self.port, reason_code)

    def _on_message(self, client, userdata, message):
        self._inbox.put((message, self._generation))

    def _on_publish(self, client, userdata, mid, reason_code=None, properties=None):
        with self._lock:
            self._published.add(mid)
            self._lock.notify_all()
        self._inbox.put(_WAKE)

    # the worker: never dies ------------------------------------------------------------
    def _work(self) -> None:
        while True:
            try:
                item = self._inbox.get(timeout=1.0)
            except queue.Empty:
                item = _WAKE
            if item is None:
                break
            try:
                if item is not _WAKE:
                    self._wait_for_room()
                    self._receive(*item)
                self._settle()
                self._heartbeat()
            except Exception as exc:  # one message, the broker or the database failing must not stop the bridge
                self._failed(exc, "bridge worker")
        self._drain()

    def _failed(self, exc: BaseException, where: str) -> None:
        self.errors += 1
        try:  # shown in the status line: redacted, as an exception's text may quote a user's message
            from empathic.safety.redact import redact

            detail = redact(str(exc))[:200]
        except Exception:
            detail = ""
        self.last_error = f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {where}: {type(exc).__name__}: {detail}"
        log.exception("%s failed", where)

    def _wait_for_room(self) -> None:
        # bounded: while the broker is away answers pile up in paho's queue; stop taking work instead
        while len(self._jobs) >= MAX_PENDING:
            self._settle()
            with self._lock:
                self._lock.wait(1.0)
            self._heartbeat()

    def _drain(self) -> None:
        deadline = time.monotonic() + DRAIN_S
        while self._jobs and self.connected.is_set() and time.monotonic() < deadline:
            self._settle()
            time.sleep(0.05)
        self._settle()
        self._heartbeat(now=True)

    def _heartbeat(self, now: bool = False) -> None:
        if not now and time.monotonic() - self._last_beat < self.heartbeat_s:
            return
        self._last_beat = time.monotonic()
        log.info("mqtt bridge: connected=%s handled=%d pending=%d duplicates=%d offline_publishes=%d errors=%d "
                 "last_error=%s", self.connected.is_set(), self.handled, len(self._jobs), self.duplicates,
                 self.offline_publishes, self.errors, self.last_error)
        try:
            self.cache.prune()
        except Exception as exc:
            self._failed(exc, "pruning the idempotency cache")

    def _settle(self) -> None:
        """Acknowledge, in arrival order (MQTT requires it), each message whose answers are out."""
        while True:
            with self._lock:
                if not self._jobs or not self._published.issuperset(self._jobs[0].mids):
                    return
                job = self._jobs.popleft()
                self._published.difference_update(job.mids)
                current = job.generation == self._generation and self.connected.is_set()
            if current and self.client.ack(job.message.mid, job.message.qos) == self.mqtt.MQTT_ERR_SUCCESS:
                with self._lock:
                    if self._unacked.get(job.key) == job.generation:
                        del self._unacked[job.key]
            # else: its packet id belongs to a closed connection; the broker redelivers it (see _receive)
            self.handled += 1

    # messages ------------------------------------------------------------------------
    def _receive(self, message, generation: int) -> None:
        key = (message.topic, message.mid, hashlib.sha256(message.payload).digest())
        job = _Job(message, generation, key)
        with self._lock:
            self._jobs.append(job)
            before = self._unacked.pop(key, None)
            self._unacked[key] = generation
            while len(self._unacked) > 10 * MAX_PENDING:
                self._unacked.popitem(last=False)
            # a copy the broker redelivers after a reconnect of a message handled on an earlier
            # connection of this same broker session: its answer is already out or queued
            redelivered = message.dup and before is not None and self._fresh_session <= before < generation
        parts = message.topic.split("/")
        device = parts[1] if len(parts) == 3 else ""
        message_id = None
        try:
            if not DEVICE.match(device):
                raise InvalidInputError("device id must be 1-64 letters, digits, '-' or '_'")
            if redelivered:
                self.duplicates += 1
                return
            payload = self._payload(message.payload)
            message_id = payload.get("message_id")
            {"consent": self._consent, "erase": self._erase}.get(parts[2], self._turn)(job, device, payload)
        except Exception as exc:  # never let one message stop the bridge; codes as over HTTP
            from empathic.service.errors import describe

            if not isinstance(exc, EmpathicError):
                self._failed(exc, f"message on {message.topic}")
            if DEVICE.match(device):
                self._send(job, device, "error", _with_id(describe(exc)[1], message_id))

    def _send(self, job: _Job, device: str, kind: str, body: dict | None, retain: bool = False) -> None:
        """Hand an answer to paho: sent now, or kept in its queue and sent on reconnect. Never waits."""
        payload = b"" if body is None else json.dumps(body, ensure_ascii=False, default=str).encode()
        info = self.client.publish(f"{self.prefix}/{device}/{kind}", payload, qos=1, retain=retain)
        if info.rc == self.mqtt.MQTT_ERR_NO_CONN:
            self.offline_publishes += 1
        elif info.rc != self.mqtt.MQTT_ERR_SUCCESS:
            raise ConnectionError(f"paho did not queue the answer: {self.mqtt.error_string(info.rc)}")
        job.mids.append(info.mid)

    @staticmethod
    def _payload(raw: bytes) -> dict:
        if len(raw) > MAX_PAYLOAD:
            raise InvalidInputError(f"payload is {len(raw)} bytes; the limit is {MAX_PAYLOAD}")
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InvalidInputError(f"payload must be UTF-8 JSON: {exc}") from None
        if not isinstance(payload, dict):
            raise InvalidInputError("payload must be a JSON object")
        user = payload.get("user_id")
        if not isinstance(user, str) or not 0 < len(user) <= 64 or "/" in user:
            raise InvalidInputError("'user_id' must be a string of 1-64 characters without '/'")
        message_id = payload.get("message_id")
        if message_id is not None and (not isinstance(message_id, str) or not 0 < len(message_id) <= 64):
            raise InvalidInputError("'message_id' must be a string of 1-64 characters")
        return payload

    def _consent(self, job: _Job, device: str, payload: dict) -> None:
        from empathic.safety.policy import MODALITIES

        user = _internal_user(device, payload["user_id"])
        modality, granted = payload.get("modality"), payload.get("granted")
        if modality not in MODALITIES:
            raise InvalidInputError(f"'modality' must be one of {', '.join(MODALITIES)}")
        if not isinstance(granted, bool):  # "false" is truthy: anything but a JSON bool is refused
            raise InvalidInputError("'granted' must be true or false (a JSON boolean)")
        if granted:
            self.core.grant(self.tenant, user, modality, payload.get("purpose"), actor="mqtt")
        else:
            self.core.withdraw(self.tenant, user, modality, actor="mqtt")
        self._send(job, device, "out", _with_id({"consent": modality, "granted": granted}, payload.get("message_id")))

    def _erase(self, job: _Job, device: str, payload: dict) -> None:
        user = payload["user_id"]
        internal, session = _internal_user(device, user), _session_id(device, user, self.tenant)
        counts = self.core.erase(self.tenant, internal, actor="mqtt")  # also forgets cached sessions
        counts["mqtt_messages"] = self.cache.forget_user(device, user)
        self._next_turn.pop(session, None)
        # the retained state is per device: clear it whoever it showed; the next turn republishes
        self._states = {k: v for k, v in self._states.items() if not k.startswith(f"{device}/")}
        self._send(job, device, "state", None, retain=True)
        self._send(job, device, "out", _with_id({"erased": user, "counts": counts}, payload.get("message_id")))

    def _turn(self, job: _Job, device: str, payload: dict) -> None:
        text, audio, image = payload.get("text"), _decode(payload, "audio_b64"), _decode(payload, "image_b64")
        if text is not None and not isinstance(text, str):
            raise InvalidInputError("'text' must be a string")
        if text is None and audio is None and image is None:
            raise InvalidInputError("payload needs 'text', 'audio_b64' or 'image_b64'")
        user, message_id = payload["user_id"], payload.get("message_id")
        session = _session_id(device, user, self.tenant)
        if message_id is not None:
            answer = self._answered(device, user, message_id, session, text)
            if answer is not None:
                self.duplicates += 1
                self._answer(job, device, user, answer, message_id)
                return
            self.cache.claim(device, message_id, user, self._turn_index(session))
        internal = _internal_user(device, user)
        consents = self.core.active_consents(self.tenant, internal)
        if text is not None:
            self.core.check_turn(text)
        if self.agent.store.get_session(session) is None:  # a device's turn starts its session explicitly
            self.agent.store.create_session(session, internal, self.agent.preset.name, self.tenant)
        try:
            result = self.agent.respond(session, internal, text=text, audio=audio, image=image, consents=consents,
                                        tenant=self.tenant)
        except Exception:
            if message_id is not None:  # nothing was stored: a redelivery must run the turn, not match this claim
                self.cache.release(device, message_id)
            raise
        out = result.to_dict()
        self._next_turn[session] = out["turn"] + 1
        if message_id is not None:
            self.cache.remember(device, message_id, out, user)
        self._answer(job, device, user, out, message_id)

    def _answered(self, device: str, user: str, message_id: str, session: str, text: str | None) -> dict | None:
        answer = self.cache.seen(device, message_id)
        if answer is not None:
            return answer
        turn = self.cache.claimed(device, message_id)
        if turn is None:
            return None
        # claimed but not remembered: the bridge stopped mid-turn. If the turn was stored, answer with it
        stored = [t for t in self.agent.store.list_turns(session) if t["index"] == turn]
        if stored and (text is None or stored[0]["user_text"] == text):
            self.cache.remember(device, message_id, stored[0]["result"], user)
            return stored[0]["result"]
        return None

    def _turn_index(self, session: str) -> int:
        if session not in self._next_turn:  # once per session and process; the bridge is its only writer
            self._next_turn[session] = len(self.agent.store.list_turns(session))
        return self._next_turn[session]

    def _answer(self, job: _Job, device: str, user: str, out: dict, message_id: str | None) -> None:
        self._send(job, device, "out", _with_id(out, message_id))
        # retained, so it outlives the turn on the broker: no crisis level or other health detail here
        state = {"user_id": user, "emotion": out["reading"]["top"], "valence": round(out["reading"]["valence"], 2),
                 "arousal": round(out["reading"]["arousal"], 2), "escalating": out["state"].get("escalating")}
        key = f"{device}/{user}"
        changed = {k: v for k, v in state.items() if k not in ("valence", "arousal")}
        if self._states.get(key) != changed:
            self._states[key] = changed
            self._send(job, device, "state", state, retain=True)


def _with_id(body: dict, message_id) -> dict:
    return {**body, "message_id": message_id} if isinstance(message_id, str) else body


def _decode(payload: dict, name: str) -> bytes | None:
    value = payload.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"'{name}' must be a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInputError(f"'{name}' is not valid base64") from None
