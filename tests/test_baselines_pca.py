"""PCA as an autoencoder: exact on data that lies in a k-dimensional subspace."""

from __future__ import annotations

import numpy as np
import pytest

from aelab.baselines import PCAReconstructor
from aelab.metrics import mse, mse_per_sample


def test_pca_reconstructs_a_rank_k_dataset_exactly():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3)) @ rng.normal(size=(3, 20)) + 5.0
    pca = PCAReconstructor(3).fit(x)
    assert pca.encode(x).shape == (200, 3)
    np.testing.assert_allclose(pca.reconstruct(x), x, atol=1e-9)
    assert pca.reconstruction_error(x).max() < 1e-18
    assert PCAReconstructor(2).fit(x).reconstruction_error(x).mean() > 1e-3


def test_pca_keeps_image_shape():
    x = np.random.default_rng(1).random((30, 28, 28, 1))
    assert PCAReconstructor(5).fit(x).reconstruct(x[:4]).shape == (4, 28, 28, 1)


def test_pca_bad_input():
    with pytest.raises(ValueError, match="positive int"):
        PCAReconstructor(0)
    with pytest.raises(RuntimeError, match="call fit"):
        PCAReconstructor(2).encode(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="NaN"):
        PCAReconstructor(1).fit(np.array([[0.0, np.nan], [1.0, 2.0]]))
    with pytest.raises(ValueError, match="exceeds"):
        PCAReconstructor(5).fit(np.zeros((3, 4)))


def test_mse_per_sample_by_hand():
    x = np.array([[0.0, 1.0], [1.0, 1.0]])
    x_hat = np.array([[0.0, 0.0], [0.5, 1.0]])
    np.testing.assert_allclose(mse_per_sample(x, x_hat), [0.5, 0.125])
    assert mse(x, x_hat) == pytest.approx(0.3125)
    with pytest.raises(ValueError, match="same shape"):
        mse(x, x_hat[:1])
