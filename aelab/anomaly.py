"""Anomaly detection by reconstruction error: thresholds, the detector, baselines, benchmark.

Conventions (as in PyOD): a score is higher for more anomalous samples, and labels
use 1 = anomaly, 0 = normal. A sample is flagged when its score is strictly above
the threshold.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import keras
import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest
from sklearn.exceptions import NotFittedError
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score
from sklearn.metrics import roc_curve as _roc_curve
from sklearn.neighbors import LocalOutlierFactor
from sklearn.svm import OneClassSVM

from aelab.baselines import PCAReconstructor
from aelab.metrics import mse_per_sample
from aelab.models import dense_autoencoder
from aelab.train import train_autoencoder

THRESHOLD_RULES = ("percentile", "mean_std", "max", "best_f1")


# --------------------------------------------------------------------------- validation


def _batch(name: str, x: Any, min_samples: int = 2) -> np.ndarray:
    """A finite float32 batch of shape (n, ...) with n >= min_samples."""
    try:
        x = np.asarray(x, dtype=np.float32)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a numeric array of shape (n_samples, ...)") from None
    if x.ndim < 2:
        raise ValueError(f"{name} must have shape (n_samples, n_features, ...), got {x.shape}")
    if len(x) < min_samples:
        raise ValueError(f"{name} needs at least {min_samples} samples, got {len(x)}")
    if not np.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return x


def _errors(errors: Any, min_samples: int = 2) -> np.ndarray:
    """A finite 1-D float64 vector of at least `min_samples` scores."""
    e = np.asarray(errors, dtype=np.float64)
    if e.ndim != 1 or len(e) < min_samples:
        raise ValueError(
            f"errors must be a 1-D array of at least {min_samples} scores, got shape {e.shape}"
        )
    if not np.isfinite(e).all():
        raise ValueError("errors contain NaN or infinite values")
    return e


def _labels(y: Any, n: int) -> np.ndarray:
    """A 0/1 label vector of length n."""
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"labels must have shape ({n},), got {y.shape}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"labels must be 0 (normal) or 1 (anomaly), got values {np.unique(y)}")
    return y.astype(np.int64)


def _fraction(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise ValueError(f"{name} must be a fraction in (0, 1), got {value!r}")
    return float(value)


# --------------------------------------------------------------------------- thresholds


def threshold_percentile(errors: Any, contamination: float = 0.05) -> float:
    """The (1 - contamination) quantile of the errors: that share of them lies above it."""
    e = _errors(errors)
    contamination = _fraction("contamination", contamination)
    return float(np.quantile(e, 1.0 - contamination))


def threshold_mean_std(errors: Any, k: float = 3.0) -> float:
    """mean + k * std of the errors (population std, ddof=0)."""
    e = _errors(errors)
    if isinstance(k, bool) or not isinstance(k, (int, float)) or not np.isfinite(k):
        raise ValueError(f"k must be a finite number, got {k!r}")
    return float(e.mean() + k * e.std())


def threshold_max(errors: Any) -> float:
    """The largest error: no training sample is flagged."""
    return float(_errors(errors).max())


def threshold_best_f1(errors: Any, y: Any) -> float:
    """The threshold with the best F1 for the anomaly class on labelled errors.

    Cuts are placed half-way between consecutive distinct errors, so the rule
    `error > threshold` flags exactly the samples above the cut.
    """
    e = _errors(errors)
    y = _labels(y, len(e))
    n_pos = int(y.sum())
    if n_pos == 0 or n_pos == len(y):
        raise ValueError("best_f1 needs labels with both normal (0) and anomalous (1) samples")
    order = np.argsort(-e, kind="stable")
    e_sorted, y_sorted = e[order], y[order]
    tp = np.cumsum(y_sorted)[:-1]  # flag the i + 1 largest errors
    fp = np.cumsum(1 - y_sorted)[:-1]
    f1 = 2 * tp / (2 * tp + fp + (n_pos - tp))
    distinct = e_sorted[:-1] > e_sorted[1:]  # a cut can only fall between different values
    if not distinct.any():
        raise ValueError("all errors are equal: no threshold can separate them")
    f1 = np.where(distinct, f1, -1.0)
    i = int(np.argmax(f1))
    return float((e_sorted[i] + e_sorted[i + 1]) / 2)


# --------------------------------------------------------------------------- metrics


def confusion_counts(y_true: Any, y_pred: Any) -> dict[str, int]:
    """tp, fp, fn, tn with the anomaly (1) as the positive class."""
    y_true = np.asarray(y_true)
    if y_true.ndim != 1:
        raise ValueError(f"y_true must be a 1-D label vector, got shape {y_true.shape}")
    y_true = _labels(y_true, len(y_true))
    y_pred = _labels(y_pred, len(y_true))
    return {
        "tp": int(((y_true == 1) & (y_pred == 1)).sum()),
        "fp": int(((y_true == 0) & (y_pred == 1)).sum()),
        "fn": int(((y_true == 1) & (y_pred == 0)).sum()),
        "tn": int(((y_true == 0) & (y_pred == 0)).sum()),
    }


def precision_recall_f1(counts: Mapping[str, int]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the anomaly class from confusion counts (0 when undefined)."""
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return float(precision), float(recall), float(f1)


def detection_report(y_true: Any, scores: Any, threshold: float) -> dict[str, float]:
    """Counts, precision/recall/F1 at a threshold, plus the threshold-free ROC-AUC and AP."""
    s = _errors(scores)
    y = _labels(y_true, len(s))
    counts = confusion_counts(y, (s > threshold).astype(np.int64))
    precision, recall, f1 = precision_recall_f1(counts)
    return {
        **counts,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "roc_auc": float(roc_auc_score(y, s)),
        "avg_precision": float(average_precision_score(y, s)),
    }


def curve_points(y_true: Any, scores: Any) -> dict[str, Any]:
    """ROC (fpr, tpr) and precision-recall points with their areas, for plotting."""
    s = _errors(scores)
    y = _labels(y_true, len(s))
    fpr, tpr, _ = _roc_curve(y, s)
    precision, recall, _ = precision_recall_curve(y, s)
    return {
        "fpr": fpr,
        "tpr": tpr,
        "roc_auc": float(roc_auc_score(y, s)),
        "precision": precision,
        "recall": recall,
        "avg_precision": float(average_precision_score(y, s)),
        "prevalence": float(y.mean()),
    }


# --------------------------------------------------------------------------- detectors


class Detector(Protocol):
    """What the benchmark needs: fit on normal data, score new data (higher = stranger)."""

    def fit(self, x: np.ndarray) -> Detector: ...

    def decision_function(self, x: np.ndarray) -> np.ndarray: ...


class _Fitted:
    """Shared input checks of the detectors below."""

    def _check_fitted(self) -> None:
        if not hasattr(self, "input_shape_"):
            raise NotFittedError(
                f"this {type(self).__name__} is not fitted yet: call fit(X) before "
                "decision_function or predict"
            )

    def _check_input(self, x: Any) -> np.ndarray:
        self._check_fitted()
        x = _batch("X", x, min_samples=1)
        if x.shape[1:] != self.input_shape_:
            raise ValueError(
                f"X must have samples of shape {self.input_shape_} (as in fit), got {x.shape[1:]}"
            )
        return x


class AutoencoderDetector(_Fitted):
    """Flag samples whose autoencoder reconstruction error is above a threshold.

    Parameters (scikit-learn / PyOD style; learned state ends in `_`):
      build: `input_shape -> keras.Model`; None builds a dense autoencoder from
        `hidden` and `latent_dim`.
      threshold: "percentile" (the top `contamination` share of training errors),
        "mean_std" (mean + k * std of training errors), "max" (largest training
        error) or "best_f1" (best F1 on a labelled validation split given to fit).
      standardize: scale every feature to zero mean and unit variance (learned on
        the training data) before the autoencoder sees it; for tabular data.
      seed: passed to `keras.utils.set_random_seed` before the model is built, so
        two fits with the same seed give the same detector (it also reseeds NumPy's
        and Python's global generators, as that function does).
    """

    def __init__(
        self,
        *,
        build: Callable[[tuple[int, ...]], keras.Model] | None = None,
        hidden: tuple[int, ...] = (32, 16),
        latent_dim: int = 2,
        epochs: int = 50,
        batch_size: int = 64,
        learning_rate: float = 1e-3,
        loss: str = "mse",
        threshold: str = "percentile",
        contamination: float = 0.05,
        k: float = 3.0,
        standardize: bool = True,
        seed: int = 0,
        verbose: int = 0,
    ) -> None:
        if threshold not in THRESHOLD_RULES:
            raise ValueError(f"threshold must be one of {THRESHOLD_RULES}, got {threshold!r}")
        _fraction("contamination", contamination)
        self.build = build
        self.hidden = hidden
        self.latent_dim = latent_dim
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.loss = loss
        self.threshold = threshold
        self.contamination = contamination
        self.k = k
        self.standardize = standardize
        self.seed = seed
        self.verbose = verbose

    def fit(
        self, X: Any, y: Any = None, *, X_val: Any = None, y_val: Any = None
    ) -> AutoencoderDetector:
        """Train the autoencoder on X (labels unused), then set `threshold_` by the chosen rule.

        X_val, y_val: a labelled validation split, needed by the "best_f1" rule only.
        """
        x = _batch("X", X)
        if self.threshold == "best_f1" and (X_val is None or y_val is None):
            raise ValueError('threshold="best_f1" needs a labelled split: fit(X, X_val=, y_val=)')
        self.input_shape_ = tuple(x.shape[1:])
        if self.standardize:
            self.mean_ = x.mean(axis=0)
            std = x.std(axis=0)
            self.scale_ = np.where(std > 1e-8, std, 1.0).astype(np.float32)
        keras.utils.set_random_seed(self.seed)
        if self.build is not None:
            self.model_ = self.build(self.input_shape_)
        else:
            if len(self.input_shape_) != 1:
                raise ValueError(
                    f"the default dense autoencoder needs X of shape (n, n_features), got "
                    f"{x.shape}; pass build= for images"
                )
            self.model_ = dense_autoencoder(
                self.input_shape_[0],
                hidden=self.hidden,
                latent_dim=self.latent_dim,
                output_activation="linear" if self.standardize else "sigmoid",
            )
        z = self._scaled(x)
        self.history_ = train_autoencoder(
            self.model_,
            z,
            epochs=self.epochs,
            batch_size=self.batch_size,
            learning_rate=self.learning_rate,
            loss=self.loss,
            verbose=self.verbose,
        )
        self.decision_scores_ = self._reconstruction_error(z)
        self.set_threshold(self.threshold, X_val=X_val, y_val=y_val)
        self.labels_ = (self.decision_scores_ > self.threshold_).astype(np.int64)
        return self

    def _scaled(self, x: np.ndarray) -> np.ndarray:
        return (x - self.mean_) / self.scale_ if self.standardize else x

    def _rebuild(self, z: np.ndarray) -> np.ndarray:
        """The model's output, in eager batches (Keras' predict retraces for new shapes)."""
        parts = [
            keras.ops.convert_to_numpy(self.model_(z[i : i + 1024], training=False))
            for i in range(0, len(z), 1024)
        ]
        return np.concatenate(parts)

    def _reconstruction_error(self, z: np.ndarray) -> np.ndarray:
        return mse_per_sample(z, self._rebuild(z))

    def set_threshold(
        self,
        rule: str,
        *,
        X_val: Any = None,
        y_val: Any = None,
        contamination: float | None = None,
        k: float | None = None,
    ) -> float:
        """Recompute `threshold_` by another rule without retraining; returns it."""
        self._check_fitted()
        contamination = self.contamination if contamination is None else contamination
        k = self.k if k is None else k
        if rule == "percentile":
            value = threshold_percentile(self.decision_scores_, contamination)
        elif rule == "mean_std":
            value = threshold_mean_std(self.decision_scores_, k)
        elif rule == "max":
            value = threshold_max(self.decision_scores_)
        elif rule == "best_f1":
            if X_val is None or y_val is None:
                raise ValueError('the "best_f1" rule needs X_val and y_val (a labelled split)')
            value = threshold_best_f1(self.decision_function(X_val), y_val)
        else:
            raise ValueError(f"rule must be one of {THRESHOLD_RULES}, got {rule!r}")
        self.threshold_ = value
        self.threshold_rule_ = rule
        return value

    def decision_function(self, X: Any) -> np.ndarray:
        """Reconstruction error of each sample (mean squared, in the model's input scale)."""
        x = self._check_input(X)
        return self._reconstruction_error(self._scaled(x))

    def predict(self, X: Any) -> np.ndarray:
        """1 for anomalies (error above `threshold_`), 0 for normal samples."""
        return (self.decision_function(X) > self.threshold_).astype(np.int64)

    def reconstruct(self, X: Any) -> np.ndarray:
        """The autoencoder's reconstruction of X, in X's own scale."""
        x = self._check_input(X)
        x_hat = self._rebuild(self._scaled(x))
        return x_hat * self.scale_ + self.mean_ if self.standardize else x_hat


class PCADetector(_Fitted):
    """PCA reconstruction error as an anomaly score; k from an explained-variance rule."""

    def __init__(self, variance: float = 0.9, n_components: int | None = None) -> None:
        self.variance = _fraction("variance", variance)
        self.n_components = n_components

    def fit(self, X: Any, y: Any = None) -> PCADetector:
        """Pick k (the fewest components explaining `variance`, unless given) and fit PCA."""
        x = _batch("X", X)
        k = self.n_components or components_for_variance(x, self.variance)
        self.n_components_ = k
        self.pca_ = PCAReconstructor(k).fit(x)
        self.input_shape_ = tuple(x.shape[1:])
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Per-sample mean squared PCA reconstruction error."""
        return self.pca_.reconstruction_error(self._check_input(X))


def components_for_variance(x: Any, variance: float = 0.9) -> int:
    """The fewest principal components whose explained variance reaches `variance`."""
    flat = _batch("x", x).reshape(len(x), -1).astype(np.float64)
    variance = _fraction("variance", variance)
    centred = flat - flat.mean(axis=0)
    eigenvalues = np.linalg.eigvalsh(centred.T @ centred)[::-1].clip(min=0.0)
    ratio = np.cumsum(eigenvalues) / eigenvalues.sum()
    return int(np.searchsorted(ratio, variance) + 1)


class SklearnDetector(_Fitted):
    """Wrap a scikit-learn outlier model so that higher scores mean more anomalous.

    max_train: fit on a random subset of at most that many samples (for the
    One-Class SVM, whose cost grows with the square of the training size).
    """

    def __init__(
        self, estimator: Any, *, standardize: bool = False, max_train: int | None = None
    ) -> None:
        self.estimator = estimator
        self.standardize = standardize
        self.max_train = max_train

    def fit(self, X: Any, y: Any = None) -> SklearnDetector:
        """Fit the wrapped estimator on the (flattened, optionally subsampled) data."""
        x = _batch("X", X)
        self.input_shape_ = tuple(x.shape[1:])
        flat = x.reshape(len(x), -1)
        if self.max_train is not None and len(flat) > self.max_train:
            seed = getattr(self.estimator, "random_state", None) or 0
            keep = np.random.default_rng(seed).choice(len(flat), self.max_train, replace=False)
            flat = flat[np.sort(keep)]
        self.n_train_ = len(flat)
        if self.standardize:
            self.mean_ = flat.mean(axis=0)
            std = flat.std(axis=0)
            self.scale_ = np.where(std > 1e-8, std, 1.0)
            flat = (flat - self.mean_) / self.scale_
        self.estimator_ = self.estimator.fit(flat)
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        """Minus the estimator's `score_samples` (which is higher for normal samples)."""
        flat = self._check_input(X).reshape(len(X), -1)
        if self.standardize:
            flat = (flat - self.mean_) / self.scale_
        return -self.estimator_.score_samples(flat).astype(np.float64)


def baseline_detectors(
    *,
    seed: int = 0,
    standardize: bool = False,
    pca_variance: float = 0.9,
    ocsvm_max_train: int | None = 2_000,
    ocsvm_nu: float = 0.1,
    lof: bool = True,
) -> dict[str, Callable[[], Detector]]:
    """Factories of the classical detectors the autoencoder is measured against."""
    factories: dict[str, Callable[[], Detector]] = {
        "PCA reconstruction": lambda: PCADetector(variance=pca_variance),
        "Isolation Forest": lambda: SklearnDetector(
            IsolationForest(n_estimators=200, random_state=seed), standardize=standardize
        ),
        "One-Class SVM": lambda: SklearnDetector(
            OneClassSVM(kernel="rbf", gamma="scale", nu=ocsvm_nu),
            standardize=standardize,
            max_train=ocsvm_max_train,
        ),
    }
    if lof:
        factories["LOF (novelty)"] = lambda: SklearnDetector(
            LocalOutlierFactor(n_neighbors=20, novelty=True), standardize=standardize
        )
    return factories


# --------------------------------------------------------------------------- one-class MNIST


def one_class_split(
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
    digit: int,
    *,
    n_train: int | None = None,
    n_test: int | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ruff et al. (2018): train on one digit's training images; test on all, others = 1.

    n_train / n_test: random subsets (None keeps everything). Returns
    (x_normal, x_eval, y_eval) with y_eval = 1 where the test digit is not `digit`.
    """
    if isinstance(digit, bool) or not isinstance(digit, (int, np.integer)) or not 0 <= digit <= 9:
        raise ValueError(f"digit must be an int in 0..9, got {digit!r}")
    if len(x_train) != len(y_train) or len(x_test) != len(y_test):
        raise ValueError("images and labels must have the same length")
    rng = np.random.default_rng(seed)
    x_normal = x_train[y_train == digit]
    if n_train is not None and n_train < len(x_normal):
        x_normal = x_normal[np.sort(rng.choice(len(x_normal), n_train, replace=False))]
    idx = np.arange(len(x_test))
    if n_test is not None and n_test < len(x_test):
        idx = np.sort(np.random.default_rng(seed + 1).choice(len(x_test), n_test, replace=False))
    return x_normal, x_test[idx], (y_test[idx] != digit).astype(np.int64)


@dataclass
class OneClassResult:
    """ROC-AUC per digit and method, seconds per method, test scores and fitted detectors."""

    auc: pd.DataFrame
    seconds: pd.Series
    scores: dict[int, dict[str, np.ndarray]] = field(repr=False)
    labels: dict[int, np.ndarray] = field(repr=False)
    test_index: np.ndarray = field(repr=False)
    detectors: dict[int, dict[str, Detector]] = field(repr=False, default_factory=dict)


def one_class_benchmark(
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
    detectors: Mapping[str, Callable[[], Detector]],
    digits: Iterable[int] = range(10),
    *,
    n_train: int | None = None,
    n_test: int | None = None,
    seed: int = 0,
    log: Callable[[str], None] | None = None,
    keep: Iterable[tuple[int, str]] = (),
) -> OneClassResult:
    """Run the one-class protocol for every digit and every detector on the same split.

    keep: (digit, method) pairs whose fitted detector is kept in `result.detectors`.
    """
    digits = [int(d) for d in digits]
    if not digits or not detectors:
        raise ValueError("need at least one digit and one detector")
    auc = pd.DataFrame(index=pd.Index(digits, name="normal digit"), columns=list(detectors))
    seconds = pd.Series(0.0, index=list(detectors))
    scores: dict[int, dict[str, np.ndarray]] = {}
    labels: dict[int, np.ndarray] = {}
    kept: dict[int, dict[str, Detector]] = {}
    keep = set(keep)
    test_index = np.arange(len(x_test))
    if n_test is not None and n_test < len(x_test):
        test_index = np.sort(
            np.random.default_rng(seed + 1).choice(len(x_test), n_test, replace=False)
        )
    for digit in digits:
        x_normal, x_eval, y_eval = one_class_split(
            x_train, y_train, x_test, y_test, digit, n_train=n_train, n_test=n_test, seed=seed
        )
        labels[digit], scores[digit] = y_eval, {}
        for name, make in detectors.items():
            start = time.perf_counter()
            detector = make().fit(x_normal)
            s = detector.decision_function(x_eval)
            seconds[name] += time.perf_counter() - start
            if (digit, name) in keep:
                kept.setdefault(digit, {})[name] = detector
            scores[digit][name] = s
            auc.loc[digit, name] = roc_auc_score(y_eval, s)
        if log is not None:
            row = ", ".join(f"{m} {auc.loc[digit, m]:.3f}" for m in detectors)
            log(f"digit {digit} ({len(x_normal)} training images): {row}")
    return OneClassResult(auc.astype(float), seconds, scores, labels, test_index, kept)
