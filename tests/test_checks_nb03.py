"""Checks of notebook 03: the solution passes, realistic mistakes fail with a useful message."""

from __future__ import annotations

import numpy as np
import pytest

from aelab.checks.nb03 import (
    check_confusion_counts,
    check_percentile_threshold,
    check_precision_recall_f1,
)

# ---------------------------------------------------------------- solutions


def percentile_threshold(errors, contamination):
    return float(np.quantile(errors, 1 - contamination))


def percentile_threshold_np_percentile(errors, contamination):
    return np.percentile(errors, 100 * (1 - contamination))


def confusion_counts(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {
        "tp": int(np.sum((y_true == 1) & (y_pred == 1))),
        "fp": int(np.sum((y_true == 0) & (y_pred == 1))),
        "fn": int(np.sum((y_true == 1) & (y_pred == 0))),
        "tn": int(np.sum((y_true == 0) & (y_pred == 0))),
    }


def precision_recall_f1(tp, fp, fn, tn):
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# ---------------------------------------------------------------- realistic mistakes


def threshold_wrong_tail(errors, contamination):
    return float(np.quantile(errors, contamination))


def threshold_forgot_percent(errors, contamination):
    return float(np.percentile(errors, 1 - contamination))


def threshold_sorted_index(errors, contamination):
    return float(np.sort(errors)[int((1 - contamination) * len(errors))])


def threshold_array(errors, contamination):
    return np.quantile(errors, [1 - contamination])


def confusion_fp_fn_swapped(y_true, y_pred):
    c = confusion_counts(y_true, y_pred)
    return {"tp": c["tp"], "fp": c["fn"], "fn": c["fp"], "tn": c["tn"]}


def confusion_normal_positive(y_true, y_pred):
    return confusion_counts(1 - np.asarray(y_true), 1 - np.asarray(y_pred))


def confusion_as_tuple(y_true, y_pred):
    return tuple(confusion_counts(y_true, y_pred).values())


def prf_swapped(tp, fp, fn, tn):
    p, r, f1 = precision_recall_f1(tp, fp, fn, tn)
    return r, p, f1


def prf_arithmetic_mean(tp, fp, fn, tn):
    p, r, _ = precision_recall_f1(tp, fp, fn, tn)
    return p, r, (p + r) / 2


def prf_normal_class(tp, fp, fn, tn):  # the class TensorFlow's tutorial reports
    return precision_recall_f1(tn, fn, fp, tp)


def prf_no_zero_guard(tp, fp, fn, tn):
    p, r = tp / (tp + fp), tp / (tp + fn)
    return p, r, 2 * p * r / (p + r)


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize(
    ("check", "solution"),
    [
        (check_percentile_threshold, percentile_threshold),
        (check_percentile_threshold, percentile_threshold_np_percentile),
        (check_confusion_counts, confusion_counts),
        (check_precision_recall_f1, precision_recall_f1),
    ],
)
def test_solutions_get_full_points(check, solution):
    result = check(solution)
    assert result.status == "passed", result.text()
    assert result.points == result.max_points == 2
    assert result.passed_tests


@pytest.mark.parametrize(
    ("check", "wrong", "expected_text"),
    [
        (check_percentile_threshold, threshold_wrong_tail, "share of errors above"),
        (check_percentile_threshold, threshold_forgot_percent, "share of errors above"),
        (check_percentile_threshold, threshold_sorted_index, "expected"),
        (check_percentile_threshold, threshold_array, "one number"),
        (check_confusion_counts, confusion_fp_fn_swapped, "expected"),
        (check_confusion_counts, confusion_normal_positive, "positive class is the anomaly"),
        (check_confusion_counts, confusion_as_tuple, "dict with keys"),
        (check_precision_recall_f1, prf_swapped, "expected"),
        (check_precision_recall_f1, prf_arithmetic_mean, "harmonic"),
        (check_precision_recall_f1, prf_normal_class, "anomaly class"),
        (check_precision_recall_f1, prf_no_zero_guard, "ZeroDivisionError"),
    ],
)
def test_realistic_mistakes_fail_with_a_useful_message(check, wrong, expected_text):
    result = check(wrong)
    assert result.status == "failed" and result.points == 0, result.text()
    assert expected_text in result.message, result.message
