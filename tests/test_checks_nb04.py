"""Checks of notebook 04: the solution passes, realistic mistakes fail with a useful message."""

from __future__ import annotations

import numpy as np
import pytest

from aelab.checks.nb04 import check_build_autoencoder, check_compression_ratio, check_quantize_code


@pytest.fixture(autouse=True)
def _seeded():
    from aelab import setup

    setup(seed=0, quick=True)


def _build(input_dim, hidden, latent_dim, *, code_act=None, out_act="sigmoid", mirror=True):
    import keras
    from keras import layers

    x = inputs = keras.Input((input_dim,))
    for units in hidden:
        x = layers.Dense(units, activation="relu")(x)
    encoder = keras.Model(inputs, layers.Dense(latent_dim, activation=code_act)(x))
    z = code = keras.Input((latent_dim,))
    for units in reversed(hidden) if mirror else hidden:
        z = layers.Dense(units, activation="relu")(z)
    decoder = keras.Model(code, layers.Dense(input_dim, activation=out_act)(z))
    return encoder, decoder


def _build_no_bias(input_dim, hidden, latent_dim):
    import keras
    from keras import layers

    x = inputs = keras.Input((input_dim,))
    for units in hidden:
        x = layers.Dense(units, activation="relu", use_bias=False)(x)
    encoder = keras.Model(inputs, layers.Dense(latent_dim, use_bias=False)(x))
    z = code = keras.Input((latent_dim,))
    for units in reversed(hidden):
        z = layers.Dense(units, activation="relu", use_bias=False)(z)
    decoder = keras.Model(code, layers.Dense(input_dim, activation="sigmoid", use_bias=False)(z))
    return encoder, decoder


def test_build_autoencoder_solution_gets_full_points():
    result = check_build_autoencoder(_build)
    assert result.status == "passed" and result.points == 3, result.text()


@pytest.mark.parametrize(
    ("wrong", "expected"),
    [
        (lambda i, h, k: _build(i, h, k, out_act=None), "decoder activations"),
        (lambda i, h, k: _build(i, h, k, code_act="relu"), "encoder activations"),
        (lambda i, h, k: _build(i, h, k, mirror=False), "decoder Dense widths"),
        (
            lambda i, h, k: _build(784, (512, 128), 2),
            "takes inputs of shape (batch, 64)",
        ),  # hard-coded
        (_build_no_bias, "parameters"),
        (lambda i, h, k: _build(i, h, k)[0], "expected a pair"),
    ],
)
def test_build_autoencoder_rejects_realistic_mistakes(wrong, expected):
    result = check_build_autoencoder(wrong)
    assert result.status == "failed" and result.points == 0
    assert expected in result.message, result.message


def test_compression_ratio_solution_and_mistakes():
    def solution(input_dim, input_bits, latent_dim, code_bits):
        return input_dim * input_bits / (latent_dim * code_bits)

    assert check_compression_ratio(solution).status == "passed"
    inverted = check_compression_ratio(lambda i, ib, k, kb: (k * kb) / (i * ib))  # code over input
    assert inverted.status == "failed"
    assert "expected array(98.)" in inverted.message and "0.0102" in inverted.message
    numbers_only = check_compression_ratio(lambda i, ib, k, kb: i / k)  # ignores the bits
    assert numbers_only.status == "failed" and "compression_ratio(" in numbers_only.message


def _quantize(z, low, high, bits):
    top = 2**bits - 1
    return np.rint((np.clip(z, low, high) - low) / (high - low) * top).astype(np.uint8)


def test_quantize_code_solution_gets_full_points():
    result = check_quantize_code(_quantize)
    assert result.status == "passed" and result.points == 2, result.text()


@pytest.mark.parametrize(
    ("wrong", "expected"),
    [
        # truncating instead of rounding
        (
            lambda z, lo, hi, b: ((np.clip(z, lo, hi) - lo) / (hi - lo) * (2**b - 1)).astype(int),
            "round to the nearest level",
        ),
        # 2**bits levels apart instead of 2**bits - 1: the top of the range becomes 256
        (
            lambda z, lo, hi, b: np.rint((np.clip(z, lo, hi) - lo) / (hi - lo) * 2**b).astype(int),
            "lie in [0, 255]",
        ),
        # no clipping: values outside the range give negative levels
        (
            lambda z, lo, hi, b: np.rint((z - lo) / (hi - lo) * (2**b - 1)).astype(int),
            "clip z to [low, high]",
        ),
        # float levels
        (lambda z, lo, hi, b: _quantize(z, lo, hi, b).astype(float), "levels are integers"),
    ],
)
def test_quantize_code_rejects_realistic_mistakes(wrong, expected):
    result = check_quantize_code(wrong)
    assert result.status == "failed" and result.points == 0
    assert expected in result.message, result.message
