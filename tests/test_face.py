"""Face expression recognition: readings, detection, video, and hostile images."""

from __future__ import annotations

import io
import struct
import time
import zlib

import numpy as np
import pytest

from empathic.errors import ConsentRequiredError, InvalidInputError
from empathic.labels import FER_LABELS

cv2 = pytest.importorskip("cv2")
Image = pytest.importorskip("PIL.Image")


@pytest.fixture(scope="module")
def face():
    from empathic.vision.recognizer import FaceEmotionRecognizer

    return FaceEmotionRecognizer().load()


@pytest.fixture(scope="module")
def fer_faces(shared_data):
    """A few FER2013 private-test faces per class that the shipped model reads correctly."""
    from empathic.datasets.fer import load_fer

    images, labels = load_fer("private_test")
    return {label: images[labels == i][:40] for i, label in enumerate(FER_LABELS)}


def scene(faces: list[np.ndarray], size: int = 160) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """An RGB 640x480 frame with the grey faces pasted side by side, and their top-left corners."""
    frame = np.full((480, 640, 3), 100, dtype=np.uint8)
    corners = []
    for i, f in enumerate(faces):
        x, y = 30 + i * (size + 40), 120
        frame[y:y + size, x:x + size] = cv2.resize(f, (size, size))[:, :, None]
        corners.append((x, y))
    return frame, corners


def encode(array: np.ndarray, fmt: str = "PNG", **kwargs) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def test_whole_crop_readings_match_labels_and_carry_evidence(face, fer_faces):
    correct = 0
    for label in ("happy", "surprise", "angry"):
        for crop in fer_faces[label][:10]:
            (reading,) = face.recognize(np.repeat(crop[:, :, None], 3, axis=2), detect=False)
            correct += reading.reading.top == label
    assert correct >= 22  # 30 faces; the model's recall on these classes is 0.63-0.89
    happy = face.recognize(encode(fer_faces["happy"][0]), detect=False)[0].reading
    assert happy.modality == "face" and set(happy.scores) == set(FER_LABELS)
    assert abs(sum(happy.scores.values()) - 1) < 0.01 and 0 <= happy.confidence <= 1
    assert happy.valence > 0.2
    assert {e.kind for e in happy.evidence} == {"region"} and len(happy.evidence) == 3
    assert happy.evidence[0].weight >= happy.evidence[-1].weight


def test_detects_every_face_in_a_frame_with_boxes(face, fer_faces):
    picked = []
    for label in ("happy", "surprise", "neutral"):
        for crop in fer_faces[label]:
            if face.recognize(scene([crop])[0]):
                picked.append(crop)
                break
    frame, corners = scene(picked)
    found = face.recognize(frame)
    assert len(found) == 3
    for (x, y) in corners:
        assert any(abs(f.box.x - x) < 40 and abs(f.box.y - y) < 40 for f in found)
    assert all(f.to_dict()["box"]["width"] > 80 for f in found)


def test_exif_orientation_is_respected(face, fer_faces):
    crop = next(c for c in fer_faces["happy"] if face.recognize(scene([c])[0]))
    frame, _ = scene([crop])
    rotated = np.ascontiguousarray(np.rot90(frame))  # stored sideways...
    exif = Image.Exif()
    exif[0x0112] = 6  # ...with the tag that tells viewers to turn it back (90 degrees clockwise)
    blob = encode(rotated, "JPEG", exif=exif.tobytes(), quality=95)
    assert len(face.recognize(blob)) == 1
    assert face.recognize(encode(rotated, "JPEG", quality=95)) == []


def test_formats_and_colour_modes(face, fer_faces):
    frame, _ = scene([fer_faces["happy"][0]])
    grey = frame[:, :, 0]
    for blob in (encode(frame, "WEBP", quality=90), encode(grey), encode(frame, "JPEG"),
                 _cmyk_jpeg(frame), _animated_gif(frame)):
        assert isinstance(face.recognize(blob), list)
    assert face.recognize(grey, detect=False)[0].reading.top in FER_LABELS  # HxW grey array


def _cmyk_jpeg(frame):
    buffer = io.BytesIO()
    Image.fromarray(frame).convert("CMYK").save(buffer, "JPEG")
    return buffer.getvalue()


def _animated_gif(frame):
    buffer = io.BytesIO()
    frames = [Image.fromarray(frame), Image.fromarray(255 - frame)]
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100)
    return buffer.getvalue()


def _png_header_claiming(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
            + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND")))


@pytest.mark.parametrize("image, message", [
    (b"", "empty"),
    (bytes(np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8)), "not a readable image"),
    (_png_header_claiming(100_000, 100_000), "decompression bomb"),
    (12345, "must be a path, bytes or a numpy array"),
    (np.zeros((10, 10, 3), dtype=np.float32), "uint8"),
    (np.zeros((10, 10, 5), dtype=np.uint8), "shape"),
    ("/no/such/image.png", "not found"),
])
def test_hostile_images_get_clear_errors(face, image, message):
    started = time.perf_counter()
    with pytest.raises(InvalidInputError, match=message):
        face.recognize(image)
    assert time.perf_counter() - started < 1.0


def test_truncated_and_tiny_images(face, fer_faces):
    frame, _ = scene([fer_faces["happy"][0]])
    with pytest.raises(InvalidInputError, match="truncated or corrupt"):
        face.recognize(encode(frame, "PNG")[:3000])
    one_pixel = encode(np.zeros((1, 1, 3), dtype=np.uint8))
    assert face.recognize(one_pixel) == []  # no face can be found in one pixel
    with pytest.raises(InvalidInputError, match="at least 8 pixels"):
        face.recognize(one_pixel, detect=False)


@pytest.mark.slow
def test_fifty_megapixel_photo_is_read(face, fer_faces):
    big = np.full((6000, 8400, 3), 90, dtype=np.uint8)  # 50.4 MP
    big[2000:3600, 3000:4600] = cv2.resize(fer_faces["happy"][0], (1600, 1600))[:, :, None]
    started = time.perf_counter()
    found = face.recognize(encode(big, "JPEG", quality=85))
    assert len(found) == 1 and found[0].box.width > 1000
    assert time.perf_counter() - started < 20


def test_video_timeline_tracks_faces_per_second(face, fer_faces, tmp_path):
    from empathic.vision.video import recognize_video

    crop = next(c for c in fer_faces["surprise"] if face.recognize(scene([c])[0]))
    frame, _ = scene([crop])
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (640, 480))
    for i in range(40):  # 4 s at 10 fps, the face drifting right
        writer.write(np.roll(frame, i, axis=1)[:, :, ::-1])
    writer.release()
    timeline = recognize_video(path, face, fps=2)
    assert timeline.frames_read == 8
    (track,) = timeline.tracks
    assert [s["second"] for s in track["timeline"]] == [0, 1, 2, 3]
    assert all(s["frames"] == 2 for s in track["timeline"])
    faster = recognize_video(path, face, fps=5)
    assert faster.frames_read == 20
    (tmp_path / "noise.avi").write_bytes(b"\x00\x01not a video" * 100)
    with pytest.raises(InvalidInputError):
        recognize_video(tmp_path / "noise.avi", face)


def test_agent_fuses_face_with_words_under_consent(face, fer_faces):
    from empathic.conversation.agent import Agent
    from empathic.safety.policy import new_consent

    sad = next(c for c in fer_faces["sad"] if (r := face.recognize(scene([c])[0])) and r[0].reading.top == "sad"
               and r[0].reading.confidence >= 0.5)
    frame, _ = scene([sad])
    agent = Agent(face_recognizer=face)
    with pytest.raises(ConsentRequiredError):
        agent.respond("s-face", "u-face", text="I'm fine, really.", image=frame)
    consents = {"face": new_consent("u-face", "face", "test")}
    turn = agent.respond("s-face", "u-face", text="I'm fine, really.", image=frame, consents=consents)
    assert set(turn.readings) == {"text", "face"}
    assert turn.reading.valence < 0 and turn.reading.top == "sadness"
    assert any(e.name == "incongruence" for e in turn.reading.evidence)
    assert any("face" in n for n in turn.notices)
    blank = agent.respond("s-face", "u-face", text="And now?", image=np.full((100, 100, 3), 128, np.uint8),
                          consents=consents)
    assert "face" not in blank.readings and any("No face" in n for n in blank.notices)
    with pytest.raises(InvalidInputError, match="Consent"):
        agent.respond("s-face", "u-face", image=frame, consents={"face": True})
