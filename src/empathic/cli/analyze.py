"""``empathic analyze``: read the emotion in texts, audio clips, images and videos.

Arguments naming an existing audio, image or video file are read as such (by suffix);
everything else is text. A clip shows its transcript, each utterance's voice reading and
the fusion of voice and words; an image one reading per face; a video a per-second timeline.
"""

from __future__ import annotations

import json
from pathlib import Path

from empathic.errors import InvalidInputError

MAX_FILE_BYTES = 50_000_000
AUDIO_SUFFIXES = {".wav", ".flac", ".ogg", ".oga", ".opus"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff"}
VIDEO_SUFFIXES = {".mp4", ".avi", ".mov", ".mkv", ".webm"}


def register(sub) -> None:
    p = sub.add_parser("analyze", help="read the emotion expressed in texts, audio, images or video")
    p.add_argument("texts", nargs="*", help="texts, or paths of audio (wav/flac/ogg), image or video files")
    p.add_argument("--fps", type=float, default=2.0, help="video frames read per second")
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


def _media_kind(argument: str) -> str | None:
    path = Path(argument)
    suffix = path.suffix.lower()
    if suffix in AUDIO_SUFFIXES | IMAGE_SUFFIXES | VIDEO_SUFFIXES and len(argument) < 4096 and path.is_file():
        return "audio" if suffix in AUDIO_SUFFIXES else "image" if suffix in IMAGE_SUFFIXES else "video"
    return None


def run(args) -> int:
    from empathic.cli.render import render_reading
    from empathic.text.recognizer import TextEmotionRecognizer

    media = [(a, _media_kind(a)) for a in args.texts]
    texts = [a for a, kind in media if kind is None]
    if args.file:
        texts += read_lines(args.file)
    if not texts and not any(kind for _, kind in media):
        raise InvalidInputError("nothing to analyse: give texts, media files or --file")
    recognizer = TextEmotionRecognizer(explain=not args.no_evidence)
    for path, kind in media:
        if kind:
            print(RENDERERS[kind](path, args, recognizer))
    readings = recognizer.recognize_batch(texts) if texts else []
    for text, reading in zip(texts, readings):
        if args.json:
            print(json.dumps({"text": text, **reading.to_dict()}, ensure_ascii=False))
        else:
            print(render_reading(text, reading))
    return 0


def _audio(path: str, args, recognizer) -> str:
    from empathic.cli.render import render_reading
    from empathic.conversation.fusion import fuse
    from empathic.voice.recognizer import VoiceEmotionRecognizer
    from empathic.voice.transcribe import Transcriber

    voice = VoiceEmotionRecognizer()
    analysis = voice.analyze(path, transcriber=Transcriber(voice.encoder))
    readings = {"voice": analysis.reading}
    if analysis.transcript:
        readings["text"] = recognizer.recognize(analysis.transcript)
    fused = fuse(readings)
    if args.json:
        return json.dumps({"file": path, **analysis.to_dict(), "fused": fused.to_dict(),
                           **({"text_reading": readings["text"].to_dict()} if "text" in readings else {})},
                          ensure_ascii=False)
    lines = [f"{path}: {analysis.duration:.1f} s, {len(analysis.utterances)} utterance(s)",
             f"transcript: {analysis.transcript or '(no speech)'}"]
    for u in analysis.utterances:
        lines.append(f"[{u.start:6.1f}-{u.end:6.1f} s] voice")
        lines.append(render_reading(u.transcript or "", u.reading))
    lines.append("fused (voice + words):")
    lines.append(render_reading(analysis.transcript, fused))
    return "\n".join(lines)


def _image(path: str, args, recognizer) -> str:
    from empathic.cli.render import render_reading
    from empathic.vision.recognizer import FaceEmotionRecognizer

    faces = FaceEmotionRecognizer().recognize(path)
    if args.json:
        return json.dumps({"file": path, "faces": [f.to_dict() for f in faces]})
    lines = [f"{path}: {len(faces)} face(s)"]
    for i, face in enumerate(faces, 1):
        box = face.box
        lines.append(render_reading(f"face {i} at x={box.x} y={box.y} ({box.width}x{box.height})", face.reading))
    return "\n".join(lines)


def _video(path: str, args, recognizer) -> str:
    from empathic.vision.video import recognize_video

    timeline = recognize_video(path, fps=args.fps)
    if args.json:
        return json.dumps({"file": path, **timeline.to_dict()})
    lines = [f"{path}: {timeline.duration:.1f} s, {timeline.frames_read} frames read, {len(timeline.tracks)} face track(s)"]
    for track in timeline.tracks:
        lines.append(f"  face {track['track']}: " + " ".join(f"{s['second']}s:{s['top']}" for s in track["timeline"]))
    return "\n".join(lines)


RENDERERS = {"audio": _audio, "image": _image, "video": _video}
