"""Rows of a JSONL, CSV or Parquet file of utterances, in chunks, with per-row input errors.

A row that cannot be read (not UTF-8, malformed JSON, a text that is not a string) becomes a
row with an ``input_error``: it is reported in the output, never dropped and never stops the
job. A file that cannot be opened, or lacks the text column, stops the job before any work
with an error naming the file and the column.

Rows of one conversation (``conversation_id`` column) get their previous turns as context
(oldest first, newest 10), from the file order: the same for every engine and chunking.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from empathic.errors import InvalidInputError, DataNotFoundError

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "csv",
           ".parquet": "parquet", ".pq": "parquet"}
CONTEXT_TURNS = 10


@dataclass(frozen=True)
class Columns:
    """Input column names; ``text`` is required, the others are used when present."""

    text: str = "text"
    conversation_id: str = "conversation_id"
    speaker: str = "speaker"
    audio: str = "audio"


@dataclass
class Row:
    row: int
    text: object = None
    conversation_id: str | None = None
    speaker: str | None = None
    audio: str | None = None
    input_error: str | None = None
    context: list | None = None


def input_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInputError(f"{path}: unknown input format {path.suffix!r}; use .jsonl, .csv or .parquet")
    return fmt


def check_readable(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        raise DataNotFoundError(f"{path}: no such file")
    if not path.is_file():
        raise InvalidInputError(f"{path}: not a file")
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as exc:
        raise InvalidInputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return path


def read_rows(path: str | Path, columns: Columns = Columns()) -> Iterator[Row]:
    """Every row of the file, in order, conversation context attached."""
    path = check_readable(path)
    fmt = input_format(path)
    rows = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt](path, columns)
    history: dict[str, deque] = {}
    base = path.parent
    for row in rows:
        if row.audio is not None and not Path(row.audio).is_absolute():
            row.audio = str(base / row.audio)  # audio paths are relative to the input file
        if row.conversation_id is not None:
            turns = history.setdefault(row.conversation_id, deque(maxlen=CONTEXT_TURNS))
            row.context = [{"speaker": s or "", "text": t} for s, t in turns] or None
            if isinstance(row.text, str) and row.text.strip() and row.input_error is None:
                turns.append((row.speaker, row.text))
        yield row


def count_rows(path: str | Path) -> int | None:
    """Rows in the file, for the progress bar (None when counting would mean reading it twice)."""
    path = Path(path)
    fmt = input_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(path).metadata.num_rows
        except Exception:  # not Parquet: the reader reports it, naming the file
            return None
    if fmt == "jsonl":
        with open(path, "rb") as f:
            first = f.readline()
            if b'"turns"' in first:
                return None  # conversations: rows are their turns
            return sum(1 for line in f if line.strip()) + bool(first.strip())
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        csv.field_size_limit(sys.maxsize)
        try:
            return max(0, sum(1 for fields in csv.reader(f, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
                              if fields) - 1)
        except csv.Error:
            return None


# formats -----------------------------------------------------------------------------------------
def _optional(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _jsonl(path: Path, columns: Columns) -> Iterator[Row]:
    _check_jsonl_columns(path, columns)
    number = 0
    with open(path, "rb") as f:
        for line_no, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            where = f"line {line_no}"
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield Row(number, input_error=f"not_utf8: {where} is not valid UTF-8")
                number += 1
                continue
            except json.JSONDecodeError as exc:
                yield Row(number, input_error=f"malformed: {where} is not valid JSON ({exc.msg})")
                number += 1
                continue
            if not isinstance(obj, dict):
                yield Row(number, input_error=f"malformed: {where} is a JSON {type(obj).__name__}, not an object")
                number += 1
                continue
            if columns.text not in obj and isinstance(obj.get("turns"), list):
                # a conversation per line: {"id"|"conversation_id", "turns": [{"speaker", "text"}, ...]}
                conversation = _optional(obj.get(columns.conversation_id, obj.get("id", f"line-{line_no}")))
                for turn in obj["turns"]:
                    if not isinstance(turn, dict):
                        yield Row(number, conversation_id=conversation,
                                  input_error=f"malformed: {where}: a turn is a {type(turn).__name__}, not an object")
                    else:
                        yield Row(number, turn.get(columns.text), conversation, _optional(turn.get(columns.speaker)),
                                  _optional(turn.get(columns.audio)))
                    number += 1
                continue
            yield Row(number, obj.get(columns.text), _optional(obj.get(columns.conversation_id)),
                      _optional(obj.get(columns.speaker)), _optional(obj.get(columns.audio)))
            number += 1


def _check_jsonl_columns(path: Path, columns: Columns, sample: int = 1000) -> None:
    """The text column (or a conversation's ``turns``) must appear among the first objects."""
    objects = 0
    with open(path, "rb") as f:
        for raw in f:
            try:
                obj = json.loads(raw)
            except ValueError:  # undecodable or malformed lines are reported per row later
                continue
            if isinstance(obj, dict):
                if columns.text in obj or isinstance(obj.get("turns"), list):
                    return
                objects += 1
                if objects >= sample:
                    break
    if objects:
        raise InvalidInputError(f"{path}: no column {columns.text!r} in the first {objects} rows "
                                f"(nor a 'turns' list); name the text column with --text-column")


def _csv(path: Path, columns: Columns) -> Iterator[Row]:
    csv.field_size_limit(sys.maxsize)  # a long field is read whole; the recognizer reports one over its limit
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    # surrogateescape keeps undecodable bytes as lone surrogates: such a field is reported, the rest read
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise InvalidInputError(f"{path}: the file is empty (no header row)") from None
        except csv.Error as exc:
            raise InvalidInputError(f"{path}: unreadable CSV header ({exc})") from exc
        header = [h.strip().lstrip("\ufeff") for h in header]
        if columns.text not in header:
            raise InvalidInputError(f"{path}: no column {columns.text!r}; columns are {header}")
        index = {name: header.index(name) if name in header else None
                 for name in (columns.text, columns.conversation_id, columns.speaker, columns.audio)}
        number = 0
        while True:
            line = reader.line_num + 1
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield Row(number, input_error=f"malformed: line {line}: {exc}")
                number += 1
                continue
            if not fields:
                continue
            error = None
            if len(fields) != len(header):
                error = f"malformed: line {line} has {len(fields)} fields, the header has {len(header)}"
            for name, i in index.items():
                if i is not None and i < len(fields) and _has_surrogates(fields[i]):
                    error = error or f"not_utf8: line {line}, column {name!r} is not valid UTF-8"
                    # kept for the operator to find, undecodable bytes shown as U+FFFD; never read
                    fields[i] = fields[i].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            get = lambda name: fields[index[name]] if index[name] is not None and index[name] < len(fields) else None  # noqa: E731
            yield Row(number, get(columns.text) or None, get(columns.conversation_id) or None, get(columns.speaker) or None,
                      get(columns.audio) or None, input_error=error)
            number += 1


def _has_surrogates(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def _parquet(path: Path, columns: Columns) -> Iterator[Row]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...: all mean "not a Parquet file"
        raise InvalidInputError(f"{path}: not a readable Parquet file ({exc})") from exc
    names = parquet.schema_arrow.names
    if columns.text not in names:
        raise InvalidInputError(f"{path}: no column {columns.text!r}; columns are {names}")
    wanted = [c for c in (columns.text, columns.conversation_id, columns.speaker, columns.audio) if c in names]
    number = 0
    for batch in parquet.iter_batches(columns=wanted, batch_size=4096):
        data = {name: batch.column(name).to_pylist() for name in wanted}
        for i in range(batch.num_rows):
            text, error = data[columns.text][i], None
            if isinstance(text, bytes):
                try:
                    text = text.decode("utf-8")
                except UnicodeDecodeError:
                    text, error = None, f"not_utf8: column {columns.text!r} is not valid UTF-8"
            yield Row(number, text, _optional(data.get(columns.conversation_id, [None] * batch.num_rows)[i]),
                      _optional(data.get(columns.speaker, [None] * batch.num_rows)[i]),
                      _optional(data.get(columns.audio, [None] * batch.num_rows)[i]), input_error=error)
            number += 1
