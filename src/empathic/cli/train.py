"""``empathic train``: reproduce the shipped models from ../shared/data."""

from __future__ import annotations

import logging


def register(sub) -> None:
    p = sub.add_parser("train", help="reproduce a shipped model")
    models = p.add_subparsers(dest="model", required=True, metavar="MODEL")
    text = models.add_parser("text", help="fine-tune the text emotion model on GoEmotions")
    text.add_argument("--output-dir", default="src/empathic/models/text")
    text.add_argument("--epochs", type=int, default=5)
    text.add_argument("--batch-size", type=int, default=32)
    text.add_argument("--learning-rate", type=float, default=8e-5)
    text.add_argument("--limit", type=int, help="train on the first N examples (smoke test)")
    text.add_argument("--seed", type=int, default=13)
    text.add_argument("--labels", help="a CSV (columns text,label) of your own taxonomy: trains a head on the "
                                       "shipped encoders instead of retraining the emotion model (needs --out)")
    text.add_argument("--out", help="with --labels: the folder to write the custom-label model to")
    text.add_argument("--held-out", type=float, default=0.2, help="with --labels: share of rows held out for the report")
    text.set_defaults(handler=run_text)
    strategy = models.add_parser("strategy", help="support-strategy model on ESConv (needs the text model)")
    strategy.add_argument("--output-dir", default="src/empathic/models/strategy")
    strategy.set_defaults(handler=run_strategy)
    face = models.add_parser("face", help="face expression model on FER2013 (GPU if present; resumes)")
    face.add_argument("--output-dir", default="src/empathic/models/face")
    face.add_argument("--architecture", default="resnet-m")
    face.add_argument("--epochs", type=int, default=80)
    face.add_argument("--batch-size", type=int, default=128)
    face.add_argument("--learning-rate", type=float, default=0.05)
    face.add_argument("--device", default="auto", help="auto, cpu or cuda")
    face.add_argument("--packed", help="an .npz from empathic.datasets.fer.pack instead of ../shared/data")
    face.add_argument("--limit", type=int, help="train on the first N images (smoke test)")
    face.add_argument("--seed", type=int, default=13)
    face.set_defaults(handler=run_face)
    voice = models.add_parser("voice", help="voice emotion model on RAVDESS (features cached in ~/.cache/empathic)")
    voice.add_argument("--output-dir", default="src/empathic/models/voice")
    voice.set_defaults(handler=run_voice)
    turns = models.add_parser("turns", help="end-of-turn model on the turn clip set (built once, ~20 min, cached)")
    turns.add_argument("--output-dir", default="src/empathic/models/turns")
    turns.add_argument("--rebuild", action="store_true", help="rebuild the clip set from ../shared/data")
    turns.set_defaults(handler=run_turns)
    context = models.add_parser("strategy-context", help="MiniLM reading the dialogue for the next strategy "
                                "(GPU: minutes; CPU: hours); then rerun `train strategy` to choose the blend")
    context.add_argument("--output-dir", default="src/empathic/models/strategy_context")
    context.add_argument("--epochs", type=int, default=6)
    context.add_argument("--learning-rate", type=float, default=3e-5)
    context.set_defaults(handler=run_strategy_context)
    encoder = models.add_parser("encoder", help="export the base sentence encoder to int8 ONNX")
    encoder.add_argument("--output-dir", default="src/empathic/models/encoder")
    encoder.set_defaults(handler=run_encoder)
    sarcasm = models.add_parser("sarcasm", help="sarcasm head on iSarcasmEval + SemEval-2018 irony (frozen encoders)")
    sarcasm.add_argument("--output-dir", default="src/empathic/models/sarcasm")
    sarcasm.set_defaults(handler=run_heads, head="sarcasm")
    act = models.add_parser("act", help="dialogue-act head on DailyDialog acts (frozen encoders)")
    act.add_argument("--output-dir", default="src/empathic/models/act")
    act.set_defaults(handler=run_heads, head="act")
    crisis = models.add_parser("crisis", help="learned risk model beside the crisis rules (frozen encoder; "
                               "Reddit C-SSRS, SDCNL, Dreaddit, everyday corpora, the development suite)")
    crisis.add_argument("--output-dir", default="src/empathic/models/risk")
    crisis.add_argument("--epochs", type=int, default=2)
    crisis.set_defaults(handler=run_crisis)
    multilingual = models.add_parser("multilingual", help="six-emotion head over the frozen multilingual encoder "
                                     "(BRIGHTER, EmoEvent, XED, English samples; encoder vectors cached)")
    multilingual.add_argument("--output-dir", default="src/empathic/models/multilingual")
    multilingual.add_argument("--epochs", type=int, default=5)
    multilingual.add_argument("--seed", type=int, default=13)
    multilingual.set_defaults(handler=run_multilingual)
    responses = models.add_parser("responses", help="retrieval bank of human replies and its ranker (default: "
                                  "EmpatheticDialogues + ESConv; --from: your own transcripts)")
    responses.add_argument("--from", dest="transcripts", help="JSONL of {\"context\": [...], \"reply\": \"...\"}")
    responses.add_argument("--out", help="output folder (default: src/empathic/models/responses, or ./responses with --from)")
    responses.add_argument("--refit-ranker", action="store_true", help="with --from: fine-tune the shipped ranker on them")
    responses.add_argument("--own-ranker", action="store_true", help="with --from: a ranker trained on them alone")
    responses.add_argument("--limit", type=int, default=4000, help="at most this many replies in the bank")
    responses.add_argument("--epochs", type=int, default=30)
    responses.set_defaults(handler=run_responses)


def run_multilingual(args) -> int:
    from empathic.training.multilingual import train_multilingual

    _logging()
    config = train_multilingual(args.output_dir, epochs=args.epochs, seed=args.seed)
    print(f"saved {args.output_dir}: epoch {config['epochs']}, tuning-fold macro-F1 {config['tuning_fold_macro_f1']}")
    return 0


def run_text(args) -> int:
    import json

    if args.labels or args.out:
        return run_custom_labels(args)
    from empathic.training.text import TextTrainingConfig, train_text_model

    _logging()
    config = TextTrainingConfig(output_dir=args.output_dir, epochs=args.epochs,
                                batch_size=args.batch_size, learning_rate=args.learning_rate,
                                limit=args.limit, seed=args.seed)
    print(json.dumps(train_text_model(config)["dev"], indent=2))
    return 0


def run_custom_labels(args) -> int:
    from empathic.errors import InvalidInputError
    from empathic.text.custom import format_report, train_custom_labels

    if not args.labels or not args.out:
        raise InvalidInputError("custom labels need both --labels my_labels.csv and --out FOLDER")
    print(format_report(train_custom_labels(args.labels, args.out, held_out=args.held_out, seed=args.seed)))
    return 0


def _logging() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    logging.getLogger("empathic").setLevel(logging.INFO)


def run_strategy(args) -> int:
    import json

    from empathic.training.strategy import train_strategy_model

    _logging()
    print(json.dumps(train_strategy_model(args.output_dir), indent=2))
    return 0


def run_heads(args) -> int:
    import json

    from empathic.training.perception import train_act, train_sarcasm

    _logging()
    train = train_sarcasm if args.head == "sarcasm" else train_act
    print(json.dumps(train(args.output_dir), indent=2))
    return 0


def run_crisis(args) -> int:
    import json

    from empathic.training.risk import train_risk_model

    _logging()
    print(json.dumps(train_risk_model(args.output_dir, epochs=args.epochs), indent=2))
    return 0


def run_encoder(args) -> int:
    import json

    from empathic.training.encoder import export_encoder

    _logging()
    print(json.dumps(export_encoder(args.output_dir), indent=2))
    return 0


def run_face(args) -> int:
    import json

    from empathic.training.face import FaceTrainingConfig, train_and_export

    _logging()
    config = FaceTrainingConfig(args.output_dir, args.architecture, args.epochs, args.batch_size, args.learning_rate,
                                seed=args.seed, device=args.device, packed=args.packed, limit=args.limit)
    print(json.dumps(train_and_export(config), indent=2))
    return 0


def run_voice(args) -> int:
    from empathic.training.voice import format_report, train_voice_model

    _logging()
    print(format_report(train_voice_model(args.output_dir)))
    return 0


def run_strategy_context(args) -> int:
    import json

    from empathic.training.strategy_transformer import train
    from empathic.training.text import base_model_dir

    _logging()
    print(json.dumps(train(str(base_model_dir()), args.output_dir, args.epochs, learning_rate=args.learning_rate),
                     indent=2))
    return 0


def run_turns(args) -> int:
    from empathic.evaluation.turn_clips import load_clips
    from empathic.training.turns import train

    train(load_clips(rebuild=args.rebuild), args.output_dir)
    return 0


def run_responses(args) -> int:
    import json

    from empathic.training.responses import build_responses

    _logging()
    out = args.out or ("responses" if args.transcripts else "src/empathic/models/responses")
    print(json.dumps(build_responses(out, args.transcripts, args.refit_ranker, args.limit, args.epochs,
                                                args.own_ranker), indent=2))
    return 0
