"""Noise models: seeded, in [0, 1], the promised amount of damage, clear errors."""

from __future__ import annotations

import numpy as np
import pytest

from aelab.data import gaussian_noise, mask_patches, salt_and_pepper_noise

NOISES = {
    "gaussian": lambda x, seed: gaussian_noise(x, 0.5, seed=seed),
    "salt_and_pepper": lambda x, seed: salt_and_pepper_noise(x, 0.2, seed=seed),
    "mask": lambda x, seed: mask_patches(x, 0.3, patch_size=4, seed=seed),
}


@pytest.fixture
def images() -> np.ndarray:
    return np.random.default_rng(0).random((8, 28, 28, 1), dtype=np.float32)


@pytest.mark.parametrize("name", NOISES)
def test_seeded_in_range_and_input_untouched(name, images):
    noise = NOISES[name]
    before = images.copy()
    a, b, c = noise(images, 1), noise(images, 1), noise(images, 2)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert a.shape == images.shape and a.dtype == np.float32
    assert a.min() >= 0.0 and a.max() <= 1.0
    assert not np.array_equal(a, images)
    np.testing.assert_array_equal(images, before)


@pytest.mark.parametrize("name", NOISES)
def test_a_generator_continues_its_stream(name, images):
    noise = NOISES[name]
    rng = np.random.default_rng(5)
    first, second = noise(images, rng), noise(images, rng)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, noise(images, np.random.default_rng(5)))


@pytest.mark.parametrize("name", NOISES)
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (np.full((2, 28, 28), 2.0, np.float32), r"values in \[0, 1\]"),
        (np.full((2, 28, 28), -0.1, np.float32), r"values in \[0, 1\]"),
        (np.full((2, 28, 28), np.nan, np.float32), "NaN"),
        (np.zeros((0, 28, 28), np.float32), "non-empty"),
    ],
)
def test_bad_images_raise(name, bad, message):
    with pytest.raises(ValueError, match=message):
        NOISES[name](bad, 0)


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_bad_seeds_raise(seed, images):
    with pytest.raises(ValueError, match="seed must be"):
        gaussian_noise(images, 0.5, seed=seed)


def test_gaussian_has_the_requested_spread_and_zero_is_identity():
    grey = np.full((20, 28, 28), 0.5, np.float32)
    noisy = gaussian_noise(grey, 0.1, seed=0)  # 0.5 +- 5 std never clips
    assert abs(noisy.mean() - 0.5) < 0.002
    assert abs(noisy.std() - 0.1) < 0.002
    np.testing.assert_array_equal(gaussian_noise(grey, 0.0, seed=0), grey)
    black = np.zeros((20, 28, 28), np.float32)
    clipped = gaussian_noise(black, 0.5, seed=0)
    assert abs((clipped == 0).mean() - 0.5) < 0.01  # half the draws are negative, clipped to 0
    with pytest.raises(ValueError, match="noise_factor"):
        gaussian_noise(grey, -0.1, seed=0)


def test_salt_and_pepper_hits_the_requested_share_of_pixels():
    grey = np.full((50, 28, 28), 0.5, np.float32)
    noisy = salt_and_pepper_noise(grey, 0.2, seed=0)
    changed = noisy != 0.5
    assert abs(changed.mean() - 0.2) < 0.01
    assert set(np.unique(noisy[changed])) == {0.0, 1.0}
    assert abs((noisy[changed] == 1.0).mean() - 0.5) < 0.03
    only_salt = salt_and_pepper_noise(grey, 0.2, salt_ratio=1.0, seed=0)
    assert set(np.unique(only_salt[only_salt != 0.5])) == {1.0}
    np.testing.assert_array_equal(salt_and_pepper_noise(grey, 0.0, seed=0), grey)
    with pytest.raises(ValueError, match=r"amount must be in \[0, 1\]"):
        salt_and_pepper_noise(grey, 1.5, seed=0)


def test_mask_erases_whole_aligned_patches():
    ones = np.ones((40, 28, 28), np.float32)
    masked = mask_patches(ones, 0.25, patch_size=4, fill=0.2, seed=0)
    cells = masked.reshape(40, 7, 4, 7, 4).transpose(0, 1, 3, 2, 4).reshape(40, 7, 7, 16)
    assert set(np.unique(cells.min(axis=-1) == cells.max(axis=-1))) == {True}  # cells are uniform
    erased = cells[..., 0] == np.float32(0.2)
    assert abs(erased.mean() - 0.25) < 0.03
    assert set(np.unique(masked)) == {np.float32(0.2), 1.0}
    np.testing.assert_array_equal(mask_patches(ones, 1.0, seed=0), np.zeros_like(ones))
    partial = mask_patches(np.ones((5, 10, 10, 1), np.float32), 1.0, patch_size=4, seed=0)
    assert partial.shape == (5, 10, 10, 1) and partial.max() == 0.0  # ragged edge cells too


def test_mask_checks_its_arguments():
    ones = np.ones((2, 28, 28), np.float32)
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        mask_patches(np.ones((2, 784), np.float32), 0.5, seed=0)
    with pytest.raises(ValueError, match="patch_size must be a positive int"):
        mask_patches(ones, 0.5, patch_size=0, seed=0)
    with pytest.raises(ValueError, match="fraction must be"):
        mask_patches(ones, -0.5, seed=0)
