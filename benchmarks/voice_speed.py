"""Voice real-time factor on a 60 s recording: emotion alone, and with transcription.

    python benchmarks/voice_speed.py [--runs 3] [--threads 2]

The recording: RAVDESS clips (two actors, all emotions) joined with 0.5 s pauses up to 60 s
(needs ../shared/data); without the data, 60 s of the bundled voice reading text. Reports the
median wall time over --runs and its ratio to the audio's length (RTF; lower is faster), plus
the time text-to-speech takes to speak a typical reply.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

import numpy as np


def recording() -> tuple[np.ndarray, str]:
    from empathic.voice.audio import load_audio

    try:
        from empathic.training.voice import ravdess_files

        clips = [p for p, _, actor in ravdess_files() if actor in (7, 20)]
        pause = np.zeros(8000, np.float32)
        parts, total = [], 0
        for path in clips:
            samples = load_audio(path)
            parts += [samples, pause]
            total += len(samples) + len(pause)
            if total >= 60 * 16000:
                break
        return np.concatenate(parts)[: 60 * 16000], "RAVDESS actors 7 and 20"
    except Exception:  # no data folder: synthetic speech
        from empathic.voice.speech import SpeechSynthesizer
        from scipy.signal import resample_poly

        tts = SpeechSynthesizer()
        text = "I have been waiting for my refund for three weeks and nobody answers my emails. " * 6
        speech = resample_poly(tts.speak(text), 2, 3).astype(np.float32)
        return np.resize(speech, 60 * 16000), "synthetic speech (hibari)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    os.environ["EMPATHIC_THREADS"] = str(args.threads)
    from empathic.voice.recognizer import VoiceEmotionRecognizer
    from empathic.voice.speech import SpeechSynthesizer
    from empathic.voice.transcribe import Transcriber

    samples, source = recording()
    seconds = len(samples) / 16000
    voice = VoiceEmotionRecognizer().load()
    transcriber = Transcriber(voice.encoder)
    voice.analyze((samples[:32000], 16000), transcriber=transcriber)  # warm up
    results = {"recording": source, "seconds": seconds, "threads": args.threads}
    for name, kwargs in (("emotion", {}), ("emotion_and_transcription", {"transcriber": transcriber})):
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            analysis = voice.analyze((samples, 16000), **kwargs)
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        results[name] = {"median_s": round(median, 3), "rtf": round(median / seconds, 4),
                         "utterances": len(analysis.utterances)}
    tts = SpeechSynthesizer()
    reply = "I'm sorry about the delay. Let me check where your refund is and get back to you today."
    tts.speak("Warm up.")
    started = time.perf_counter()
    audio = tts.speak(reply)
    spent = time.perf_counter() - started
    results["speech_output"] = {"audio_s": round(len(audio) / tts.sample_rate, 2), "seconds": round(spent, 3),
                                "rtf": round(spent / (len(audio) / tts.sample_rate), 4)}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
