"""Checks for the exercises of notebook 03: a threshold rule, the confusion matrix, F1."""

from __future__ import annotations

import numpy as np

from aelab.anomaly import confusion_counts, precision_recall_f1, threshold_percentile
from aelab.checks import Context, exercise


@exercise("nb03_percentile_threshold", points=2, title="The percentile threshold rule")
def check_percentile_threshold(ctx: Context, fn) -> None:
    rng = np.random.default_rng(3)
    cases = [
        (rng.gamma(2.0, 0.01, 1000), 0.05),
        (rng.permutation(np.arange(11.0)), 0.2),  # unsorted, needs interpolation
        (rng.lognormal(-4.0, 1.0, 257), 0.1),
    ]
    for errors, contamination in cases:
        got = ctx.call(fn, errors.copy(), contamination)
        expected = threshold_percentile(errors, contamination)
        ctx.expect_true(
            np.ndim(got) == 0,
            f"percentile_threshold returns one number (got {np.shape(got)})",
            hint="return a float, not an array",
        )
        share = float(np.mean(errors > float(got)))
        ctx.expect_true(
            abs(share - contamination) <= 0.5 / len(errors) + contamination * 0.1 + 1e-12,
            f"the share of errors above your threshold is close to contamination={contamination}"
            f" (got {share:.3f})",
            hint="the threshold is the (1 - contamination) quantile, so that a share of "
            "`contamination` of the errors lies above it",
        )
        ctx.expect_close(
            got,
            expected,
            f"threshold for {len(errors)} errors, contamination {contamination}",
            rtol=1e-9,
            hint="use np.quantile(errors, 1 - contamination) (linear interpolation); "
            "np.percentile takes 100 * (1 - contamination)",
        )


@exercise("nb03_confusion_counts", points=2, title="Confusion counts, anomaly = positive")
def check_confusion_counts(ctx: Context, fn) -> None:
    rng = np.random.default_rng(4)
    hand_true = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    hand_pred = np.array([1, 0, 0, 1, 1, 0, 0, 0])
    cases = [(hand_true, hand_pred)]
    for n, rate in [(200, 0.1), (57, 0.4)]:
        y_true = (rng.random(n) < rate).astype(np.int64)
        y_pred = np.where(rng.random(n) < 0.8, y_true, 1 - y_true)
        cases.append((y_true, y_pred))
    for y_true, y_pred in cases:
        got = ctx.call(fn, y_true.copy(), y_pred.copy())
        expected = confusion_counts(y_true, y_pred)
        ctx.expect_true(
            isinstance(got, dict) and set(got) == set(expected),
            f"confusion_counts returns a dict with keys tp, fp, fn, tn (got {got!r})",
        )
        names = ("tp", "fp", "fn", "tn")
        ctx.expect_close(
            [got[k] for k in names],
            [expected[k] for k in names],
            f"(tp, fp, fn, tn) for {len(y_true)} labels",
            hint="the positive class is the anomaly (1): tp = anomaly flagged, "
            "fp = normal flagged, fn = anomaly missed, tn = normal passed",
        )


@exercise("nb03_precision_recall_f1", points=2, title="Precision, recall and F1 of anomalies")
def check_precision_recall_f1(ctx: Context, fn) -> None:
    cases = [
        {"tp": 3, "fp": 1, "fn": 2, "tn": 10},
        {"tp": 40, "fp": 25, "fn": 8, "tn": 927},
        {"tp": 7, "fp": 0, "fn": 13, "tn": 80},
        {"tp": 0, "fp": 0, "fn": 5, "tn": 95},  # nothing flagged: all three are 0 by convention
    ]
    for counts in cases:
        got = ctx.call(fn, counts["tp"], counts["fp"], counts["fn"], counts["tn"])
        ctx.expect_shape(
            got,
            (3,),
            f"precision_recall_f1{tuple(counts.values())}",
            hint="return a tuple (precision, recall, f1)",
        )
        ctx.expect_close(
            got,
            precision_recall_f1(counts),
            f"(precision, recall, f1) for tp={counts['tp']}, fp={counts['fp']}, "
            f"fn={counts['fn']}, tn={counts['tn']}",
            rtol=1e-9,
            hint="precision = tp / (tp + fp), recall = tp / (tp + fn), F1 is their harmonic "
            "mean; all for the anomaly class, and 0.0 where a denominator is 0",
        )
