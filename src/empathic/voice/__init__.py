"""Voice: audio loading, speech detection, prosody, voice emotion, transcription, speech output, end of turn."""

from empathic.voice.turns import EndOfTurnDetector

__all__ = ["EndOfTurnDetector"]
