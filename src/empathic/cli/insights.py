"""``empathic insights INPUT --out report.html``: unsupervised insights over many conversations."""

from __future__ import annotations

import sys
from pathlib import Path

from empathic.errors import InvalidInputError

ESCONV_SPLITS = ("train", "valid", "test")


def register(sub) -> None:
    p = sub.add_parser("insights", help="arcs, negative topics, escalations and strategy outcomes over conversations",
                       description="Unsupervised insights over conversations: an HTML report with charts and the "
                                   "same data as JSON beside it. INPUT: JSONL of conversations "
                                   "({\"id\", \"turns\": [{\"speaker\", \"text\"}]}) or JSONL/CSV of utterances "
                                   "(conversation_id, speaker, text[, strategy]); see docs/insights.md.")
    p.add_argument("input", nargs="?", metavar="INPUT", help="a .jsonl or .csv file (or use --esconv)")
    p.add_argument("--out", required=True, metavar="REPORT.html", help="the HTML report to write")
    p.add_argument("--json", metavar="PATH", help="where the JSON goes (default: beside --out, .json)")
    p.add_argument("--esconv", nargs="?", const="all", metavar="SPLITS",
                   help="read ESConv from the shared data instead of INPUT: all (default) or e.g. train,valid")
    p.add_argument("--export", metavar="PATH", help="with --esconv: also write the conversations as insights JSONL")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N conversations")
    p.add_argument("--user-speaker", action="append", metavar="NAME",
                   help="a speaker name that is the user (repeatable; default: user, seeker, customer, ...)")
    p.add_argument("--no-redact", action="store_true", help="quote example texts without replacing personal data")
    p.add_argument("--threads", type=int, default=1, help="ONNX threads (default 1: fastest on a busy machine)")
    p.add_argument("--workers", type=int, default=1, help="processes reading turns in parallel (default 1)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from empathic.insights import analyze_conversations, conversations_from_dicts, load_conversations
    from empathic.insights.loading import USER_SPEAKERS

    speakers = frozenset(s.lower() for s in args.user_speaker) if args.user_speaker else USER_SPEAKERS
    out = Path(args.out)
    json_path = Path(args.json) if args.json else out.with_suffix(".json")
    for path in (out, json_path):
        if not path.parent.is_dir():
            raise InvalidInputError(f"{path}: the folder {path.parent} does not exist")
    if args.limit is not None and args.limit < 1:
        raise InvalidInputError("--limit must be at least 1")
    if args.esconv:
        if args.input:
            raise InvalidInputError("give either INPUT or --esconv, not both")
        loaded = conversations_from_dicts(_esconv(args.esconv, args.export), source=f"ESConv ({args.esconv})",
                                          user_speakers=speakers)
    elif args.input:
        loaded = load_conversations(args.input, speakers)
    else:
        raise InvalidInputError("give an INPUT file (.jsonl or .csv) or --esconv")
    if args.limit:
        loaded.conversations = loaded.conversations[:args.limit]
    if args.workers < 1 or args.threads < 1:
        raise InvalidInputError("--workers and --threads must be at least 1")
    report = analyze_conversations(loaded, redact_pii=not args.no_redact, threads=args.threads,
                                   workers=args.workers, progress=_progress)
    report.to_html(out)
    report.to_json(json_path)
    print(file=sys.stderr)
    for name, line in report.takeaways().items():
        print(f"{name}: {line}")
    s, i = report.summary, report.input
    print(f"{s['conversations']} conversations, {s['user_turns']} user turns in {s['seconds']} s; "
          f"skipped {i['skipped_rows']} rows, {i['skipped_turns']} turns")
    print(f"wrote {out} and {json_path}")
    return 0


def _esconv(splits: str, export: str | None) -> list[dict]:
    import json

    from empathic.datasets.esconv import insights_conversations

    chosen = ESCONV_SPLITS if splits == "all" else tuple(s.strip() for s in splits.split(","))
    unknown = [s for s in chosen if s not in ESCONV_SPLITS]
    if unknown:
        raise InvalidInputError(f"--esconv: unknown split(s) {', '.join(unknown)}; use {', '.join(ESCONV_SPLITS)} or all")
    conversations = insights_conversations(chosen)
    if export:
        with open(export, "w", encoding="utf-8") as f:
            for c in conversations:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
    return conversations


def _progress(done: int, total: int) -> None:
    print(f"\rreading user turns: {done}/{total}", end="", file=sys.stderr, flush=True)
