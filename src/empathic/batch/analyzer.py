"""``BatchAnalyzer``: readings for a chunk of rows, as an Arrow table (one worker's job).

The same callable serves both engines: the local engine's worker processes call it on
chunks, Ray Data's ``map_batches`` builds one per actor (the ONNX models load once, in
``__init__``) and calls it on the same chunks. A row's failure is written in its ``error``
and ``error_kind`` columns; the chunk always comes back whole, in input order.
"""

from __future__ import annotations

from empathic.errors import EmpathicError
from empathic.labels import GOEMOTIONS_LABELS, VOICE_LABELS
from empathic.text.recognizer import MAX_CHARS

INPUT_FIELDS = ("row", "text", "conversation_id", "speaker", "audio", "input_error", "context")
READING_FIELDS = ("top", "labels", "confidence", "valence", "arousal", "sarcasm", "act", "language")


def input_schema():
    import pyarrow as pa

    return pa.schema([("row", pa.int64()), ("text", pa.string()), ("conversation_id", pa.string()),
                      ("speaker", pa.string()), ("audio", pa.string()), ("input_error", pa.string()),
                      ("context", pa.list_(pa.struct([("speaker", pa.string()), ("text", pa.string())])))])


def output_schema():
    import pyarrow as pa

    fields = [("row", pa.int64()), ("conversation_id", pa.string()), ("speaker", pa.string()),
              ("text", pa.string()), ("audio", pa.string()), ("error", pa.string()), ("error_kind", pa.string()),
              ("top", pa.string()), ("labels", pa.list_(pa.string())), ("confidence", pa.float64()),
              ("valence", pa.float64()), ("arousal", pa.float64()), ("sarcasm", pa.float64()),
              ("act", pa.string()), ("language", pa.string())]
    fields += [(f"score_{label}", pa.float64()) for label in GOEMOTIONS_LABELS]
    fields += [("voice_top", pa.string()), ("voice_confidence", pa.float64()), ("voice_valence", pa.float64()),
               ("voice_arousal", pa.float64())]
    fields += [(f"voice_score_{label}", pa.float64()) for label in VOICE_LABELS]
    return pa.schema(fields)


class BatchAnalyzer:
    """Reads every row of a chunk; ``threads`` per model session (one worker = one core)."""

    def __init__(self, threads: int = 1, labels_dir: str | None = None):
        from empathic.text.recognizer import TextEmotionRecognizer

        self.text = TextEmotionRecognizer(explain=False, threads=threads, bucketed=True).load()
        self.custom = None
        if labels_dir:
            from empathic.text.custom import CustomLabelClassifier

            self.custom = CustomLabelClassifier.load(labels_dir, threads=threads)
        self._voice = None

    def __call__(self, chunk):
        """``chunk``: an Arrow table of ``input_schema()``; returns one of ``output_schema()``."""
        import pyarrow as pa

        rows = chunk.to_pylist()
        out = [self._base(r) for r in rows]
        todo = [i for i, r in enumerate(rows) if out[i]["error"] is None and r["text"] is not None]
        self._read_texts(rows, out, todo)
        for i, r in enumerate(rows):
            if r["audio"] and out[i]["error"] is None:
                self._read_audio(r["audio"], out[i])
        schema = output_schema()
        if self.custom is not None:
            schema = schema.append(pa.field("custom_label", pa.string())).append(
                pa.field("custom_confidence", pa.float64()))
        return pa.Table.from_pylist(out, schema=schema)

    # rows -----------------------------------------------------------------------------------------
    def _base(self, r: dict) -> dict:
        out = {name: r[name] for name in ("row", "conversation_id", "speaker", "text", "audio")}
        out["error"] = out["error_kind"] = None
        if r["input_error"]:
            _fail(out, r["input_error"])
        elif r["text"] is None and not r["audio"]:
            _fail(out, "empty: no text")
        elif r["text"] is not None and not r["text"].strip():
            _fail(out, "empty: the text is empty or whitespace only")
        elif r["text"] is not None and len(r["text"]) > MAX_CHARS:
            _fail(out, f"too_long: the text is {len(r['text'])} characters; the limit is {MAX_CHARS}")
        return out

    def _read_texts(self, rows, out, todo) -> None:
        texts = [rows[i]["text"] for i in todo]
        contexts = [rows[i]["context"] for i in todo]
        try:
            readings = self.text.recognize_batch(texts, contexts)
        except EmpathicError:
            readings = None  # one bad text: read them one by one to find it
        for position, i in enumerate(todo):
            try:
                reading = readings[position] if readings else self.text.recognize(texts[position],
                                                                                   contexts[position])
            except EmpathicError as exc:
                _fail(out[i], f"{_kind(exc)}: {exc}")
                continue
            _put_reading(out[i], reading)
        if self.custom is not None:
            ok = [i for i in todo if out[i]["error"] is None]
            for i, (label, confidence) in zip(ok, self.custom.predict_with_confidence([rows[i]["text"] for i in ok])):
                out[i]["custom_label"], out[i]["custom_confidence"] = label, round(confidence, 4)

    def _read_audio(self, path: str, out: dict) -> None:
        try:
            if self._voice is None:
                from empathic.voice.recognizer import VoiceEmotionRecognizer

                self._voice = VoiceEmotionRecognizer().load()
            reading = self._voice.recognize(path)
        except (EmpathicError, OSError, ValueError) as exc:
            _fail(out, f"audio: {path}: {exc}")
            return
        out["voice_top"], out["voice_confidence"] = reading.top, reading.confidence
        out["voice_valence"], out["voice_arousal"] = reading.valence, reading.arousal
        for label, score in reading.scores.items():
            out[f"voice_score_{label}"] = score


def _fail(out: dict, message: str) -> None:
    out["error"] = message
    out["error_kind"] = message.split(":", 1)[0]


def _kind(exc: Exception) -> str:
    text = str(exc)
    if "limit is" in text:
        return "too_long"
    if "must be a str" in text:
        return "wrong_type"
    if "empty" in text:
        return "empty"
    return "invalid"


def _put_reading(out: dict, reading) -> None:
    for name in READING_FIELDS:
        value = getattr(reading, name)
        out[name] = list(value) if name == "labels" else value
    for label, score in reading.scores.items():
        out[f"score_{label}"] = score
