"""Noise models for denoising: Gaussian, salt-and-pepper and masked patches.

Every function takes images with values in [0, 1], returns a new float32 array of
the same shape (the input is never modified) clipped to [0, 1], and draws its
randomness from `seed`: an int, or a `numpy.random.Generator` to continue a stream.
"""

from __future__ import annotations

import numpy as np

Seed = int | np.random.Generator


def as_generator(seed: Seed) -> np.random.Generator:
    """A Generator from an int seed (or the Generator itself, to continue its stream)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative int or a numpy Generator, got {seed!r}")
    return np.random.default_rng(int(seed))


def _images(x: np.ndarray, min_ndim: int = 1) -> np.ndarray:
    """Validate images in [0, 1] and return a float32 copy."""
    arr = np.asarray(x)
    if not (np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)):
        raise ValueError(f"images must be numbers, got dtype {arr.dtype}")
    if arr.ndim < min_ndim or arr.size == 0:
        raise ValueError(
            f"expected a non-empty array with at least {min_ndim} dimensions, got shape {arr.shape}"
        )
    arr = arr.astype(np.float32)  # always a copy
    if not np.isfinite(arr).all():
        raise ValueError("images must not contain NaN or infinite values")
    lo, hi = float(arr.min()), float(arr.max())
    if lo < 0.0 or hi > 1.0:
        raise ValueError(
            f"images must have values in [0, 1] (divide uint8 pixels by 255), "
            f"got values in [{lo:g}, {hi:g}]"
        )
    return arr


def _fraction(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise ValueError(f"{name} must be a number in [0, 1], got {value!r}")
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in [0, 1], got {value!r}")
    return value


def gaussian_noise(x: np.ndarray, noise_factor: float, *, seed: Seed) -> np.ndarray:
    """x + noise_factor * N(0, 1) pixel by pixel, clipped to [0, 1]."""
    if isinstance(noise_factor, bool) or not isinstance(noise_factor, int | float | np.number):
        raise ValueError(f"noise_factor must be a number >= 0, got {noise_factor!r}")
    if not (np.isfinite(noise_factor) and noise_factor >= 0):
        raise ValueError(f"noise_factor must be a finite number >= 0, got {noise_factor!r}")
    arr = _images(x)
    rng = as_generator(seed)
    noise = rng.standard_normal(arr.shape, dtype=np.float32)
    return np.clip(arr + np.float32(noise_factor) * noise, 0.0, 1.0)


def salt_and_pepper_noise(
    x: np.ndarray, amount: float, *, salt_ratio: float = 0.5, seed: Seed
) -> np.ndarray:
    """Replace a fraction `amount` of the pixels by 1 (salt, share `salt_ratio`) or 0 (pepper)."""
    amount = _fraction("amount", amount)
    salt_ratio = _fraction("salt_ratio", salt_ratio)
    arr = _images(x)
    rng = as_generator(seed)
    hit = rng.random(arr.shape) < amount
    salt = rng.random(arr.shape) < salt_ratio
    arr[hit & salt] = 1.0
    arr[hit & ~salt] = 0.0
    return arr


def mask_patches(
    x: np.ndarray,
    fraction: float,
    *,
    patch_size: int = 4,
    fill: float = 0.0,
    seed: Seed,
) -> np.ndarray:
    """Erase square patches: each cell of a `patch_size` grid with probability `fraction`.

    x: images of shape (n, height, width) or (n, height, width, channels).
    fill: the value erased pixels get (0 = black).
    """
    fraction = _fraction("fraction", fraction)
    fill = _fraction("fill", fill)
    if isinstance(patch_size, bool) or not isinstance(patch_size, int) or patch_size < 1:
        raise ValueError(f"patch_size must be a positive int, got {patch_size!r}")
    arr = _images(x, min_ndim=3)
    if arr.ndim > 4:
        raise ValueError(
            f"expected images of shape (n, height, width) or (n, height, width, channels), "
            f"got {arr.shape}"
        )
    n, height, width = arr.shape[:3]
    rng = as_generator(seed)
    rows, cols = -(-height // patch_size), -(-width // patch_size)
    cells = rng.random((n, rows, cols)) < fraction
    mask = cells.repeat(patch_size, axis=1).repeat(patch_size, axis=2)[:, :height, :width]
    arr[mask] = fill  # a (n, h, w) mask erases every channel of the pixel
    return arr
