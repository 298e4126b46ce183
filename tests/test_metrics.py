"""PSNR and SSIM: hand-computed values, identical images, argument checks."""

from __future__ import annotations

import numpy as np
import pytest
from skimage.metrics import structural_similarity

from aelab.metrics import (
    PSNR_CAP_DB,
    mse,
    mse_per_sample,
    psnr,
    psnr_per_image,
    ssim,
    ssim_per_image,
)


def test_psnr_matches_a_hand_computation():
    clean = np.zeros((2, 4, 4), np.float32)
    noisy = clean.copy()
    noisy[0] += 0.1  # MSE 0.01 -> 20 dB
    noisy[1, 0, 0] = 1.0  # MSE 1/16 -> 10 log10(16) = 12.04 dB
    per_image = psnr_per_image(clean, noisy)
    np.testing.assert_allclose(per_image, [20.0, 10 * np.log10(16)], rtol=1e-5)
    assert psnr(clean, noisy) == pytest.approx(per_image.mean())
    # the mean of per-image PSNR is not the PSNR of the mean MSE
    assert psnr(clean, noisy) != pytest.approx(-10 * np.log10(mse(clean, noisy)))
    np.testing.assert_allclose(per_image, -10 * np.log10(mse_per_sample(clean, noisy)), rtol=1e-6)


def test_psnr_of_identical_images_is_the_stated_cap():
    x = np.random.default_rng(0).random((3, 28, 28, 1))
    np.testing.assert_array_equal(psnr_per_image(x, x), np.full(3, PSNR_CAP_DB))
    assert psnr(x, x) == PSNR_CAP_DB == 100.0


def test_psnr_uses_the_data_range():
    rng = np.random.default_rng(1)
    x, y = rng.random((4, 8, 8)), rng.random((4, 8, 8))
    np.testing.assert_allclose(
        psnr_per_image(255 * x, 255 * y, data_range=255), psnr_per_image(x, y)
    )
    with pytest.raises(ValueError, match="data_range=255"):
        psnr(255 * x, 255 * y)


def test_ssim_is_one_for_identical_images_and_matches_scikit_image():
    rng = np.random.default_rng(2)
    x = rng.random((3, 28, 28, 1))
    np.testing.assert_allclose(ssim_per_image(x, x), 1.0)
    y = np.clip(x + 0.2 * rng.standard_normal(x.shape), 0, 1)
    expected = [
        structural_similarity(a[..., 0], b[..., 0], data_range=1.0)
        for a, b in zip(x, y, strict=True)
    ]
    np.testing.assert_allclose(ssim_per_image(x, y), expected)
    assert ssim(x, y) == pytest.approx(np.mean(expected))
    assert ssim(x, y) < 0.9
    np.testing.assert_allclose(ssim_per_image(x[..., 0], y[..., 0]), expected)  # (n, h, w) too


@pytest.mark.parametrize("metric", [psnr, ssim, psnr_per_image, ssim_per_image])
@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (np.zeros((2, 28, 28)), np.zeros((2, 28, 27)), "same shape"),
        (np.zeros((2, 28, 28)), np.full((2, 28, 28), np.nan), "NaN"),
        (np.zeros((2, 28, 28)), np.full((2, 28, 28), 1.5), r"x_hat must have values in \[0"),
        (np.full((2, 28, 28), -0.5), np.zeros((2, 28, 28)), r"x must have values in \[0"),
        (np.zeros(28), np.zeros(28), r"batch of shape \(n, ...\)"),
    ],
)
def test_bad_inputs_raise(metric, x, y, message):
    with pytest.raises(ValueError, match=message):
        metric(x, y)


def test_ssim_needs_images_and_a_positive_range():
    with pytest.raises(ValueError, match=r"\(n, height, width\)"):
        ssim(np.zeros((2, 784)), np.zeros((2, 784)))
    with pytest.raises(ValueError, match="at least 7x7"):
        ssim(np.zeros((2, 5, 5)), np.zeros((2, 5, 5)))
    with pytest.raises(ValueError, match="data_range must be"):
        psnr(np.zeros((2, 5, 5)), np.zeros((2, 5, 5)), data_range=0)
