"""``empathic eval``: each benchmark, our figure beside peers and published numbers."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("eval", help="measure a model on held-out data")
    tasks = p.add_subparsers(dest="task", required=True, metavar="TASK")
    text = tasks.add_parser("text", help="GoEmotions test: 28-label, Ekman and sentiment macro-F1")
    text.add_argument("--no-peers", action="store_true", help="skip NRCLex and nade")
    text.add_argument("--limit", type=int, help="first N dev and test examples only")
    text.add_argument("--model-dir", help="evaluate another text model directory")
    text.set_defaults(handler=run_text)


def run_text(args) -> int:
    from empathic.evaluation.text import evaluate_text, format_report
    from empathic.text.recognizer import TextEmotionRecognizer

    recognizer = TextEmotionRecognizer(args.model_dir, explain=False)
    print(format_report(evaluate_text(recognizer, peers=not args.no_peers, limit=args.limit)))
    return 0
