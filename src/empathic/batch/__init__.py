"""Batch analytics: every reading of every utterance in a JSONL, CSV or Parquet file, to Parquet.

    from empathic.batch import run_batch
    summary = run_batch("calls.jsonl", "readings.parquet")            # local worker processes
    summary = run_batch("calls.jsonl", "readings.parquet", engine="ray")  # Ray Data on a local Ray

One output row per input row, in input order: the emotion top label, the labels present, all
28 scores, valence, arousal, confidence, sarcasm, dialogue act and language; voice readings
for rows with an audio path; ``error`` / ``error_kind`` for rows that could not be read
(a bad row never stops the job). The output is written to a scratch file and renamed when
complete: a failed job leaves no partial output behind. Needs the ``batch`` extra.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

from empathic.batch.reader import Columns, Row, check_readable, count_rows, read_rows
from empathic.errors import InvalidInputError, MissingDependencyError

__all__ = ["run_batch", "BatchSummary", "Columns"]
ENGINES = ("local", "ray")


@dataclass
class BatchSummary:
    input: str
    output: str
    engine: str
    workers: int
    rows: int = 0
    read: int = 0
    errors: int = 0
    errors_by_kind: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        return {**asdict(self), "rows_per_second": round(self.rows_per_second, 1)}


def run_batch(input_path: str | os.PathLike, output_path: str | os.PathLike, *, engine: str = "local",
              workers: int | None = None, address: str | None = None, columns: Columns = Columns(),
              chunk_size: int = 1024, labels: str | os.PathLike | None = None,
              progress: bool = True) -> BatchSummary:
    """Read every row of ``input_path`` and write the readings to ``output_path`` (Parquet).

    ``workers``: processes (local) or actors (ray), default the CPU count. ``address``: an
    existing Ray cluster (``host:port`` or ``ray://host:port``); without it ``engine="ray"``
    starts a local Ray. ``labels``: a folder written by ``empathic train text --labels``; its
    label and confidence are added as ``custom_label`` / ``custom_confidence``."""
    pa, pq = _arrow()
    if engine not in ENGINES:
        raise InvalidInputError(f"engine must be one of {ENGINES}, got {engine!r}")
    if chunk_size < 1:
        raise InvalidInputError("chunk_size must be at least 1")
    source = check_readable(input_path)
    target = Path(output_path)
    if target.resolve() == source.resolve():
        raise InvalidInputError(f"{target}: the output would overwrite the input")
    if not target.parent.is_dir():
        raise InvalidInputError(f"{target}: folder {target.parent} does not exist")
    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise InvalidInputError("workers must be at least 1")
    total = count_rows(source)
    if total is not None:  # no idle workers to start (the chunks, hence the output, stay the same)
        workers = max(1, min(workers, -(-total // chunk_size)))
    labels_dir = str(labels) if labels else None
    if labels_dir:
        from empathic.text.custom import CustomLabelClassifier

        CustomLabelClassifier.load(labels_dir)  # a bad folder fails here, before any work
    summary = BatchSummary(str(source), str(target), engine, workers)
    chunks = _chunks(read_rows(source, columns), chunk_size)
    first = next(chunks, None)  # a missing column or unreadable file stops the job here, before any work
    all_chunks = _prepend(first, chunks) if first is not None else iter(())
    started = time.perf_counter()
    from empathic.batch import engines

    if engine == "local":
        results = engines.run_local(all_chunks, workers, labels_dir)
    else:
        results = engines.run_ray(list(all_chunks), workers, address, labels_dir)
    scratch = target.with_name(f".{target.name}.{os.getpid()}.part")
    kinds: Counter = Counter()
    bar = _progress(total, progress)
    writer = None
    try:
        for table in results:
            if writer is None:
                writer = pq.ParquetWriter(scratch, table.schema)
            writer.write_table(table)
            summary.rows += table.num_rows
            kinds.update(k for k in table.column("error_kind").to_pylist() if k)
            if bar is not None:
                bar.update(table.num_rows)
        if writer is None:  # no rows at all: an empty table with the full schema
            from empathic.batch.analyzer import output_schema

            writer = pq.ParquetWriter(scratch, output_schema())
        writer.close()
        writer = None
        os.replace(scratch, target)
    finally:
        if writer is not None:
            writer.close()
        if bar is not None:
            bar.close()
        if scratch.exists():
            scratch.unlink()
    summary.seconds = round(time.perf_counter() - started, 3)
    summary.errors = sum(kinds.values())
    summary.read = summary.rows - summary.errors
    summary.errors_by_kind = dict(sorted(kinds.items()))
    return summary


def _arrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependencyError("pyarrow", "batch") from exc
    return pa, pq


def _chunks(rows: Iterator[Row], size: int) -> Iterator:
    import pyarrow as pa

    from empathic.batch.analyzer import input_schema

    schema = input_schema()
    buffer: list[dict] = []
    for row in rows:
        record = {"row": row.row, "text": row.text, "conversation_id": row.conversation_id,
                  "speaker": row.speaker, "audio": row.audio, "input_error": row.input_error, "context": row.context}
        if record["text"] is not None and not isinstance(record["text"], str):
            record["input_error"] = record["input_error"] or (
                f"wrong_type: the text is a {type(record['text']).__name__}, not a string")
            record["text"] = None
        buffer.append(record)
        if len(buffer) == size:
            yield pa.Table.from_pylist(buffer, schema=schema)
            buffer = []
    if buffer:
        yield pa.Table.from_pylist(buffer, schema=schema)


def _prepend(first, rest):
    yield first
    yield from rest


def _progress(total: int | None, enabled: bool):
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="rows", desc="empathic batch", file=None, dynamic_ncols=True)
