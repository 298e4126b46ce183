"""The synthetic anomaly dataset of notebook 03."""

from __future__ import annotations

import numpy as np
import pytest

from aelab.data import make_anomaly_dataset


def test_shapes_dtypes_and_labels():
    x, y = make_anomaly_dataset(500, 0.04, 12, seed=3)
    assert x.shape == (500, 12) and x.dtype == np.float32
    assert y.shape == (500,) and set(np.unique(y)) == {0, 1}
    assert np.isfinite(x).all()


@pytest.mark.parametrize(("n", "contamination"), [(1000, 0.05), (333, 0.1), (200, 0.0)])
def test_has_the_requested_contamination(n, contamination):
    _, y = make_anomaly_dataset(n, contamination, 10, seed=0)
    assert y.sum() == round(contamination * n)


def test_seeded():
    a = make_anomaly_dataset(300, 0.05, 8, seed=7)
    b = make_anomaly_dataset(300, 0.05, 8, seed=7)
    c = make_anomaly_dataset(300, 0.05, 8, seed=8)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_anomalies_shuffled_not_at_the_front():
    _, y = make_anomaly_dataset(1000, 0.05, 10, seed=0)
    assert y[:50].sum() < 50


def test_anomalies_keep_the_marginals_but_leave_the_surface():
    x, y = make_anomaly_dataset(4000, 0.25, 20, seed=1)
    normal, odd = x[y == 0], x[y == 1]
    # each feature alone looks the same: means and spreads agree
    np.testing.assert_allclose(odd.mean(0), normal.mean(0), atol=0.1)
    np.testing.assert_allclose(odd.std(0), normal.std(0), atol=0.1)
    # but an anomaly is far from its nearest normal neighbour, a normal point is not
    ref, probe = normal[:2000], normal[2000:2300]

    def nearest(points):
        d = ((points[:, None, :] - ref[None, :, :]) ** 2).sum(-1)
        return np.sqrt(d.min(axis=1))

    assert np.median(nearest(odd[:300])) > 2 * np.median(nearest(probe))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_samples": 1}, "n_samples"),
        ({"n_samples": 10.5}, "n_samples"),
        ({"contamination": -0.1}, "contamination"),
        ({"contamination": 0.6}, "contamination"),
        ({"n_features": 2}, "n_features"),
        ({"noise": -1.0}, "noise"),
        ({"scramble": 0.0}, "scramble"),
    ],
)
def test_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_anomaly_dataset(**{"n_samples": 100, **kwargs})
