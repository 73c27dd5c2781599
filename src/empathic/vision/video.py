"""Emotion timelines for faces in a video file.

Frames are sampled at ``fps`` (default 2 per second) by timestamp, so the cost scales with
the sampling rate, not the video's frame rate; skipped frames are grabbed but never
converted. Faces are followed from frame to frame by box overlap (anonymous track numbers,
no identity), and only per-second sums are kept, so memory stays flat however long the video.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from empathic.errors import InvalidInputError, require
from empathic.labels import FACE_CIRCUMPLEX, circumplex_point
from empathic.vision.detector import Box

MAX_GAP_SECONDS = 2.0  # a face unseen for longer starts a new track


@dataclass
class _Track:
    number: int
    box: Box
    last_seen: float
    seconds: dict[int, list] = field(default_factory=dict)  # second -> [summed scores, frames]


@dataclass(frozen=True)
class VideoTimeline:
    duration: float
    frames_read: int
    tracks: list[dict]

    def to_dict(self) -> dict:
        return {"duration": round(self.duration, 2), "frames_read": self.frames_read, "tracks": self.tracks}


def recognize_video(path: str | Path, recognizer=None, fps: float = 2.0, max_seconds: float | None = None) -> VideoTimeline:
    """Per-second emotion timeline of every face track in the video at ``path``."""
    cv2 = require("cv2", "vision", "opencv-python-headless")
    from empathic.vision.recognizer import FaceEmotionRecognizer

    if not 0 < fps <= 30:
        raise InvalidInputError(f"fps must be in (0, 30], got {fps}")
    if not Path(path).is_file():
        raise InvalidInputError(f"video file not found: {path}")
    recognizer = recognizer or FaceEmotionRecognizer(explain=False)
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise InvalidInputError(f"{path}: not a readable video")
    tracks: list[_Track] = []
    next_sample, frames_read, timestamp = 0.0, 0, 0.0
    native_fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
    index = -1
    try:
        while capture.grab():
            index += 1
            timestamp = index / native_fps
            if max_seconds is not None and timestamp > max_seconds:
                break
            if timestamp + 1e-6 < next_sample:
                continue
            next_sample += 1.0 / fps
            ok, frame = capture.retrieve()
            if not ok:
                continue
            frames_read += 1
            grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
            _follow(tracks, recognizer.recognize_grey(grey), timestamp)
    finally:
        capture.release()
    if frames_read == 0:
        raise InvalidInputError(f"{path}: no frame could be decoded")
    return VideoTimeline(timestamp, frames_read, [_summary(t, recognizer.labels) for t in tracks])


def _follow(tracks: list[_Track], faces, timestamp: float) -> None:
    live = [t for t in tracks if timestamp - t.last_seen <= MAX_GAP_SECONDS]
    for face in faces:
        best = max(live, key=lambda t: face.box.iou(t.box), default=None)
        if best is None or face.box.iou(best.box) < 0.2:
            best = _Track(len(tracks) + 1, face.box, timestamp)
            tracks.append(best)
        else:
            live.remove(best)
        best.box, best.last_seen = face.box, timestamp
        scores = np.array(list(face.reading.scores.values()))
        entry = best.seconds.setdefault(int(timestamp), [np.zeros_like(scores), 0])
        entry[0] += scores
        entry[1] += 1


def _summary(track: _Track, labels) -> dict:
    timeline = []
    for second in sorted(track.seconds):
        summed, frames = track.seconds[second]
        scores = {label: round(float(v / frames), 4) for label, v in zip(labels, summed)}
        valence, arousal = circumplex_point(scores, FACE_CIRCUMPLEX)
        timeline.append({"second": second, "top": max(scores, key=scores.get), "scores": scores,
                         "valence": round(valence, 3), "arousal": round(arousal, 3), "frames": frames})
    return {"track": track.number, "first_second": timeline[0]["second"], "last_second": timeline[-1]["second"],
            "timeline": timeline}
