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
