"""MQTT bridge: devices talk to the agent over a broker (``empathic bridge mqtt``).

Topics (``<prefix>`` is ``empathic``):
- ``<prefix>/<device>/in``: ``{"text": ..., "user_id": ...}`` or ``{"audio_b64": ..., "user_id": ...}``
  (optionally ``"image_b64"``); QoS 1.
- ``<prefix>/<device>/consent``: ``{"user_id": ..., "modality": "voice", "purpose": ..., "granted": true}``.
- ``<prefix>/<device>/out``: the turn result (its reply under ``"reply"``), QoS 1.
- ``<prefix>/<device>/state``: the user's emotional state, retained, published when it changes.
- ``<prefix>/<device>/error``: ``{"error": code, "detail": ...}`` for a payload that cannot be used.

Each device and user gets its own session (``mqtt:<device>:<user>``) and its own consents
(stored for user ``mqtt/<device>/<user>``). The bridge keeps a persistent broker session
(fixed client id, clean_session off) and acknowledges a message only after its answer is
published, so a bridge or broker restart loses no acknowledged message: the broker redelivers
whatever was not acknowledged, and queues what arrives while the bridge is away.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import queue
import re
import threading
from urllib.parse import urlparse

from empathic.errors import EmpathicError, InvalidInputError, require

log = logging.getLogger(__name__)
DEVICE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_PAYLOAD = 8_000_000


def parse_broker(url: str) -> tuple[str, int]:
    parsed = urlparse(url if "://" in url else f"mqtt://{url}")
    if parsed.scheme not in ("mqtt", "tcp") or not parsed.hostname:
        raise InvalidInputError(f"broker must look like mqtt://host:port, got {url!r}")
    return parsed.hostname, parsed.port or 1883


class MqttBridge:
    def __init__(self, broker: str, agent, prefix: str = "empathic", client_id: str = "empathic-bridge"):
        self.mqtt = require("paho.mqtt.client", "iot", "paho-mqtt")
        self.host, self.port = parse_broker(broker)
        self.agent, self.prefix = agent, prefix
        self.client = self.mqtt.Client(self.mqtt.CallbackAPIVersion.VERSION2, client_id=client_id,
                                       clean_session=False, manual_ack=True)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(min_delay=1, max_delay=5)
        self.connected = threading.Event()
        self.handled = 0
        self._states: dict[str, dict] = {}
        # turns run on a worker, not on paho's network thread: publishing and waiting for the
        # broker's acknowledgement from inside a callback would block the thread that reads it
        self._inbox: queue.Queue = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="empathic-mqtt-worker", daemon=True)

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
        self._worker.join(timeout=30)
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client, userdata, flags, reason_code, properties=None):
        if reason_code.is_failure:
            log.warning("broker refused the connection: %s", reason_code)
            return
        client.subscribe([(f"{self.prefix}/+/in", 1), (f"{self.prefix}/+/consent", 1)])
        self.connected.set()
        log.info("connected to %s:%d", self.host, self.port)

    # messages ------------------------------------------------------------------------
    def _on_message(self, client, userdata, message):
        self._inbox.put(message)

    def _work(self) -> None:
        while (message := self._inbox.get()) is not None:
            self._handle(message)

    def _handle(self, message) -> None:
        parts = message.topic.split("/")
        device = parts[1] if len(parts) == 3 else ""
        try:
            if not DEVICE.match(device):
                raise InvalidInputError("device id must be 1-64 letters, digits, '-' or '_'")
            payload = self._payload(message.payload)
            if parts[2] == "consent":
                self._consent(device, payload)
            else:
                self._turn(device, payload)
        except EmpathicError as exc:
            if DEVICE.match(device):
                code = getattr(exc, "code", "invalid_input" if isinstance(exc, InvalidInputError) else "error")
                self._publish(f"{self.prefix}/{device}/error", {"error": code, "detail": str(exc)})
        except Exception as exc:  # never let one message stop the bridge
            log.exception("message on %s failed", message.topic)
            if DEVICE.match(device):
                self._publish(f"{self.prefix}/{device}/error", {"error": "internal", "detail": type(exc).__name__})
        finally:
            self.client.ack(message.mid, message.qos)  # only now: the answer (or error) is already out
            self.handled += 1

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
        return payload

    def _consent(self, device: str, payload: dict) -> None:
        from empathic.safety.policy import new_consent

        user = f"mqtt/{device}/{payload['user_id']}"
        modality, granted = payload.get("modality"), payload.get("granted", True)
        if granted:
            self.agent.store.grant_consent(new_consent(user, modality, payload.get("purpose")))
        else:
            self.agent.store.withdraw_consent(user, modality)
        self.agent.store.audit("consent_granted" if granted else "consent_withdrawn", None, "mqtt", user, str(modality))
        self._publish(f"{self.prefix}/{device}/out", {"consent": modality, "granted": granted})

    def _turn(self, device: str, payload: dict) -> None:
        text, audio, image = payload.get("text"), _decode(payload, "audio_b64"), _decode(payload, "image_b64")
        if text is not None and not isinstance(text, str):
            raise InvalidInputError("'text' must be a string")
        if text is None and audio is None and image is None:
            raise InvalidInputError("payload needs 'text', 'audio_b64' or 'image_b64'")
        user = f"mqtt/{device}/{payload['user_id']}"
        consents = self.agent.store.active_consents(user)
        result = self.agent.respond(f"mqtt:{device}:{payload['user_id']}", user, text=text, audio=audio, image=image,
                                    consents=consents)
        out = result.to_dict()
        self._publish(f"{self.prefix}/{device}/out", out)
        state = {"user_id": payload["user_id"], "emotion": result.reading.top,
                 "valence": round(result.reading.valence, 2), "arousal": round(result.reading.arousal, 2),
                 "escalating": out["state"].get("escalating"), "crisis_level": result.safety.level}
        key = f"{device}/{payload['user_id']}"
        changed = {k: v for k, v in state.items() if k not in ("valence", "arousal")}
        if self._states.get(key) != changed:
            self._states[key] = changed
            self._publish(f"{self.prefix}/{device}/state", state, retain=True)

    def _publish(self, topic: str, body: dict, retain: bool = False) -> None:
        info = self.client.publish(topic, json.dumps(body, ensure_ascii=False, default=str), qos=1, retain=retain)
        info.wait_for_publish(timeout=10)


def _decode(payload: dict, field: str) -> bytes | None:
    value = payload.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"'{field}' must be a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInputError(f"'{field}' is not valid base64") from None
