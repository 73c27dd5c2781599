"""``empathic audit fairness``: name, gender and dialect gaps in emotion scores."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("audit", help="audits of the shipped models")
    kinds = p.add_subparsers(dest="audit", required=True, metavar="AUDIT")
    fairness = kinds.add_parser("fairness", help="EEC-style name/gender audit and dialect pairs; exit 1 on a gap > 0.03")
    fairness.add_argument("--small", action="store_true", help="a small corpus (seconds)")
    fairness.add_argument("--model-dir", help="audit another text model directory")
    fairness.set_defaults(handler=run_fairness)


def run_fairness(args) -> int:
    from empathic.evaluation.fairness import audit, format_report
    from empathic.safety.crisis import CrisisDetector
    from empathic.text.recognizer import TextEmotionRecognizer

    report = audit(TextEmotionRecognizer(args.model_dir, explain=False), CrisisDetector(), small=args.small)
    print(format_report(report))
    return 0 if report["passes"] else 1
