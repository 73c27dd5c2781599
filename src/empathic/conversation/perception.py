"""One turn's perception: readings of its words, voice and face, shared by the agent and the API.

Consent and policy are the caller's to check first. Spoken words are transcribed when nothing
was typed (or always, with ``transcribe_typed``) and then read like typed ones; of several faces,
the largest (the person in front of the camera) is the one read into the turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from empathic.errors import InvalidInputError
from empathic.reading import EmotionReading


@dataclass
class Perception:
    readings: dict[str, EmotionReading]
    text: str | None  # typed, else transcribed
    voice: object = None  # VoiceAnalysis, when audio came
    faces: list | None = None  # every FaceReading, when an image came
    notices: list[str] = field(default_factory=list)


def perceive(text: str | None, audio, image, *, text_recognizer, voice_recognizer=None, face_recognizer=None,
             baseline=None, transcribe_typed: bool = False, context: list | None = None) -> Perception:
    """``context``: the previous turns, oldest first (strings or ``{"speaker", "text"}``), passed to
    the text recognizer so short replies, sarcasm and language read in their conversation."""
    readings, notices, voice, faces = {}, [], None, None
    typed = bool(text and text.strip())
    if audio is not None:
        from empathic.voice.transcribe import Transcriber

        transcriber = Transcriber(voice_recognizer.encoder) if transcribe_typed or not typed else None
        voice = voice_recognizer.analyze(audio, baseline, transcriber)
        if voice.utterances:
            readings["voice"] = voice.reading
            text = text if typed else voice.transcript
        else:
            notices.append("No speech was found in the audio, so it was not used.")
    if text and text.strip():
        readings["text"] = (text_recognizer.recognize(text, context=context) if context
                            else text_recognizer.recognize(text))
    if image is not None:
        faces = face_recognizer.recognize(image)
        if faces:
            readings["face"] = faces[0].reading
        else:
            notices.append("No face was found in the image, so it was not used.")
    if not readings:
        raise InvalidInputError("nothing could be read: no text, no speech in the audio, no face in the image")
    return Perception(readings, text, voice, faces, notices)
