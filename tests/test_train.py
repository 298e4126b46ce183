"""Training with a fresh corruption every epoch."""

from __future__ import annotations

import numpy as np
import pytest

from aelab import models
from aelab.data import gaussian_noise
from aelab.train import train_autoencoder


@pytest.fixture(autouse=True)
def _seeded():
    from aelab import setup

    setup(seed=0, quick=True)


def test_corrupt_gives_every_epoch_fresh_inputs_and_one_history():
    x = np.random.default_rng(1).random((128, 16), dtype=np.float32)
    seen = []

    def corrupt(clean, epoch):
        seen.append((epoch, clean is x))
        return gaussian_noise(clean, 0.3, seed=epoch)

    model = models.dense_autoencoder(input_dim=16, hidden=(8,), latent_dim=4)
    history = train_autoencoder(model, x, epochs=3, batch_size=32, corrupt=corrupt)
    assert seen == [(0, True), (1, True), (2, True)]  # once per epoch, given the clean x
    assert len(history["loss"]) == 3 and history["loss"][-1] < history["loss"][0]
    assert int(model.optimizer.iterations) == 3 * 4  # one optimizer across the epochs


def test_corrupt_is_checked():
    x = np.random.default_rng(1).random((64, 16), dtype=np.float32)
    model = models.dense_autoencoder(input_dim=16, hidden=(8,), latent_dim=4)
    with pytest.raises(ValueError, match="returned shape"):
        train_autoencoder(model, x, epochs=1, corrupt=lambda c, e: c[:, :8])
    with pytest.raises(ValueError, match="NaN"):
        train_autoencoder(model, x, epochs=1, corrupt=lambda c, e: c * np.nan)
    with pytest.raises(ValueError, match="corrupt must be a function"):
        train_autoencoder(model, x, epochs=1, corrupt=0.5)
