"""Classical denoisers: what each filter does, the validation choice, argument checks."""

from __future__ import annotations

import numpy as np
import pytest

from aelab.baselines import (
    GaussianBlurDenoiser,
    NonLocalMeansDenoiser,
    gaussian_blur,
    median_filter,
)
from aelab.data import gaussian_noise, salt_and_pepper_noise
from aelab.metrics import psnr


def _blobs(n: int, side: int = 16, seed: int = 0) -> np.ndarray:
    """Smooth bright squares on black: images a blur or NLM can clean up."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, side, side, 1), np.float32)
    for img in x:
        r, c = rng.integers(2, side - 8, size=2)
        img[r : r + 6, c : c + 6] = 1.0
    return x


def test_blur_spreads_a_point_and_zero_sigma_is_identity():
    x = np.zeros((1, 15, 15), np.float32)
    x[0, 7, 7] = 1.0
    blurred = gaussian_blur(x, 1.0)
    assert blurred.shape == x.shape
    assert blurred.sum() == pytest.approx(1.0, rel=1e-3)  # mass kept away from the border
    assert blurred[0, 7, 7] == pytest.approx(1 / (2 * np.pi), rel=0.05)
    np.testing.assert_allclose(gaussian_blur(x, 0), x)
    batch = np.concatenate([x, np.zeros_like(x)])[..., None]
    assert gaussian_blur(batch, 1.0)[1].max() == 0.0  # images do not bleed into each other


def test_median_removes_isolated_salt_and_keeps_edges():
    grey = np.full((4, 16, 16, 1), 0.5, np.float32)
    salted = salt_and_pepper_noise(grey, 0.05, seed=0)
    assert (salted != 0.5).mean() > 0.03
    cleaned = median_filter(salted, 3)
    assert cleaned.shape == grey.shape
    assert (cleaned != 0.5).mean() < 0.002
    step = np.zeros((2, 16, 16), np.float32)
    step[:, :, 8:] = 1.0
    np.testing.assert_array_equal(median_filter(step, 3), step)  # a straight edge survives
    np.testing.assert_array_equal(median_filter(salted, 1), salted)


def test_blur_denoiser_picks_the_best_sigma_on_validation():
    clean = _blobs(30)
    noisy = gaussian_noise(clean, 0.3, seed=1)
    blur = GaussianBlurDenoiser(sigmas=(0.25, 1.0, 4.0)).fit(noisy, clean)
    assert blur.sigma_ == max(blur.scores_, key=blur.scores_.get)
    assert blur.sigma_ == 1.0  # 0.25 leaves the noise, 4 smears the squares away
    assert blur.scores_[1.0] > psnr(clean, noisy)
    np.testing.assert_allclose(blur.denoise(noisy), gaussian_blur(noisy, 1.0))


def test_non_local_means_improves_on_the_noisy_input():
    clean = _blobs(6, seed=2)
    noisy = gaussian_noise(clean, 0.3, seed=3)
    nlm = NonLocalMeansDenoiser(hs=(0.1, 0.4), patch_size=3, patch_distance=3).fit(noisy, clean)
    assert nlm.h_ in (0.1, 0.4) and set(nlm.scores_) == {0.1, 0.4}
    denoised = nlm.denoise(noisy)
    assert denoised.shape == noisy.shape and denoised.min() >= 0 and denoised.max() <= 1
    assert psnr(clean, denoised) > psnr(clean, noisy) + 1.5


@pytest.mark.parametrize("denoiser", [GaussianBlurDenoiser(), NonLocalMeansDenoiser()])
def test_denoise_before_fit_raises(denoiser):
    with pytest.raises(RuntimeError, match="call fit"):
        denoiser.denoise(_blobs(2))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gaussian_blur(np.zeros((2, 784), np.float32), 1.0), "grey images of shape"),
        (lambda: gaussian_blur(np.zeros((2, 8, 8, 3), np.float32), 1.0), "grey images of shape"),
        (lambda: gaussian_blur(np.full((2, 8, 8), 255.0), 1.0), r"values in \[0, 1\]"),
        (lambda: gaussian_blur(np.zeros((2, 8, 8), np.uint8), 1.0), "floating point"),
        (lambda: gaussian_blur(np.zeros((2, 8, 8)), -1.0), "sigma must be"),
        (lambda: median_filter(np.zeros((2, 8, 8)), 0), "size must be a positive int"),
        (lambda: GaussianBlurDenoiser(sigmas=()), "sigmas must be"),
        (lambda: NonLocalMeansDenoiser(hs=(0.0,)), "hs must be"),
        (lambda: NonLocalMeansDenoiser(patch_size=0), "patch_size must be"),
        (
            lambda: GaussianBlurDenoiser().fit(_blobs(2), _blobs(3)),
            "same shape",
        ),
    ],
)
def test_bad_arguments_raise(call, message):
    with pytest.raises(ValueError, match=message):
        call()
