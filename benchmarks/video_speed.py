"""Video: time and peak memory against the sampling rate and the video's length.

    python benchmarks/video_speed.py [--seconds 60 600] [--fps 1 2 5]

Writes synthetic 640x480, 25 fps MJPG videos (two FER2013 faces drifting over a
background, needs ../shared/data) and reads each at several sampling rates in a fresh
process, reporting wall time and peak resident memory (ru_maxrss). Flat memory means
the 600 s video peaks where the 60 s one does; cost following the sampling rate means
time grows with --fps, not with the video's 25 fps.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

READ = """
import json, resource, sys, time
from empathic.vision.recognizer import FaceEmotionRecognizer
from empathic.vision.video import recognize_video
r = FaceEmotionRecognizer(explain=False).load()
started = time.perf_counter()
timeline = recognize_video(sys.argv[1], r, fps=float(sys.argv[2]))
print(json.dumps({"seconds": round(time.perf_counter() - started, 2), "frames_read": timeline.frames_read,
                  "tracks": len(timeline.tracks),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def write_video(path: Path, seconds: int) -> None:
    import cv2
    import numpy as np

    from empathic.datasets.fer import load_fer

    faces, _ = load_fer("public_test")
    frame = np.full((480, 640), 100, dtype=np.uint8)
    frame[120:280, 60:220] = cv2.resize(faces[5], (160, 160))
    frame[120:280, 380:540] = cv2.resize(faces[900], (160, 160))
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25, (640, 480))
    for i in range(seconds * 25):
        shifted = np.roll(frame, (i // 5) % 40 - 20, axis=1)
        writer.write(cv2.cvtColor(shifted, cv2.COLOR_GRAY2BGR))
    writer.release()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, nargs="+", default=[60, 600])
    parser.add_argument("--fps", type=float, nargs="+", default=[1, 2, 5])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for seconds in args.seconds:
            path = Path(tmp) / f"v{seconds}.avi"
            write_video(path, seconds)
            for fps in args.fps:
                out = subprocess.run([sys.executable, "-c", READ, str(path), str(fps)], capture_output=True,
                                     text=True, check=True).stdout
                row = {"video_seconds": seconds, "fps": fps, **json.loads(out.strip().splitlines()[-1])}
                row["realtime_factor"] = round(row["seconds"] / seconds, 4)
                rows.append(row)
                print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
