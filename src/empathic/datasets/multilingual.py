"""Six-emotion (Ekman) examples in many languages for the multilingual text head.

Sources in ``../shared/data`` (each folder's README gives its licence):

* ``brighter``: SemEval-2025 Task 11 track A, 28 languages, multi-label; English has no disgust column
  (its disgust target is unknown, masked in training and left out of its macro-F1);
* ``emoevent``: English and Spanish tweets, one label or ``others`` (= none of the six);
* ``xed``: movie subtitles, Plutchik 8 (anticipation and trust dropped), Finnish and English annotated plus
  projections to other languages; a fixed 15 % of each projection file (by a hash of the text) is held out;
* ``goemotions`` / ``dair_emotion``: English samples mapped to the six emotions.

Every example is ``(text, language, targets)`` with ``targets`` a 6-vector of 1 / 0 / -1 (-1 = unknown).
"""

from __future__ import annotations

import csv
import gzip
import zlib
from dataclasses import dataclass, field

import numpy as np

from empathic.datasets.paths import data_dir
from empathic.errors import DataNotFoundError
from empathic.labels import EKMAN_GROUPS

EMOTIONS = ("anger", "disgust", "fear", "joy", "sadness", "surprise")
# BRIGHTER codes -> ISO 639-1 where one exists (what the language detector returns)
BRIGHTER_ISO = {"afr": "af", "amh": "am", "arq": "ar", "ary": "ar", "chn": "zh", "deu": "de", "eng": "en",
                "esp": "es", "hau": "ha", "hin": "hi", "ibo": "ig", "kin": "rw", "mar": "mr", "orm": "om",
                "pcm": "en", "ptbr": "pt", "ptmz": "pt", "ron": "ro", "rus": "ru", "som": "so", "sun": "su",
                "swa": "sw", "swe": "sv", "tat": "tt", "tir": "ti", "ukr": "uk", "vmw": "vmw", "yor": "yo"}
BRIGHTER_LANGUAGES = tuple(BRIGHTER_ISO)
XED_ISO = {"cn": "zh", "br": "pt", "tw": "zh"}  # XED's own codes (cn, br = Brazilian pt, tw) -> ISO 639-1
XED_PLUTCHIK = {1: "anger", 3: "disgust", 4: "fear", 5: "joy", 6: "sadness", 7: "surprise"}  # 2, 8 dropped
XED_HELD_OUT = 0.15
_GO_TO_EKMAN = {label: group for group, members in EKMAN_GROUPS.items() for label in members}


@dataclass
class Examples:
    texts: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    targets: list[np.ndarray] = field(default_factory=list)

    def add(self, text: str, language: str, source: str, target) -> None:
        text = str(text).strip()
        if text:
            self.texts.append(text)
            self.languages.append(language)
            self.sources.append(source)
            self.targets.append(np.asarray(target, dtype=np.int8))

    def extend(self, other: "Examples") -> "Examples":
        for name in ("texts", "languages", "sources", "targets"):
            getattr(self, name).extend(getattr(other, name))
        return self

    @property
    def matrix(self) -> np.ndarray:
        return np.vstack(self.targets) if self.targets else np.zeros((0, len(EMOTIONS)), np.int8)

    def __len__(self) -> int:
        return len(self.texts)


def _vector(labels) -> list[int]:
    return [int(e in labels) for e in EMOTIONS]


def load_brighter(split: str, languages=BRIGHTER_LANGUAGES) -> Examples:
    """BRIGHTER track A ``train`` or ``dev``; ``languages`` = BRIGHTER codes; language field = the code."""
    out = Examples()
    folder = data_dir("brighter") / "track_a" / split
    for code in languages:
        path = folder / f"{code}.csv.gz"
        if not path.exists():
            raise DataNotFoundError(f"{path} not found (BRIGHTER track A {split}, language {code})")
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                target = [int(row[e]) if row.get(e) not in (None, "") else -1 for e in EMOTIONS]
                out.add(row["text"], code, "brighter", target)
    return out


def load_emoevent(language: str, split: str) -> Examples:
    out = Examples()
    path = data_dir("emoevent") / language / f"{split}.tsv"
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            out.add(row["tweet"], language, "emoevent", _vector({row["emotion"]}))
    return out


def _held_out(text: str) -> bool:
    return zlib.crc32(text.encode("utf-8")) % 1000 < XED_HELD_OUT * 1000


def load_xed(split: str, languages=None, per_language: int | None = None, seed: int = 13) -> Examples:
    """XED: ``train`` = annotated en/fi (+ their neutral lines) and projections outside the held-out hash
    slice; ``dev`` = the held-out slice of the projections only. ``languages``: XED file codes."""
    out = Examples()
    root = data_dir("xed")
    rng = np.random.default_rng(seed)
    files = []
    if split == "train":
        files += [(root / "AnnotatedData" / f"{l}-annotated.tsv", l, False) for l in ("en", "fi")
                  if languages is None or l in languages]
        files += [(root / "AnnotatedData" / f"neu_{l}.txt", l, True) for l in ("en", "fi")
                  if languages is None or l in languages]
    for path in sorted((root / "Projections").glob("*-projections*.tsv")):
        code = path.name.split("-")[0]
        if languages is None or code in languages:
            files.append((path, code, False))
    for path, code, neutral in files:
        rows = []
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 2:
                    continue
                if neutral:
                    rows.append((parts[1], []))
                else:
                    rows.append((parts[0], [XED_PLUTCHIK.get(int(x)) for x in parts[1].split(",")
                                            if x.strip().isdigit()]))
        projected = path.parent.name == "Projections"
        rows = [r for r in rows if (projected and _held_out(r[0])) == (split == "dev")]
        if per_language and len(rows) > per_language:
            rows = [rows[i] for i in sorted(rng.choice(len(rows), per_language, replace=False))]
        for text, labels in rows:
            out.add(text, XED_ISO.get(code, code), f"xed-{'proj' if projected else 'annotated'}", _vector(labels))
    return out


def load_english_sample(limit: int = 8000, seed: int = 13) -> Examples:
    """GoEmotions train (28 labels grouped to Ekman) and dair_emotion train (love -> joy), ``limit`` each."""
    out = Examples()
    rng = np.random.default_rng(seed)
    root = data_dir("goemotions")
    names = (root / "emotions.txt").read_text().split()
    rows = []
    with open(root / "train.tsv", encoding="utf-8") as handle:
        for line in handle:
            text, ids, _ = line.rstrip("\n").split("\t")
            rows.append((text, {_GO_TO_EKMAN[names[int(i)]] for i in ids.split(",")}))
    for i in sorted(rng.choice(len(rows), min(limit, len(rows)), replace=False)):
        out.add(rows[i][0], "en", "goemotions", _vector(rows[i][1]))
    rows = []
    with open(data_dir("dair_emotion") / "train.txt", encoding="utf-8") as handle:
        for line in handle:
            text, _, label = line.rstrip("\n").rpartition(";")
            rows.append((text, {"love": "joy"}.get(label, label)))
    for i in sorted(rng.choice(len(rows), min(limit, len(rows)), replace=False)):
        out.add(rows[i][0], "en", "dair_emotion", _vector({rows[i][1]}))
    return out


def training_examples(xed_per_language: int = 1000, english: int = 4000) -> Examples:
    """Everything the multilingual head trains on (no dev split of any corpus)."""
    out = load_brighter("train")
    out.extend(load_emoevent("en", "train")).extend(load_emoevent("es", "train"))
    out.extend(load_xed("train", per_language=xed_per_language))
    return out.extend(load_english_sample(english))
