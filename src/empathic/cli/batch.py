"""``empathic batch``: every reading of every utterance in a file, to Parquet."""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser("batch", help="read every utterance of a JSONL, CSV or Parquet file into Parquet",
                       description="One output row per input row: emotion top label, labels and all scores, "
                                   "valence, arousal, confidence, sarcasm, act, language (voice readings for "
                                   "rows with an audio path); rows that cannot be read get an error column.")
    p.add_argument("input", help="a .jsonl, .csv/.tsv or .parquet file of utterances (or JSONL conversations "
                                 "with a 'turns' list)")
    p.add_argument("--out", required=True, help="the Parquet file to write")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local worker processes (default) or Ray Data")
    p.add_argument("--address", help="an existing Ray cluster (host:port or ray://host:port); default: a local Ray")
    p.add_argument("--workers", type=int, help="processes or Ray actors (default: the CPU count)")
    p.add_argument("--text-column", default="text")
    p.add_argument("--id-column", default="conversation_id", help="conversation id (used when present)")
    p.add_argument("--speaker-column", default="speaker", help="used when present")
    p.add_argument("--audio-column", default="audio", help="audio file paths, relative to the input (used when present)")
    p.add_argument("--labels", help="a custom-label folder from `empathic train text --labels`")
    p.add_argument("--chunk-size", type=int, default=1024, help="rows per task (default 1024)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=run)


def run(args) -> int:
    from empathic.batch import Columns, run_batch

    if args.engine == "local" and args.address:
        print("empathic: --address is for --engine ray", file=sys.stderr)
        return 2
    summary = run_batch(args.input, args.out, engine=args.engine, workers=args.workers, address=args.address,
                        columns=Columns(args.text_column, args.id_column, args.speaker_column, args.audio_column),
                        chunk_size=args.chunk_size, labels=args.labels, progress=not args.quiet)
    print(json.dumps(summary.to_dict(), indent=2))
    return 0
