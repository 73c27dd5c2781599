"""End of turn: has the speaker finished, or only paused? From the last seconds of audio and,
when there is one, the partial transcript.

Prosody over the speech just before the pause (final pitch movement against the speaker's own
level, energy decay, a lengthened last syllable, speaking rate), the pause so far, and text cues
(a trailing filler, conjunction, preposition or article, digits being read out, a question)
feed a one-hidden-layer network whose numpy weights ship in ``empathic/models/turns``. Numpy
only, about a millisecond per decision: it runs at every pause of a live stream.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from empathic.errors import InvalidInputError, ModelNotFoundError
from empathic.voice.features import autocorrelation_pitch, power_spectrum

RATE = 16_000
WINDOW_S = 3.0  # analysis window: the pause and the speech before it
FRAME, HOP = 512, 160  # 32 ms frames every 10 ms
FINAL_S = 0.3  # "the end" of an utterance for pitch and energy movement
MIN_F0, MAX_F0 = 70.0, 400.0
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "turns"

FILLERS = {"um", "uh", "er", "erm", "uhm", "hmm", "mm", "ah", "like"}
CONJUNCTIONS = {"and", "but", "or", "so", "because", "cause", "cuz", "if", "when", "while", "although",
                "though", "that", "which", "who", "whose", "where", "since", "unless", "until", "then", "than",
                "whether", "as", "nor"}
PREPOSITIONS = {"to", "of", "in", "on", "at", "for", "with", "from", "by", "about", "into", "onto", "over",
                "under", "after", "before", "through", "between", "without", "around", "against", "during",
                "towards", "toward", "upon", "within", "across", "behind", "off"}
DETERMINERS = {"the", "a", "an", "my", "your", "his", "her", "their", "our", "its", "this", "these", "those",
               "some", "any", "no", "every", "each", "another", "much", "many", "more", "most", "very", "really",
               "quite", "such", "all"}
OPENERS = {"i", "we", "they", "he", "she", "you", "it", "is", "are", "was", "were", "am", "have", "has", "had",
           "will", "would", "can", "could", "should", "shall", "must", "might", "may", "do", "does", "did", "be",
           "been", "being", "i'm", "it's", "i've", "i'd", "i'll", "we're", "they're", "you're", "gonna", "wanna",
           "going", "want", "need", "think", "feel", "just", "not", "don't", "can't", "didn't", "got", "get", "let",
           "maybe", "also", "even", "still", "kind", "sort", "what", "how", "why"}
NUMBERS = {"zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "double", "triple"}
QUESTION_STARTS = {"what", "why", "how", "when", "where", "who", "which", "whose", "is", "are", "do", "does",
                   "did", "can", "could", "would", "will", "should", "have", "has", "am", "was", "were", "shall"}
CLOSERS = {"too", "though", "anyway", "please", "thanks", "yet", "now", "today", "tonight", "anymore", "lately",
           "either", "okay", "ok", "right", "yes", "no", "yeah", "really", "again", "here", "there", "it", "me",
           "them", "him", "us", "much", "well", "all", "everything", "anything", "nothing", "that", "this"}

PROSODY_NAMES = ("log_pause_s", "speech_s", "final_pitch_slope_st_s", "final_pitch_vs_median_st",
                 "pitch_range_st", "final_voiced_fraction", "final_energy_slope_db_s", "final_energy_vs_speech_db",
                 "last_voiced_run_s", "last_run_vs_mean_run", "final_pitch_flatness_st", "rate_ratio",
                 "no_speech")
TEXT_NAMES = ("has_text", "log_words", "ends_filler", "ends_conjunction", "ends_preposition", "ends_determiner",
              "ends_opener", "ends_number", "reading_digits", "question", "ends_closer")
FEATURE_NAMES = PROSODY_NAMES + TEXT_NAMES
# How long a preset lets people pause. Being cut off is the complaint users of voice agents make
# most, so presets are careful (about 5 % false cut-offs on held-out speakers) unless snappy
# answers matter more than that (game characters: quick, about 15 %).
PRESET_PATIENCE = {"default": "careful", "customer_service": "careful", "wellbeing": "careful",
                   "tutoring": "careful", "hr": "careful", "game_character": "quick"}
MAX_SILENCE = 1.6  # seconds: the turn ends here whatever the model says


def check_samples(samples) -> np.ndarray:
    """16 kHz mono float or int16 samples as float32 in [-1, 1]; anything else is refused."""
    if isinstance(samples, tuple):
        if len(samples) != 2 or samples[1] != RATE:
            raise InvalidInputError(f"end-of-turn detection needs 16 kHz audio; got a (samples, rate) tuple "
                                    f"with rate {samples[1] if len(samples) == 2 else '?'}: resample it first")
        samples = samples[0]
    if not isinstance(samples, np.ndarray):
        raise InvalidInputError(f"samples must be a numpy array of 16 kHz mono audio, got {type(samples).__name__}")
    if samples.ndim == 2 and 1 in samples.shape:
        samples = samples.reshape(-1)
    if samples.ndim != 1:
        raise InvalidInputError(f"samples must be mono (1-D), got shape {samples.shape}: mix down first")
    if samples.dtype != np.int16 and samples.dtype.kind != "f":
        raise InvalidInputError(f"samples must be float or int16 PCM, got {samples.dtype}")
    if len(samples) == 0:
        raise InvalidInputError("samples are empty: no audio to judge")
    if samples.dtype == np.int16:
        return samples.astype(np.float32) / 32768.0
    return np.clip(np.nan_to_num(samples.astype(np.float32, copy=False), nan=0.0), -1.0, 1.0)


def _frames(x: np.ndarray) -> np.ndarray:
    if len(x) < FRAME:
        x = np.pad(x, (0, FRAME - len(x)))
    count = 1 + (len(x) - FRAME) // HOP
    return np.lib.stride_tricks.sliding_window_view(x, FRAME)[::HOP][:count]


def _pitch(frames: np.ndarray) -> np.ndarray:
    """Semitones re 100 Hz per frame, NaN where unvoiced (normalised autocorrelation peak < 0.45)."""
    if not len(frames):
        return np.zeros(0)
    lag, peak = autocorrelation_pitch(power_spectrum(frames), MIN_F0, MAX_F0)
    semitones = 12 * np.log2(RATE / lag / 100.0)
    return np.where(peak > 0.45, semitones, np.nan)


def _runs(mask: np.ndarray) -> list[int]:
    """Lengths of the runs of True, in order."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1))


def _slope(values: np.ndarray) -> float:
    """Least-squares slope per second of a 10 ms series that may hold NaN."""
    index = np.flatnonzero(~np.isnan(values))
    if len(index) < 3:
        return 0.0
    t = index * HOP / RATE
    return float(np.polyfit(t, values[index], 1)[0])


def prosody_features(samples: np.ndarray) -> np.ndarray:
    """The ``PROSODY_NAMES`` values of the audio up to now (checked 16 kHz float32)."""
    x = samples[-int(WINDOW_S * RATE):].astype(np.float64)
    frames = _frames(x)
    level = 10 * np.log10((frames ** 2).mean(axis=1) + 1e-10)
    floor = np.percentile(level, 5)
    top = np.percentile(level, 95)
    # speech: within 30 dB of the loud frames and clearly above the quietest (noise gives neither)
    active = (level > top - 30) & (level > floor + 9) & (level > -70)
    out = np.zeros(len(PROSODY_NAMES))
    last = np.flatnonzero(active)
    if len(last) < 10:
        out[0], out[-1] = np.log(len(x) / RATE + 0.05), 1.0
        return out
    end = last[-1] + 1
    pause = max(0, len(x) - (end - 1) * HOP - FRAME // 2) / RATE
    speech_frames = active[:end]
    # pitch only over the last 1.2 s of speech, every other frame: the cost stays flat and small
    start = max(0, end - int(1.2 * RATE / HOP))
    pitch = np.full(end - start, np.nan)
    pitch[::2] = _pitch(frames[start:end:2].astype(np.float32))
    pitch[1::2] = pitch[:-1:2][: len(pitch[1::2])]
    pitch[~speech_frames[start:]] = np.nan
    voiced = ~np.isnan(pitch)
    final = int(FINAL_S * RATE / HOP)
    median = np.nanmedian(pitch) if voiced.any() else 0.0
    tail_pitch = pitch[-final:]
    tail_voiced = tail_pitch[~np.isnan(tail_pitch)]
    runs = _runs(voiced)
    speech_level = np.percentile(level[:end][speech_frames], 75)
    # syllable nuclei: peaks of the smoothed level over speech; rate at the end vs the window
    smooth = np.convolve(level[:end], np.ones(5) / 5, mode="same")
    peaks = np.zeros(end, bool)
    peaks[1:-1] = (smooth[1:-1] > smooth[:-2]) & (smooth[1:-1] >= smooth[2:]) & speech_frames[1:-1]
    last_second = int(RATE / HOP)
    rate_end = peaks[-last_second:].sum() / max(speech_frames[-last_second:].sum(), 1)
    rate_all = peaks.sum() / max(speech_frames.sum(), 1)
    out[:] = [
        np.log(pause + 0.05),
        min(speech_frames.sum() * HOP / RATE, WINDOW_S),
        np.clip(_slope(tail_pitch), -60, 60) / 10,
        np.clip(np.median(tail_voiced) - median, -12, 12) if len(tail_voiced) else 0.0,
        np.clip(np.nanpercentile(pitch, 90) - np.nanpercentile(pitch, 10), 0, 24) if voiced.sum() >= 3 else 0.0,
        voiced[-final:].mean(),
        np.clip(_slope(level[end - final:end]), -300, 300) / 30,
        np.clip(level[end - 15:end].mean() - speech_level, -40, 10),
        runs[-1] * HOP / RATE if runs else 0.0,
        (runs[-1] / np.mean(runs)) if runs else 0.0,
        np.std(tail_voiced) if len(tail_voiced) >= 3 else 0.0,
        rate_end / rate_all if rate_all else 1.0,
        0.0,
    ]
    return out


_WORD = re.compile(r"[a-z0-9']+")


def text_features(transcript: str | None) -> np.ndarray:
    """The ``TEXT_NAMES`` values of a partial transcript (punctuation ignored: a streaming
    recogniser's full stops say little about whether the speaker will go on)."""
    out = np.zeros(len(TEXT_NAMES))
    words = _WORD.findall(transcript.lower()) if isinstance(transcript, str) else []
    if not words:
        return out
    last = words[-1]
    tail = words[-5:]
    is_number = [w.isdigit() or w in NUMBERS for w in tail]
    out[:] = [1.0, np.log1p(len(words)), last in FILLERS, last in CONJUNCTIONS, last in PREPOSITIONS,
              last in DETERMINERS, last in OPENERS and last not in CLOSERS, is_number[-1],
              is_number[-1] and (sum(is_number) >= 2 or sum(len(w) for w in tail if w.isdigit()) >= 3),
              words[0] in QUESTION_STARTS, last in CLOSERS]
    return out


def features(samples, transcript: str | None = None) -> np.ndarray:
    return np.concatenate([prosody_features(check_samples(samples)), text_features(transcript)])


class EndOfTurnDetector:
    """``probability(samples_16k, transcript=None)``: how likely the speaker has finished.

    ``samples_16k`` is the utterance so far *including* the silence since the last sound (at
    least the last few seconds; older audio is ignored). 16 kHz mono float or int16."""

    def __init__(self, model_dir: str | Path | None = None):
        path = Path(model_dir or MODEL_DIR) / "turns.npz"
        if not path.is_file():
            raise ModelNotFoundError(f"end-of-turn weights not found: {path}")
        weights = np.load(path)
        self.mean, self.scale = weights["mean"], weights["scale"]
        self.w1, self.b1, self.w2, self.b2 = weights["w1"], weights["b1"], weights["w2"], weights["b2"]
        config = Path(model_dir or MODEL_DIR) / "config.json"
        self.config = json.loads(config.read_text()) if config.is_file() else {}
        if tuple(self.config.get("features", FEATURE_NAMES)) != FEATURE_NAMES:
            raise ModelNotFoundError(f"{path} was trained on other features; retrain it (empathic train turns)")

    _shared = None

    @classmethod
    def shared(cls) -> "EndOfTurnDetector":
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    def threshold(self, preset: str = "default") -> float:
        """The decision threshold for a preset (chosen on held-out training speakers)."""
        thresholds = self.config.get("thresholds", {})
        return float(thresholds.get(PRESET_PATIENCE.get(preset, "careful"), 0.5))

    def probability(self, samples_16k, transcript: str | None = None) -> float:
        return float(self.probabilities(features(samples_16k, transcript)[None, :])[0])

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Probabilities for precomputed ``features`` rows (evaluation)."""
        hidden = np.tanh((rows - self.mean) / self.scale @ self.w1 + self.b1)
        return 1.0 / (1.0 + np.exp(-(hidden @ self.w2 + self.b2)))
