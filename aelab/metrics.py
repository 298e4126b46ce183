"""What a reconstruction is judged by. Metrics compute; they never plot."""

from __future__ import annotations

import numpy as np


def _pair(x: np.ndarray, x_hat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, x_hat = np.asarray(x, dtype=np.float64), np.asarray(x_hat, dtype=np.float64)
    if x.shape != x_hat.shape:
        raise ValueError(f"x and x_hat must have the same shape, got {x.shape} and {x_hat.shape}")
    if x.ndim < 2 or len(x) == 0:
        raise ValueError(f"expected a batch of shape (n, ...), got {x.shape}")
    if not (np.isfinite(x).all() and np.isfinite(x_hat).all()):
        raise ValueError("x and x_hat must not contain NaN or infinite values")
    return x, x_hat


def mse_per_sample(x: np.ndarray, x_hat: np.ndarray) -> np.ndarray:
    """Mean squared error of each sample over all its features: shape (n,)."""
    x, x_hat = _pair(x, x_hat)
    return ((x - x_hat) ** 2).reshape(len(x), -1).mean(axis=1)


def mse(x: np.ndarray, x_hat: np.ndarray) -> float:
    """Mean squared error over the whole batch."""
    return float(mse_per_sample(x, x_hat).mean())


# Image quality: PSNR and SSIM, per image and averaged over a batch.

PSNR_CAP_DB = 100.0
"""PSNR given to identical images (MSE 0 would give +inf): keeps batch means finite."""


def _image_pair(
    x: np.ndarray, x_hat: np.ndarray, data_range: float
) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(data_range, bool) or not isinstance(data_range, int | float | np.number):
        raise ValueError(f"data_range must be a positive number, got {data_range!r}")
    if not (np.isfinite(data_range) and data_range > 0):
        raise ValueError(f"data_range must be a positive number, got {data_range!r}")
    x, x_hat = _pair(x, x_hat)
    tol = 1e-5 * data_range  # float32 rounding of filters and sigmoids
    for name, arr in (("x", x), ("x_hat", x_hat)):
        lo, hi = float(arr.min()), float(arr.max())
        if lo < -tol or hi > data_range + tol:
            raise ValueError(
                f"{name} must have values in [0, data_range={data_range:g}], got values in "
                f"[{lo:g}, {hi:g}] (images in 0..255 need data_range=255)"
            )
    return x, x_hat


def psnr_per_image(x: np.ndarray, x_hat: np.ndarray, data_range: float = 1.0) -> np.ndarray:
    """Peak signal-to-noise ratio of each image in dB: 10 log10(data_range² / MSE), shape (n,).

    Identical images get PSNR_CAP_DB (100 dB) instead of +inf.
    """
    x, x_hat = _image_pair(x, x_hat, data_range)
    per_image = ((x - x_hat) ** 2).reshape(len(x), -1).mean(axis=1)
    with np.errstate(divide="ignore"):
        values = 10.0 * np.log10(data_range**2 / per_image)
    return np.minimum(values, PSNR_CAP_DB)


def psnr(x: np.ndarray, x_hat: np.ndarray, data_range: float = 1.0) -> float:
    """Mean over the batch of the per-image PSNR in dB (identical images count PSNR_CAP_DB)."""
    return float(psnr_per_image(x, x_hat, data_range).mean())


def _gray_images(name: str, arr: np.ndarray) -> np.ndarray:
    if arr.ndim == 4 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if arr.ndim != 3:
        raise ValueError(
            f"{name}: SSIM needs grey images of shape (n, height, width) or "
            f"(n, height, width, 1), got {arr.shape}"
        )
    if min(arr.shape[1:]) < 7:
        raise ValueError(f"{name}: SSIM's 7x7 window needs images of at least 7x7, got {arr.shape}")
    return arr


def ssim_per_image(x: np.ndarray, x_hat: np.ndarray, data_range: float = 1.0) -> np.ndarray:
    """Structural similarity of each image (scikit-image, 7x7 window), shape (n,); 1 = identical."""
    from skimage.metrics import structural_similarity

    x, x_hat = _image_pair(x, x_hat, data_range)
    x, x_hat = _gray_images("x", x), _gray_images("x_hat", x_hat)
    return np.array(
        [structural_similarity(a, b, data_range=data_range) for a, b in zip(x, x_hat, strict=True)]
    )


def ssim(x: np.ndarray, x_hat: np.ndarray, data_range: float = 1.0) -> float:
    """Mean over the batch of the per-image SSIM."""
    return float(ssim_per_image(x, x_hat, data_range).mean())
