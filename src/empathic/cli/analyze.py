"""``empathic analyze``: read the emotion in texts given inline or in a file."""

from __future__ import annotations

import json
from pathlib import Path

from empathic.errors import InvalidInputError

MAX_FILE_BYTES = 50_000_000


def register(sub) -> None:
    p = sub.add_parser("analyze", help="read the emotion expressed in texts")
    p.add_argument("texts", nargs="*", help="texts to analyse")
    p.add_argument("--file", type=Path, help="UTF-8 text file, one input per non-blank line")
    p.add_argument("--json", action="store_true", help="print one JSON object per input")
    p.add_argument("--no-evidence", action="store_true", help="skip word evidence (faster)")
    p.set_defaults(handler=run)


def read_lines(path: Path) -> list[str]:
    """Non-blank lines of a UTF-8 text file, with one-line errors for bad files."""
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInputError(f"{path}: larger than {MAX_FILE_BYTES // 1_000_000} MB")
    data = path.read_bytes()
    if b"\x00" in data:
        raise InvalidInputError(f"{path}: binary file, expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path}: not UTF-8 (invalid byte at offset {exc.start})") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def run(args) -> int:
    from empathic.cli.render import render_reading
    from empathic.text.recognizer import TextEmotionRecognizer

    texts = list(args.texts)
    if args.file:
        texts += read_lines(args.file)
    if not texts:
        raise InvalidInputError("nothing to analyse: give texts or --file")
    recognizer = TextEmotionRecognizer(explain=not args.no_evidence)
    readings = recognizer.recognize_batch(texts)
    for text, reading in zip(texts, readings):
        if args.json:
            print(json.dumps({"text": text, **reading.to_dict()}, ensure_ascii=False))
        else:
            print(render_reading(text, reading))
    return 0
