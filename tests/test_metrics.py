import numpy as np

from empathic.evaluation.metrics import (expected_calibration_error, f1_per_label,
                                         fit_temperature, macro_f1, tune_thresholds)


def test_f1_per_label_counts_tp_fp_fn():
    predicted = np.array([[1, 0], [1, 1], [0, 0]])
    targets = np.array([[1, 0], [0, 1], [0, 1]])
    # label 0: tp 1, fp 1 -> 2/3; label 1: tp 1, fn 1 -> 2/3
    assert np.allclose(f1_per_label(predicted, targets), [2 / 3, 2 / 3])
    assert macro_f1(predicted, targets) == np.float64(2 / 3)


def test_absent_label_scores_zero_not_nan():
    assert f1_per_label(np.zeros((3, 1)), np.zeros((3, 1)))[0] == 0.0


def test_thresholds_separate_classes_per_label():
    probs = np.array([[0.9, 0.2], [0.6, 0.3], [0.4, 0.1], [0.1, 0.05]])
    targets = np.array([[1, 1], [1, 1], [0, 0], [0, 0]])
    thresholds = tune_thresholds(probs, targets)
    assert (probs >= thresholds).astype(int).tolist() == targets.tolist()
    assert 0.4 < thresholds[0] <= 0.6 and 0.1 < thresholds[1] <= 0.2


def test_temperature_softens_overconfident_logits():
    rng = np.random.default_rng(0)
    targets = rng.integers(0, 2, size=(2000, 1)).astype(float)
    noisy = np.where(rng.random((2000, 1)) < 0.7, targets, 1 - targets)  # 70% right
    logits = (noisy * 2 - 1) * 6.0  # claims ~99.7% certainty
    assert fit_temperature(logits, targets) > 3.0


def test_ece_is_zero_when_confidence_matches_accuracy():
    confidence = np.full(100, 0.75)
    correct = np.array([1] * 75 + [0] * 25)
    assert expected_calibration_error(confidence, correct) < 1e-9
    assert expected_calibration_error(np.full(100, 0.99), correct) > 0.2
