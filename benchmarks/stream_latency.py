"""Spoken-turn latency over WebSocket, and how many live sessions this machine sustains.

    python benchmarks/stream_latency.py [--sessions 1 2 4 8] [--utterances 4]

Starts ``empathic serve --no-auth`` in its own process, then for each concurrency level opens
that many sessions at once; each streams RAVDESS clips (needs ../shared/data) as 16 kHz PCM in
100 ms chunks at real-time pace, each clip followed by 1.5 s of silence. Latency: from sending
the chunk that holds the clip's last sample (the end of speech) to receiving the turn result.
The server must first hear 0.5 s of silence to know the utterance ended, then transcribe it,
read voice and words, and answer; all of that is inside the figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time

import httpx
import numpy as np

CHUNK = 1600  # 100 ms


def clips(n: int) -> list[np.ndarray]:
    """Clips cut right after their detected speech, so the clip's last sample is the end of speech."""
    from empathic.training.voice import ravdess_files
    from empathic.voice.audio import load_audio
    from empathic.voice.vad import SpeechDetector

    detector = SpeechDetector(pad=0.0)
    files = [p for p, label, actor in ravdess_files() if actor == 16 and label in (3, 4, 5)]
    cut = []
    for path in files[:n]:
        samples = load_audio(path)
        cut.append(samples[: int(detector.segments(samples)[-1].end * 16000)])
    return cut


async def session(base: str, user: str, utterances: list[np.ndarray]) -> list[float]:
    import websockets

    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        sid = (await http.post("/v1/sessions", json={"user_id": user})).json()["id"]
        await http.put(f"/v1/users/{user}/consents/voice", json={"purpose": "benchmark"})
    latencies = []
    async with websockets.connect(base.replace("http", "ws") + f"/v1/sessions/{sid}/stream") as ws:
        await ws.recv()  # ready
        turns: asyncio.Queue = asyncio.Queue()

        async def reader():
            async for raw in ws:
                event = json.loads(raw)
                if event["type"] in ("turn", "error"):
                    await turns.put((time.perf_counter(), event))

        task = asyncio.create_task(reader())
        for speech in utterances:
            audio = np.concatenate([speech, np.zeros(24000, np.float32)])
            pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes()
            end_chunk = (len(speech) - 1) // CHUNK
            ended = None
            started = time.perf_counter()
            for i in range(0, len(audio), CHUNK):
                await ws.send(b"\x01" + pcm[2 * i:2 * (i + CHUNK)])
                if i // CHUNK == end_chunk:
                    ended = time.perf_counter()
                await asyncio.sleep(max(0.0, started + (i + CHUNK) / 16000 - time.perf_counter()))
            received, event = await asyncio.wait_for(turns.get(), timeout=120)
            if event["type"] == "turn":
                latencies.append(received - ended)
        task.cancel()
    return latencies


async def level(base: str, n: int, utterances: list[np.ndarray]) -> dict:
    results = await asyncio.gather(*(session(base, f"bench-{n}-{i}", utterances) for i in range(n)))
    values = sorted(v for r in results for v in r)
    return {"sessions": n, "turns": len(values), "p50_s": round(statistics.median(values), 3),
            "p95_s": round(values[min(len(values) - 1, int(0.95 * len(values)))], 3), "max_s": round(values[-1], 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--utterances", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = subprocess.Popen([sys.executable, "-m", "empathic.cli", "serve", "--no-auth", "--port", str(args.port),
                               "--database-url", "sqlite:///:memory:"], stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        utterances = clips(args.utterances)
        asyncio.run(level(base, 1, utterances[:1]))  # warm the models up
        for n in args.sessions:
            print(json.dumps(asyncio.run(level(base, n, utterances))), flush=True)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
