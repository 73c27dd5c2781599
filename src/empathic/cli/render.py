"""Plain-text rendering of readings for the terminal."""

from __future__ import annotations

from empathic.reading import EmotionReading


def bar(value: float, width: int = 20) -> str:
    filled = max(0.0, min(1.0, value)) * width
    return "█" * int(filled) + ("▌" if filled - int(filled) >= 0.5 else "")


def render_reading(text: str, reading: EmotionReading, top_k: int = 3) -> str:
    shown = text if len(text) <= 70 else text[:67] + "..."
    lines = [f"“{shown}”"]
    for label, score in reading.top_scores(top_k):
        mark = "*" if label in reading.labels else " "
        lines.append(f"  {mark} {label:14} {score:5.2f} {bar(score)}")
    language = f"   language {reading.language}" if reading.language else ""
    lines.append(f"    valence {reading.valence:+.2f}   arousal {reading.arousal:.2f}   "
                 f"confidence {reading.confidence:.2f}{language}")
    words = [e.name for e in reading.evidence if e.kind == "token"]
    signals = [e.detail for e in reading.evidence if e.kind in ("acoustic", "region") and e.weight > 0][:3]
    if signals:
        lines.append(f"    signals: {'; '.join(signals)}")
    cues = [f"{e.name}: {e.detail}" for e in reading.evidence if e.kind == "cue"]
    if words:
        lines.append(f"    because of: {', '.join(words)}")
    if cues:
        lines.append(f"    cues: {'; '.join(cues)}")
    return "\n".join(lines)
