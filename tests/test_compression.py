"""Quantising codes, compression ratios and latent lattices."""

from __future__ import annotations

import numpy as np
import pytest

from aelab.compression import (
    UniformQuantizer,
    compression_ratio,
    dequantize,
    lattice_codes,
    quantize,
)


def test_quantize_maps_the_range_onto_the_levels():
    z = np.array([[-1.0, 0.0], [1.0, 10.0], [0.0, 5.0], [-3.0, 11.0]])
    q = quantize(z, low=[-1.0, 0.0], high=[1.0, 10.0], bits=8)
    assert q.dtype == np.uint8
    assert q.tolist() == [[0, 0], [255, 255], [128, 128], [0, 255]]  # ends, middle, clipped


def test_round_trip_error_is_at_most_half_a_step():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(1000, 2))
    quantizer = UniformQuantizer(bits=8).fit(z)
    back = quantizer.round_trip(z)
    assert back.dtype == np.float32
    assert np.all(np.abs(back - z) <= quantizer.step() / 2 + 1e-6)
    coarse = UniformQuantizer(bits=3).fit(z)
    assert np.abs(coarse.round_trip(z) - z).mean() > np.abs(back - z).mean() * 10


def test_dequantize_inverts_quantize_on_the_levels():
    q = np.arange(16, dtype=np.uint8).reshape(8, 2)
    z = dequantize(q, -2.0, 2.0, bits=4)
    assert quantize(z, -2.0, 2.0, bits=4).tolist() == q.tolist()
    assert z.min() == -2.0 and z.max() == pytest.approx(2.0)


def test_sixteen_bits_use_uint16():
    assert quantize(np.array([[1.0]]), 0.0, 1.0, bits=16).tolist() == [[65535]]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: quantize(np.zeros((2, 2)), 0.0, 1.0, bits=0), "bits must be"),
        (lambda: quantize(np.zeros((2, 2)), 1.0, 1.0), "low < high"),
        (lambda: quantize(np.zeros(2), 0.0, 1.0), r"shape \(n, latent_dim\)"),
        (lambda: quantize(np.full((1, 2), np.nan), 0.0, 1.0), "NaN"),
        (lambda: dequantize(np.array([[256]]), 0.0, 1.0, bits=8), r"levels must lie in \[0, 255\]"),
        (lambda: dequantize(np.array([[0.5]]), 0.0, 1.0), "integer levels"),
        (lambda: UniformQuantizer().quantize(np.zeros((1, 2))), "call fit"),
    ],
)
def test_bad_input_is_rejected(call, message):
    with pytest.raises((ValueError, RuntimeError), match=message):
        call()


def test_compression_ratio():
    assert compression_ratio(784, 8, 2, 32) == 98.0
    assert compression_ratio(784, 8, 2, 8) == 392.0
    with pytest.raises(ValueError, match="latent_dim must be a positive int"):
        compression_ratio(784, 8, 0, 8)


def test_lattice_codes_reading_order():
    grid = lattice_codes((-1.0, -2.0), (1.0, 2.0), 3)
    assert grid.shape == (9, 2)
    np.testing.assert_allclose(grid[0], [-1.0, 2.0])  # top left: lowest z1, highest z2
    np.testing.assert_allclose(grid[2], [1.0, 2.0])  # top right
    np.testing.assert_allclose(grid[-1], [1.0, -2.0])  # bottom right
    with pytest.raises(ValueError, match="n must be an int >= 2"):
        lattice_codes((0, 0), (1, 1), 1)


def test_quantile_ranks_and_lattice_follow_the_data():
    from aelab.compression import quantile_lattice, quantile_ranks

    rng = np.random.default_rng(1)
    reference = np.stack([rng.exponential(size=2000), rng.normal(size=2000)], axis=1)
    ranks = quantile_ranks(reference, reference)
    assert ranks.min() > 0 and ranks.max() == 1.0
    np.testing.assert_allclose(np.sort(ranks[:, 0]), np.arange(1, 2001) / 2000)
    codes, quantiles = quantile_lattice(reference, 5)
    assert codes.shape == quantiles.shape == (25, 2)
    np.testing.assert_allclose(quantiles[0], [0.02, 0.98])  # top left, reading order
    # the lattice codes sit at their own quantiles of the reference
    np.testing.assert_allclose(quantile_ranks(codes, reference), quantiles, atol=2e-3)
    # dense data, close points: the skewed first axis has its lattice steps growing
    steps = np.diff(codes[:5, 0])
    assert steps[-1] > 3 * steps[0]
    with pytest.raises(ValueError, match="need 0 <= low < high <= 1"):
        quantile_lattice(reference, 5, low=0.5, high=0.5)
    with pytest.raises(ValueError, match="dimensions"):
        quantile_ranks(reference, reference[:, :1])
