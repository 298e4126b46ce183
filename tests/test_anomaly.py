"""Thresholds, the autoencoder detector, the baselines and the one-class protocol."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from aelab.anomaly import (
    AutoencoderDetector,
    PCADetector,
    baseline_detectors,
    components_for_variance,
    confusion_counts,
    detection_report,
    one_class_benchmark,
    one_class_split,
    precision_recall_f1,
    threshold_best_f1,
    threshold_max,
    threshold_mean_std,
    threshold_percentile,
)

ERRORS = np.array([1.0, 2.0, 3.0, 4.0, 10.0])


# ------------------------------------------------------------------ threshold rules


def test_percentile_rule_by_hand():
    # 0..99: the 95th percentile with linear interpolation is 94.05
    assert threshold_percentile(np.arange(100.0), 0.05) == pytest.approx(94.05)
    # five errors, 20 % contamination: the 80th percentile sits at position 3.2 -> 4 + 0.2 * 6
    assert threshold_percentile(ERRORS, 0.2) == pytest.approx(5.2)


def test_mean_std_rule_by_hand():
    # mean 4, population std sqrt(((9 + 4 + 1 + 0 + 36) / 5)) = sqrt(10)
    assert threshold_mean_std(ERRORS, 2.0) == pytest.approx(4.0 + 2.0 * np.sqrt(10.0))
    assert threshold_mean_std(ERRORS, 0.0) == pytest.approx(4.0)


def test_max_rule_by_hand():
    assert threshold_max(ERRORS) == 10.0


def test_best_f1_rule_by_hand():
    # anomalies are the two largest errors: the best cut lies half-way between 3 and 4
    assert threshold_best_f1(ERRORS, [0, 0, 0, 1, 1]) == pytest.approx(3.5)
    # one anomaly at the top: cut between 4 and 10
    assert threshold_best_f1(ERRORS, [0, 0, 0, 0, 1]) == pytest.approx(7.0)
    # order of the input does not matter
    assert threshold_best_f1(ERRORS[::-1], [1, 1, 0, 0, 0]) == pytest.approx(3.5)


def test_best_f1_never_cuts_inside_ties():
    errors = np.array([1.0, 2.0, 2.0, 2.0, 5.0])
    t = threshold_best_f1(errors, [0, 1, 0, 0, 1])
    assert t in (1.5, 3.5)


@pytest.mark.parametrize(
    "call",
    [
        lambda: threshold_percentile([1.0, np.nan, 2.0], 0.1),
        lambda: threshold_percentile([[1.0, 2.0]], 0.1),
        lambda: threshold_percentile([1.0], 0.1),
        lambda: threshold_percentile(ERRORS, 0.0),
        lambda: threshold_percentile(ERRORS, 1.5),
        lambda: threshold_mean_std(ERRORS, np.inf),
        lambda: threshold_max([]),
        lambda: threshold_best_f1(ERRORS, [0, 0, 0, 0, 0]),
        lambda: threshold_best_f1(ERRORS, [0, 0, 2, 1, 1]),
        lambda: threshold_best_f1(ERRORS, [0, 1]),
    ],
)
def test_threshold_rules_reject_bad_input(call):
    with pytest.raises(ValueError):
        call()


# ------------------------------------------------------------------ metrics


def test_confusion_counts_anomaly_is_positive():
    y_true = [1, 1, 1, 0, 0, 0, 0]
    y_pred = [1, 0, 0, 1, 0, 0, 0]
    assert confusion_counts(y_true, y_pred) == {"tp": 1, "fp": 1, "fn": 2, "tn": 3}


def test_precision_recall_f1_by_hand():
    p, r, f1 = precision_recall_f1({"tp": 3, "fp": 1, "fn": 2, "tn": 10})
    assert (p, r) == (0.75, 0.6)
    assert f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert precision_recall_f1({"tp": 0, "fp": 0, "fn": 4, "tn": 1}) == (0.0, 0.0, 0.0)


def test_detection_report():
    report = detection_report([0, 0, 0, 1, 1], ERRORS, threshold=3.5)
    assert (report["tp"], report["fp"], report["fn"], report["tn"]) == (2, 0, 0, 3)
    assert report["f1"] == 1.0 and report["roc_auc"] == 1.0


# ------------------------------------------------------------------ detector


def _blobs(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Normal points on a line in 6-D; anomalies off it."""
    rng = np.random.default_rng(seed)
    t = rng.normal(size=(n, 1))
    direction = np.array([[1.0, 2.0, -1.0, 0.5, 0.0, 1.5]])
    normal = (t @ direction + 0.05 * rng.normal(size=(n, 6))).astype(np.float32)
    odd = rng.normal(0, 2, size=(20, 6)).astype(np.float32)
    return normal, odd, direction


@pytest.fixture(scope="module")
def fitted() -> tuple[AutoencoderDetector, np.ndarray, np.ndarray]:
    normal, odd, _ = _blobs()
    det = AutoencoderDetector(hidden=(8,), latent_dim=1, epochs=40, batch_size=32, seed=1)
    return det.fit(normal), normal, odd


def test_learned_state_and_percentile_threshold(fitted):
    det, normal, _ = fitted
    assert det.threshold_rule_ == "percentile"
    assert det.threshold_ == pytest.approx(np.quantile(det.decision_scores_, 0.95))
    assert det.decision_scores_.shape == (len(normal),)
    assert det.labels_.mean() == pytest.approx(0.05, abs=0.011)
    assert det.mean_.shape == (6,) and det.history_["loss"][-1] < det.history_["loss"][0]


def test_scores_are_errors_and_predict_uses_one_for_anomalies(fitted):
    det, normal, odd = fitted
    assert det.decision_function(odd).mean() > 5 * det.decision_function(normal).mean()
    pred = det.predict(np.concatenate([normal[:50], odd]))
    assert set(np.unique(pred)) <= {0, 1}
    assert pred[50:].mean() > 0.8 and pred[:50].mean() < 0.2
    # decision_function is the reconstruction MSE in the standardized space
    z = (odd - det.mean_) / det.scale_
    z_hat = (det.reconstruct(odd) - det.mean_) / det.scale_
    np.testing.assert_allclose(det.decision_function(odd), ((z - z_hat) ** 2).mean(1), rtol=1e-4)


def test_set_threshold_rules(fitted):
    det, normal, odd = fitted
    scores = det.decision_scores_
    assert det.set_threshold("max") == pytest.approx(scores.max())
    assert det.predict(normal).sum() == 0
    k3 = det.set_threshold("mean_std", k=3.0)
    assert k3 == pytest.approx(scores.mean() + 3 * scores.std())
    x_val = np.concatenate([normal[:40], odd[:10]])
    y_val = np.r_[np.zeros(40), np.ones(10)].astype(int)
    t = det.set_threshold("best_f1", X_val=x_val, y_val=y_val)
    assert t == pytest.approx(threshold_best_f1(det.decision_function(x_val), y_val))
    with pytest.raises(ValueError, match="X_val"):
        det.set_threshold("best_f1")
    with pytest.raises(ValueError, match="rule"):
        det.set_threshold("median")
    det.set_threshold("percentile")


def test_predict_before_fit_raises_clearly():
    det = AutoencoderDetector()
    with pytest.raises(NotFittedError, match="fit"):
        det.predict(np.zeros((3, 4), np.float32))


@pytest.mark.parametrize(
    ("x", "match"),
    [
        (np.array([[0.0, np.nan], [1.0, 2.0], [3.0, 4.0]]), "NaN"),
        (np.zeros(5), "shape"),
        (np.zeros((1, 4)), "at least 2"),
    ],
)
def test_fit_rejects_bad_input(x, match):
    with pytest.raises(ValueError, match=match):
        AutoencoderDetector(epochs=1).fit(x)


def test_scoring_rejects_bad_input(fitted):
    det, _, _ = fitted
    with pytest.raises(ValueError, match="shape"):
        det.decision_function(np.zeros((3, 5), np.float32))
    with pytest.raises(ValueError, match="NaN"):
        det.predict(np.full((2, 6), np.nan))


def test_bad_parameters():
    with pytest.raises(ValueError, match="threshold"):
        AutoencoderDetector(threshold="p95")
    with pytest.raises(ValueError, match="contamination"):
        AutoencoderDetector(contamination=0.0)
    normal, _, _ = _blobs(20)
    with pytest.raises(ValueError, match="best_f1"):
        AutoencoderDetector(threshold="best_f1", epochs=1).fit(normal)


def test_detector_is_seeded():
    normal, odd, _ = _blobs(60)
    a = AutoencoderDetector(hidden=(4,), latent_dim=1, epochs=3, seed=5).fit(normal)
    b = AutoencoderDetector(hidden=(4,), latent_dim=1, epochs=3, seed=5).fit(normal)
    np.testing.assert_allclose(a.decision_function(odd), b.decision_function(odd), rtol=1e-6)


# ------------------------------------------------------------------ baselines


def test_components_for_variance():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 3)) @ rng.normal(size=(3, 10)) + 1e-3 * rng.normal(size=(300, 10))
    assert components_for_variance(x, 0.99) == 3
    assert components_for_variance(x, 0.2) == 1


def test_baselines_score_anomalies_higher():
    normal, odd, _ = _blobs(300)
    x_eval = np.concatenate([normal[:100], odd])
    for name, make in baseline_detectors(seed=0, standardize=True).items():
        scores = make().fit(normal[100:]).decision_function(x_eval)
        assert scores.shape == (120,)
        assert scores[100:].mean() > scores[:100].mean(), name
    pca = PCADetector(variance=0.9).fit(normal)
    assert pca.n_components_ == 1


def test_ocsvm_subsamples_its_training_set():
    normal, _, _ = _blobs(300)
    det = baseline_detectors(ocsvm_max_train=50)["One-Class SVM"]().fit(normal)
    assert det.n_train_ == 50


# ------------------------------------------------------------------ one-class protocol


def _toy_digits(seed: int = 0):
    """Ten 'digits': each a bright square at its own place in an 8 x 8 image."""
    rng = np.random.default_rng(seed)

    def make(n):
        y = rng.integers(0, 10, n)
        x = 0.05 * rng.random((n, 8, 8, 1)).astype(np.float32)
        for i, d in enumerate(y):
            r, c = divmod(int(d), 4)
            x[i, 2 * r : 2 * r + 2, 2 * c : 2 * c + 2, 0] = 1.0
        return x, y

    return (*make(400), *make(200))


def test_one_class_split_labels_other_digits_as_anomalies():
    x_tr, y_tr, x_te, y_te = _toy_digits()
    x_normal, x_eval, y_eval = one_class_split(x_tr, y_tr, x_te, y_te, 3, n_train=10, n_test=50)
    assert len(x_normal) == 10 and len(x_eval) == 50 and y_eval.shape == (50,)
    full_normal, _, y_all = one_class_split(x_tr, y_tr, x_te, y_te, 3)
    assert len(full_normal) == (y_tr == 3).sum()
    np.testing.assert_array_equal(y_all, (y_te != 3).astype(int))
    with pytest.raises(ValueError, match="digit"):
        one_class_split(x_tr, y_tr, x_te, y_te, 10)


def test_one_class_benchmark_table():
    x_tr, y_tr, x_te, y_te = _toy_digits()
    detectors = {"PCA reconstruction": baseline_detectors()["PCA reconstruction"]}
    result = one_class_benchmark(
        x_tr,
        y_tr,
        x_te,
        y_te,
        detectors,
        digits=(0, 5),
        n_test=150,
        keep=[(5, "PCA reconstruction")],
    )
    assert list(result.auc.index) == [0, 5]
    assert list(result.auc.columns) == ["PCA reconstruction"]
    assert (result.auc.to_numpy() > 0.95).all()
    assert result.scores[5]["PCA reconstruction"].shape == (150,)
    assert result.labels[0].shape == (150,) and len(result.test_index) == 150
    assert result.seconds["PCA reconstruction"] > 0
    assert list(result.detectors) == [5]
    assert result.detectors[5]["PCA reconstruction"].n_components_ >= 1
