"""Live turns over WebSocket: ``/v1/sessions/{id}/stream``.

Client to server:
- text frames, JSON: ``{"type": "text", "text": ...}`` (a typed turn), ``{"type": "end_of_speech"}``
  (close the utterance in progress now), ``{"type": "stats"}``;
- binary frames: first byte ``0x01`` then 16 kHz mono 16-bit little-endian PCM (audio), or ``0x02``
  then a JPEG (a camera frame). Browsers send PCM from an AudioContext (the web app shows how);
  Opus/WebM chunks from MediaRecorder are not decoded: libsndfile reads no WebM container.

Server to client, JSON: ``ready``, ``emotion`` (``modality`` voice or face, at most every 250 ms
per modality), ``transcript`` (``final`` false while speaking, true at the turn), ``end_of_turn``
(at each pause judged: ``silence`` so far, ``probability`` the speaker has finished, the session's
``threshold``), ``turn`` (the turn result), ``crisis`` (when the level first reaches moderate or
rises, with resources), ``error``, ``stats``.

Authentication is the HTTP API key: a Bearer header, or (browsers cannot set headers on a
WebSocket) the first message ``{"type": "auth", "key": ...}`` within 5 s. Keys in the query
string are refused: proxies log URLs. The session must belong to the key's tenant and be
open. Consent is checked per modality before any audio or frame is analysed, and again at
every turn. Erasing the user closes the socket (close code 4410). Back pressure: at
most ``OUTBOX`` events wait for a slow client; beyond that, live emotion updates and partial
transcripts are dropped (counted), turns and alerts are not. A camera frame that arrives while
the previous one is still being read is dropped (counted); at most ``PENDING_TURNS`` spoken
turns wait, further ones are refused with an error event.
"""


import asyncio
import json
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from empathic.errors import EmpathicError, InvalidInputError
from empathic.service.errors import Unauthorized, describe

AUDIO, FRAME = 0x01, 0x02
OUTBOX = 64
PENDING_TURNS = 4
MAX_AUDIO_CHUNK = 64_000  # 2 s of 16 kHz PCM16
EMOTION_INTERVAL = 0.25  # seconds between live updates of one modality
VOICE_INTERVAL, PARTIAL_INTERVAL = 0.5, 1.5
FRAME_FRESH = 2.0  # a camera frame this recent joins a spoken or typed turn
AUTH_TIMEOUT = 5.0
# Live extras (voice readings, partial transcripts) are nice to have; turns are not. Across all
# connections, one extra runs at a time and one that finds it taken is skipped, so on a small
# machine the CPU goes to finishing turns.
_EXTRAS = threading.Semaphore(1)


@dataclass
class LiveSession:
    session_id: str
    user_id: str
    tenant: str
    agent: object
    preset: str = "default"
    segmenter: object = None
    last_emit: dict = field(default_factory=dict)
    busy: set = field(default_factory=set)
    frame: tuple[float, bytes] | None = None
    dropped_frames: int = 0
    dropped_events: int = 0
    pending_turns: int = 0
    pause_transcribed: bool = False  # a partial transcript was asked for at the current pause
    consents: dict = field(default_factory=dict)
    consents_read_at: float = 0.0


def register_stream(app, core) -> None:
    """``core``: the ``Application`` (auth, sessions, consent, turns, erasure)."""
    from fastapi import WebSocket, WebSocketDisconnect
    from starlette.concurrency import run_in_threadpool

    @app.websocket("/v1/sessions/{session_id}/stream")
    async def stream(websocket: WebSocket, session_id: str):
        await websocket.accept()
        try:
            tenant, session = await _open(websocket, core, session_id)
        except WebSocketDisconnect:
            return
        except Exception as exc:  # noqa: BLE001  refused: say why, then close with 4000 + HTTP status
            if not isinstance(exc, EmpathicError):
                exc = Unauthorized('the first message must be {"type": "auth", "key": "<API key>"}')
            status, body, _ = describe(exc)
            await websocket.send_text(json.dumps({"type": "error", **body}))
            await websocket.close(code=4000 + status)
            return
        live = LiveSession(session_id, session["user_id"], tenant, core.agent_for(session["preset"]),
                           preset=session["preset"] or core.settings.default_preset)
        outbox: asyncio.Queue = asyncio.Queue(maxsize=OUTBOX)
        turns: asyncio.Queue = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def close_for_erasure():  # called from the erasing thread
            asyncio.run_coroutine_threadsafe(websocket.close(code=4410), loop)
        unwatch = core.watch(tenant, live.user_id, close_for_erasure)

        async def emit(event: dict, droppable: bool = False) -> None:
            if droppable and outbox.full():
                live.dropped_events += 1
                return
            await outbox.put(event)

        async def sender():
            while True:
                await websocket.send_text(json.dumps(await outbox.get(), default=str))

        async def run_turn(text=None, audio=None):
            image = live.frame[1] if live.frame and time.time() - live.frame[0] < FRAME_FRESH else None
            if image is not None and "face" not in await run_in_threadpool(core.active_consents, tenant, live.user_id):
                image = None  # the frame joined implicitly; the user's typed or spoken turn still counts
            result = await run_in_threadpool(core.turn, tenant, live.session_id, text, audio, image)
            body = result.to_dict()
            if result.transcript is not None:
                await emit({"type": "transcript", "final": True, "text": result.transcript})
            await emit({"type": "turn", "result": body})
            # an alert when the level first reaches moderate or rises; later turns carry a resource line
            if result.safety.requires_crisis_reply and result.safety.change in ("new", "raised"):
                await emit({"type": "crisis", "level": result.safety.level, "resources": body["safety"]["resources"]})

        async def turn_worker():
            while True:
                text, audio = await turns.get()
                try:
                    await run_turn(text, audio)
                except Exception as exc:  # noqa: BLE001  one bad turn must not stop the socket's worker
                    await emit(_error(exc))
                finally:
                    live.pending_turns -= 1

        async def queue_turn(text=None, audio=None):
            if live.pending_turns >= PENDING_TURNS:
                await emit({"type": "error", "error": "busy", "detail": "too many turns waiting; this one was dropped"})
                return
            live.pending_turns += 1
            await turns.put((text, audio))

        async def background(name: str, job, *args):
            """One job of a kind at a time; results become droppable events."""
            live.busy.add(name)
            try:
                event = await run_in_threadpool(job, *args)
                if event and event["type"] == "transcript" and live.segmenter and live.segmenter.in_speech:
                    live.segmenter.transcript = event["text"]  # the words so far join the end-of-turn judgement
                elif name == "partial" and not event:
                    live.pause_transcribed = False  # skipped (another extra was running): ask again
                if event:
                    await emit(event, droppable=True)
            except Exception as exc:  # noqa: BLE001
                await emit(_error(exc), droppable=True)
            finally:
                live.busy.discard(name)

        tasks = [asyncio.create_task(sender()), asyncio.create_task(turn_worker())]
        await emit({"type": "ready", "session_id": session_id, "modalities": ["text", "voice", "face"]})
        try:
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                try:
                    if message.get("text") is not None:
                        await _on_text(message["text"], live, emit, queue_turn)
                    elif message.get("bytes") is not None:
                        await _on_bytes(message["bytes"], live, core, emit, queue_turn, background)
                except Exception as exc:  # noqa: BLE001  a bad message gets an error event, not a dead socket
                    await emit(_error(exc))
        except (WebSocketDisconnect, RuntimeError):  # RuntimeError: closed by erasure while reading
            pass
        finally:
            unwatch()
            for task in tasks:
                task.cancel()


async def _open(websocket, core, session_id: str) -> tuple[str, dict]:
    """Authenticate (header, or the first message) and find the tenant's open session."""
    from starlette.concurrency import run_in_threadpool

    header = websocket.headers.get("authorization")
    key = header[7:].strip() if header and header.startswith("Bearer ") else None
    if websocket.query_params.get("key"):
        raise Unauthorized("keys in the URL are refused (proxies log them); send {\"type\": \"auth\", \"key\": ...} first")
    if key is None and not core.settings.no_auth:
        first = json.loads(await asyncio.wait_for(websocket.receive_text(), AUTH_TIMEOUT))
        if not isinstance(first, dict) or first.get("type") != "auth" or not isinstance(first.get("key"), str):
            raise Unauthorized('the first message must be {"type": "auth", "key": "<API key>"}')
        key = first["key"]
    tenant = await run_in_threadpool(core.authenticate, key)
    session = await run_in_threadpool(core.session, tenant, session_id)
    if session["ended_at"] is not None:
        from empathic.errors import SessionEndedError

        raise SessionEndedError(session_id)
    return tenant, session


def _error(exc: BaseException) -> dict:
    _, body, _ = describe(exc)
    if getattr(exc, "modality", None):
        body["modality"] = exc.modality
    return {"type": "error", **body}


async def _on_text(raw: str, live: LiveSession, emit, queue_turn) -> None:
    try:
        message = json.loads(raw)
    except json.JSONDecodeError:
        raise InvalidInputError("text frames must be JSON objects") from None
    kind = message.get("type") if isinstance(message, dict) else None
    if kind == "text":
        text = message.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InvalidInputError("'text' must be a non-empty string")
        await queue_turn(text=text)
    elif kind == "end_of_speech":
        for utterance in live.segmenter.flush() if live.segmenter else []:
            await queue_turn(audio=(utterance, 16000))
    elif kind == "auth":
        pass  # a client that always authenticates first, also without auth
    elif kind == "stats":
        await emit({"type": "stats", "dropped_frames": live.dropped_frames, "dropped_events": live.dropped_events,
                    "pending_turns": live.pending_turns})
    else:
        raise InvalidInputError("unknown message type; use text, end_of_speech or stats")


async def _on_bytes(data: bytes, live: LiveSession, core, emit, queue_turn, background) -> None:
    if not data:
        raise InvalidInputError("empty binary frame")
    kind, body = data[0], data[1:]
    from starlette.concurrency import run_in_threadpool

    modality = {AUDIO: "voice", FRAME: "face"}.get(kind)
    if modality is None:
        raise InvalidInputError("binary frames start with 0x01 (PCM audio) or 0x02 (JPEG frame)")
    if time.time() - live.consents_read_at > 1.0:  # a withdrawal takes effect within a second
        live.consents = await run_in_threadpool(core.active_consents, live.tenant, live.user_id)
        live.consents_read_at = time.time()
    live.agent.policy.check(live.user_id, modality, live.consents)
    if kind == AUDIO:
        if len(body) > MAX_AUDIO_CHUNK or len(body) % 2:
            raise InvalidInputError(f"audio chunks are 16-bit PCM of at most {MAX_AUDIO_CHUNK} bytes")
        if live.segmenter is None:
            live.segmenter = await run_in_threadpool(_segmenter, live.preset)
        samples = np.frombuffer(body, dtype="<i2").astype(np.float32) / 32768.0
        ended = live.segmenter.feed(samples)
        for silence, probability in live.segmenter.decisions:
            await emit({"type": "end_of_turn", "silence": round(silence, 3), "probability": round(probability, 3),
                        "threshold": live.segmenter.turn_threshold}, droppable=True)
        live.segmenter.decisions.clear()
        for utterance in ended:
            await queue_turn(audio=(utterance, 16000))
        await _live_voice(live, core, background)
    else:
        if len(body) > core.settings.max_image_bytes:
            raise InvalidInputError(f"frames are limited to {core.settings.max_image_bytes} bytes")
        live.frame = (time.time(), body)
        if "face" in live.busy:
            live.dropped_frames += 1
            return
        if time.time() - live.last_emit.get("face", 0) >= EMOTION_INTERVAL:
            live.last_emit["face"] = time.time()
            asyncio.create_task(background("face", _read_face, core.face_recognizer, body))


async def _live_voice(live: LiveSession, core, background) -> None:
    """While someone speaks: a voice reading every 0.5 s, a partial transcript every 1.5 s and
    at the start of each pause (the words so far are the end-of-turn model's best cue), each
    skipped while another connection's extra is running or this one has turns waiting."""
    if not live.segmenter.in_speech or live.pending_turns:
        live.pause_transcribed = False
        return
    now = time.time()
    speech = live.segmenter.speech()
    if len(speech) < 8000:
        return
    if live.segmenter.silence == 0.0:
        live.pause_transcribed = False
    if "voice" not in live.busy and now - live.last_emit.get("voice", 0) >= VOICE_INTERVAL:
        live.last_emit["voice"] = now
        asyncio.create_task(background("voice", _read_voice, core.voice_recognizer, speech[-48000:]))
        return  # extras run one at a time: the partial transcript waits for the next chunk
    pause_began = live.segmenter.silence >= 0.1 and not live.pause_transcribed
    since = now - live.last_emit.get("partial", 0)
    if not live.busy and ((pause_began and since >= 0.5) or since >= PARTIAL_INTERVAL):
        live.last_emit["partial"] = now
        live.pause_transcribed = live.pause_transcribed or pause_began
        asyncio.create_task(background("partial", _partial, core.voice_recognizer, speech[-160000:]))


def _segmenter(preset: str):
    """Utterances end when the end-of-turn model says the speaker has finished (judged at every
    pause from 100 ms on, with the preset's threshold), or after ``MAX_SILENCE`` of silence."""
    from empathic.voice.turns import MAX_SILENCE, EndOfTurnDetector
    from empathic.voice.vad import StreamingSegmenter

    detector = EndOfTurnDetector.shared()
    return StreamingSegmenter(end_of_turn=detector.probability, turn_threshold=detector.threshold(preset),
                              max_silence=MAX_SILENCE)


def _read_face(recognizer, jpeg: bytes) -> dict | None:
    faces = recognizer.recognize(jpeg)
    if not faces:
        return {"type": "emotion", "modality": "face", "reading": None, "detail": "no face in view"}
    return {"type": "emotion", "modality": "face", "reading": faces[0].reading.to_dict(),
            "box": faces[0].box.to_dict()}


def _extra(job):
    def run(*args):
        if not _EXTRAS.acquire(blocking=False):
            return None
        try:
            return job(*args)
        finally:
            _EXTRAS.release()
    return run


@_extra
def _read_voice(recognizer, samples: np.ndarray) -> dict:
    return {"type": "emotion", "modality": "voice", "reading": recognizer.read_utterance(samples).to_dict()}


@_extra
def _partial(recognizer, samples: np.ndarray) -> dict | None:
    from empathic.voice.transcribe import Transcriber

    text, _ = Transcriber(recognizer.encoder).transcribe_samples(samples)
    return {"type": "transcript", "final": False, "text": text} if text else None
