"""Model builders: shapes, usable encoder/decoder, argument checks."""

from __future__ import annotations

import numpy as np
import pytest

from aelab import models


@pytest.fixture(autouse=True)
def _seeded():
    from aelab import setup

    setup(seed=0, quick=True)


def _check_composition(model, x):
    codes = model.encoder.predict(x, verbose=0)
    via_parts = model.decoder.predict(codes, verbose=0)
    whole = model.predict(x, verbose=0)
    np.testing.assert_allclose(whole, via_parts, rtol=1e-5, atol=1e-6)
    return codes, whole


def test_dense_autoencoder_shapes_and_parts():
    model = models.dense_autoencoder(input_dim=784, hidden=(300,), latent_dim=2)
    x = np.random.default_rng(0).random((5, 784), dtype=np.float32)
    codes, out = _check_composition(model, x)
    assert codes.shape == (5, 2) and out.shape == (5, 784)
    assert 0.0 <= out.min() and out.max() <= 1.0  # sigmoid output
    # 784*300+300 + 300*2+2 on each side
    assert model.encoder.count_params() == 784 * 300 + 300 + 300 * 2 + 2
    assert model.decoder.count_params() == 2 * 300 + 300 + 300 * 784 + 784


def test_dense_autoencoder_deep_stack_mirrors_hidden_layers():
    model = models.dense_autoencoder(hidden=(1000, 500, 250), latent_dim=2)
    widths = [layer.units for layer in model.decoder.layers if hasattr(layer, "units")]
    assert widths == [250, 500, 1000, 784]


def test_linear_autoencoder_has_no_activation():
    model = models.linear_autoencoder(input_dim=10, latent_dim=3)
    x = np.random.default_rng(1).normal(size=(4, 10)).astype(np.float32)
    _, out = _check_composition(model, x)
    (w_e, b_e), (w_d, b_d) = (
        model.encoder.layers[-1].get_weights(),
        model.decoder.layers[-1].get_weights(),
    )
    np.testing.assert_allclose(out, (x @ w_e + b_e) @ w_d + b_d, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("latent_dim", [None, 16])
def test_conv_autoencoder_shapes(latent_dim):
    model = models.conv_autoencoder(filters=(8, 16), latent_dim=latent_dim)
    x = np.random.default_rng(0).random((3, 28, 28, 1), dtype=np.float32)
    codes, out = _check_composition(model, x)
    assert out.shape == (3, 28, 28, 1)
    assert codes.shape == ((3, 7, 7, 16) if latent_dim is None else (3, 16))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"latent_dim": 0}, "latent_dim must be a positive int"),
        ({"hidden": ()}, "hidden must list at least one layer size"),
        ({"hidden": (300, -1)}, "every entry of hidden"),
        ({"input_dim": 0}, "input_dim must be a positive int"),
    ],
)
def test_dense_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        models.dense_autoencoder(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"filters": ()}, "filters must list at least one"),
        ({"filters": (8, 8, 8)}, "divisible by 8"),
        ({"input_shape": (28, 28)}, "input_shape must be"),
        ({"latent_dim": 0}, "latent_dim must be a positive int"),
    ],
)
def test_conv_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        models.conv_autoencoder(**kwargs)


def test_train_autoencoder_learns_and_checks_input():
    from aelab.train import train_autoencoder

    x = np.random.default_rng(0).random((256, 16), dtype=np.float32)
    model = models.dense_autoencoder(input_dim=16, hidden=(8,), latent_dim=4)
    history = train_autoencoder(model, x, epochs=5, batch_size=32)
    assert len(history["loss"]) == 5 and history["loss"][-1] < history["loss"][0]
    with pytest.raises(ValueError, match="NaN"):
        train_autoencoder(model, np.full((4, 16), np.nan, np.float32), epochs=1)
    with pytest.raises(ValueError, match="epochs must be"):
        train_autoencoder(model, x, epochs=0)


def test_dense_autoencoder_batch_norm_option():
    plain = models.dense_autoencoder(input_dim=20, hidden=(8, 4), latent_dim=2)
    model = models.dense_autoencoder(input_dim=20, hidden=(8, 4), latent_dim=2, batch_norm=True)
    x = np.random.default_rng(2).random((6, 20), dtype=np.float32)
    codes, out = _check_composition(model, x)
    assert codes.shape == (6, 2) and out.shape == (6, 20)
    kinds = [type(layer).__name__ for layer in model.encoder.layers[1:]]
    assert kinds == [
        "Dense",
        "BatchNormalization",
        "Activation",
        "Dense",
        "BatchNormalization",
        "Activation",
        "Dense",
    ]
    # each hidden Dense drops its bias (n units) and gains gamma, beta, mean, variance (4n)
    assert model.count_params() == plain.count_params() + 3 * 2 * (8 + 4)
    plain_kinds = {type(layer).__name__ for layer in plain.encoder.layers + plain.decoder.layers}
    assert "BatchNormalization" not in plain_kinds
    with pytest.raises(ValueError, match="batch_norm must be True or False"):
        models.dense_autoencoder(batch_norm="yes")


def test_dense_autoencoder_parts_are_usable_alone_after_training():
    from aelab.train import train_autoencoder

    x = np.random.default_rng(3).random((128, 12), dtype=np.float32)
    model = models.dense_autoencoder(input_dim=12, hidden=(6,), latent_dim=2, batch_norm=True)
    train_autoencoder(model, x, epochs=2, batch_size=32)
    codes = model.encoder.predict(x[:4], verbose=0)
    np.testing.assert_allclose(
        model.decoder.predict(codes, verbose=0), model.predict(x[:4], verbose=0), atol=1e-6
    )
