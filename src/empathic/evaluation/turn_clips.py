"""The end-of-turn clip set, built offline from ``shared/data`` (never copied into the repository).

Each user turn becomes two examples: the whole utterance (complete, label 1) and the same
utterance cut at a word boundary (cut-off, label 0), both followed by a pause made of the
recording's own quietest stretch, so that silence sounds the same in both classes.
- real speech: RAVDESS (English, cut where Whisper tiny.en puts a word end), nEMO (Polish) and
  the Urdu talk-show clips (cut at a loudness valley between syllables: the English transcriber
  cannot place Polish or Urdu words);
- text turns: ESConv and EmpatheticDialogues seeker turns spoken by hibari's voice, cut mid-clause
  at a word end Whisper finds.
Every cut ends on the energy minimum near the boundary with a 20 ms fade, as complete turns end,
so an abrupt cut cannot give the label away. Splits are by speaker (real speech) and by dialogue
(text turns): no speaker or dialogue is in both. The set is cached under ``~/.cache/empathic``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from empathic.datasets.paths import data_dir

RATE = 16_000
HOP = 160
FADE = int(0.02 * RATE)
CACHE = Path(os.environ.get("EMPATHIC_CACHE", Path.home() / ".cache" / "empathic")) / "turn_clips_v1.pkl"
TEST_SPEAKERS = {"ravdess": {f"{a:02d}" for a in range(19, 25)}, "nemo": {"KS0", "WR0"},
                 "urdu": {"SM4", "SF6", "SF1", "SF2", "SF3", "SM17", "SM18"}}


@dataclass
class TurnClip:
    source: str  # ravdess, nemo, urdu, esconv, dialogues
    group: str  # speaker or dialogue: the unit of the split
    split: str  # train or test
    complete: bool
    speech: np.ndarray  # 16 kHz float32, up to the end of the last word kept
    noise: np.ndarray  # the recording's quietest 300 ms, tiled to make pauses
    transcript: str | None  # English words up to the cut (None where the transcriber cannot follow)

    def with_pause(self, seconds: float) -> np.ndarray:
        n = int(seconds * RATE)
        reps = -(-n // len(self.noise)) + 1
        tiles = [self.noise if i % 2 == 0 else self.noise[::-1] for i in range(reps)]  # mirrored: no clicks
        return np.concatenate([self.speech, np.concatenate(tiles)[:n]]).astype(np.float32)


def _level(x: np.ndarray) -> np.ndarray:
    frames = np.lib.stride_tricks.sliding_window_view(np.pad(x, (0, 480)), 480)[::HOP]
    return 10 * np.log10((frames.astype(np.float64) ** 2).mean(axis=1) + 1e-10)


def speech_bounds(x: np.ndarray) -> tuple[int, int] | None:
    """First and last sample of loud-enough sound (within 30 dB of the loud frames)."""
    level = _level(x)
    active = np.flatnonzero((level > np.percentile(level, 95) - 30) & (level > np.percentile(level, 5) + 9))
    if len(active) < 20:
        return None
    return int(active[0] * HOP), int(min(len(x), active[-1] * HOP + 480))


def quietest(x: np.ndarray, seconds: float = 0.3) -> np.ndarray:
    """The recording's quietest stretch, or a faint hiss when even that is speech (clips cut
    tightly around the words, talk-show audio under music)."""
    n = int(seconds * RATE)
    level = _level(x)
    speech = np.percentile(level, 90)
    if len(x) > n:
        smooth = np.convolve(level, np.ones(n // HOP) / (n // HOP), mode="valid")[: (len(x) - n) // HOP]
        start = int(smooth.argmin())
        if smooth[start] < speech - 25:
            return x[start * HOP: start * HOP + n].astype(np.float32)
    hiss = np.random.default_rng(len(x)).standard_normal(n) * 10 ** ((speech - 50) / 20)
    return hiss.astype(np.float32)


def end_at(x: np.ndarray, sample: int, search: float = 0.06) -> np.ndarray:
    """``x`` up to the quietest 10 ms frame within ``search`` s of ``sample``, faded out."""
    lo, hi = max(HOP, sample - int(search * RATE)), min(len(x), sample + int(search * RATE))
    if hi > lo:
        level = _level(x[lo:hi])[: max(1, (hi - lo) // HOP)]
        sample = lo + int(level.argmin()) * HOP + HOP // 2
    out = x[:sample].astype(np.float32).copy()
    fade = min(FADE, len(out))
    out[len(out) - fade:] *= np.cos(np.linspace(0, np.pi / 2, fade)) ** 2
    return out


def valley_cut(x: np.ndarray, start: int, end: int, rng) -> int | None:
    """A loudness valley inside the speech (a syllable or word boundary), 0.4 s from the start and
    0.3 s from the end; None when there is none."""
    level = np.convolve(_level(x), np.ones(3) / 3, mode="same")
    lo, hi = (start + int(0.4 * RATE)) // HOP, (end - int(0.3 * RATE)) // HOP
    if hi - lo < 3:
        return None
    inner = level[lo:hi]
    speech = np.median(level[start // HOP: end // HOP])
    minima = np.flatnonzero((inner[1:-1] <= inner[:-2]) & (inner[1:-1] <= inner[2:]) & (inner[1:-1] < speech - 10)) + 1
    if not len(minima):
        return None
    return int((lo + rng.choice(minima)) * HOP)


def word_cut(words: list[dict], end: int, rng, text_cut=None) -> tuple[int, str] | None:
    """A word end before the last word: (sample, words so far)."""
    choices = [k for k in range(1, len(words)) if words[k - 1]["end"] * RATE >= 0.4 * RATE
               and words[k - 1]["end"] * RATE < end - 0.2 * RATE and (text_cut is None or text_cut(words[k - 1]["word"]))]
    if not choices:
        return None
    k = int(rng.choice(choices))
    return int(words[k - 1]["end"] * RATE), " ".join(w["word"] for w in words[:k])


def _pair(source, group, split, x, rng, transcriber=None):
    """The complete and cut-off examples of one recording (16 kHz), or [] when it has no cut."""
    bounds = speech_bounds(x)
    if bounds is None or bounds[1] - bounds[0] < 0.8 * RATE:
        return []
    start, end = bounds
    noise = quietest(x)
    whole_text, cut_text, cut = None, None, None
    if transcriber is not None:
        text, words = transcriber.transcribe_samples(x)
        whole_text = text
        # mid-clause: never right after a full stop or comma
        found = word_cut(words, end, rng, lambda w: not re.search(r"[.,!?;:]$", w)) if words else None
        if found:
            cut, cut_text = found
    else:
        cut = valley_cut(x, start, end, rng)
    if cut is None:
        return []
    clean = lambda t: re.sub(r"[^\w' ]", "", t).strip() if t else None  # noqa: E731
    first = max(0, start - int(0.1 * RATE))
    return [TurnClip(source, group, split, True, end_at(x, end + int(0.04 * RATE))[first:], noise, clean(whole_text)),
            TurnClip(source, group, split, False, end_at(x, cut)[first:], noise, clean(cut_text))]


def _load(path) -> np.ndarray:
    from empathic.voice.audio import load_audio

    return load_audio(path)


def real_speech(limit: int, rng, transcriber) -> list[TurnClip]:
    clips = []
    ravdess = sorted(data_dir("ravdess").glob("Actor_*/*.flac"))
    for path in ravdess[:: max(1, len(ravdess) // limit)][:limit]:
        actor = path.stem.split("-")[-1]
        clips += _pair("ravdess", actor, "test" if actor in TEST_SPEAKERS["ravdess"] else "train",
                       _load(path), rng, transcriber)
    nemo = sorted(data_dir("nemo_subset").glob("*/*.flac"))
    for path in nemo[:: max(1, len(nemo) // limit)][:limit]:
        speaker = path.parent.name
        clips += _pair("nemo", speaker, "test" if speaker in TEST_SPEAKERS["nemo"] else "train", _load(path), rng)
    for path in sorted(data_dir("urdu_ser").glob("*/*.flac"))[:limit]:
        speaker = path.stem.split("_")[0]
        clips += _pair("urdu", speaker, "test" if speaker in TEST_SPEAKERS["urdu"] else "train", _load(path), rng)
    return clips


def seeker_turns(limit: int) -> list[tuple[str, str, str]]:
    """(source, dialogue id, text) of seeker turns of 6-30 words: ESConv train/test files
    give the split; EmpatheticDialogues (validation dialogues) is split by a hash of the id."""
    turns = []
    for split in ("train", "test"):
        with open(data_dir("esconv") / f"{split}.jsonl") as f:
            for n, line in enumerate(f):
                dialog = json.loads(line)["dialog"]
                for item in dialog:
                    if item["speaker"] == "usr" and 6 <= len(item["text"].split()) <= 30:
                        turns.append(("esconv", f"{split}-{n}", item["text"].strip()))
    with open(data_dir("empathetic_dialogues") / "dialogues_valid.csv", newline="") as f:
        for row in csv.DictReader(f):
            text = row["utterance"].replace("_comma_", ",")
            if row["utterance_idx"] in ("1", "3") and 6 <= len(text.split()) <= 30:  # the seeker opens
                turns.append(("dialogues", row["conv_id"], text.strip()))
    rng = np.random.default_rng(7)
    rng.shuffle(turns)
    per_source = {"esconv": int(limit * 0.65), "dialogues": limit - int(limit * 0.65)}
    chosen, seen = [], set()
    for source, group, text in turns:
        if per_source[source] > 0 and group not in seen:  # one turn per dialogue: no near-duplicates
            chosen.append((source, group, text))
            per_source[source] -= 1
            seen.add(group)
    return chosen


def _split_of(source: str, group: str) -> str:
    if source == "esconv":
        return "test" if group.startswith("test") else "train"
    return "test" if int(hashlib.sha1(group.encode()).hexdigest(), 16) % 10 < 3 else "train"


def spoken_text(limit: int, rng, transcriber) -> list[TurnClip]:
    from scipy.signal import resample_poly

    from empathic.voice.speech import SpeechSynthesizer

    voice = SpeechSynthesizer()
    clips = []
    for source, group, text in seeker_turns(limit):
        try:
            speech = resample_poly(voice.speak(text), 2, 3).astype(np.float32)  # 24 -> 16 kHz
        except Exception:  # noqa: BLE001  a text hibari cannot speak is skipped
            continue
        quiet = (np.random.default_rng(len(clips)).standard_normal(int(0.6 * RATE)) * 3e-4).astype(np.float32)
        padded = np.concatenate([quiet[: RATE // 4], speech, quiet])  # a room's hiss, not digital zero
        clips += _pair(source, group, _split_of(source, group), padded, rng, transcriber)
    return clips


def build(real_limit: int = 700, text_limit: int = 600, log=print) -> list[TurnClip]:
    from empathic.voice.transcribe import Transcriber

    rng = np.random.default_rng(16)
    transcriber = Transcriber()
    clips = real_speech(real_limit, rng, transcriber)
    log(f"real speech: {len(clips)} examples")
    clips += spoken_text(text_limit, rng, transcriber)
    log(f"with spoken text turns: {len(clips)} examples")
    return clips


def load_clips(rebuild: bool = False, log=print, **sizes) -> list[TurnClip]:
    """The clip set, from the cache when it is there (built once: about 20 minutes on 2 cores)."""
    if CACHE.is_file() and not rebuild:
        with open(CACHE, "rb") as f:
            return pickle.load(f)  # our own cache file, written below
    clips = build(log=log, **sizes)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with open(CACHE.with_suffix(".tmp"), "wb") as f:
        pickle.dump(clips, f)
    CACHE.with_suffix(".tmp").replace(CACHE)
    return clips


def telephone(x: np.ndarray) -> np.ndarray:
    """300-3400 Hz band, through 8 kHz and back to 16 kHz (what a phone line leaves)."""
    from scipy.signal import butter, resample_poly, sosfilt

    band = sosfilt(butter(4, [300, 3400], btype="bandpass", fs=RATE, output="sos"), x)
    return resample_poly(resample_poly(band, 1, 2), 2, 1).astype(np.float32)
