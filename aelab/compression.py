"""Codes as stored bytes: uniform quantisation, compression ratios, latent lattices."""

from __future__ import annotations

import numpy as np


def _bits(bits: int) -> int:
    if isinstance(bits, bool) or not isinstance(bits, int) or not 1 <= bits <= 16:
        raise ValueError(f"bits must be an int in [1, 16], got {bits!r}")
    return bits


def _finite_codes(name: str, z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 2 or len(z) == 0:
        raise ValueError(f"{name} must have shape (n, latent_dim) with n >= 1, got {z.shape}")
    if not np.isfinite(z).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return z


def _range(low: np.ndarray, high: np.ndarray, dim: int) -> tuple[np.ndarray, np.ndarray]:
    low = np.broadcast_to(np.asarray(low, dtype=np.float64), (dim,))
    high = np.broadcast_to(np.asarray(high, dtype=np.float64), (dim,))
    if not (np.isfinite(low).all() and np.isfinite(high).all() and (high > low).all()):
        raise ValueError(f"need finite low < high in every dimension, got low={low}, high={high}")
    return low, high


def quantize(z: np.ndarray, low: np.ndarray, high: np.ndarray, bits: int = 8) -> np.ndarray:
    """Map each code value to one of 2**bits integer levels spread evenly from low to high.

    Values outside [low, high] are clipped first; level 0 is `low`, level 2**bits - 1 is `high`.
    Returns uint8 for bits <= 8, else uint16.
    """
    bits = _bits(bits)
    z = _finite_codes("z", z)
    low, high = _range(low, high, z.shape[1])
    top = 2**bits - 1
    levels = np.rint((np.clip(z, low, high) - low) / (high - low) * top)
    return levels.astype(np.uint8 if bits <= 8 else np.uint16)


def dequantize(q: np.ndarray, low: np.ndarray, high: np.ndarray, bits: int = 8) -> np.ndarray:
    """The code value each integer level stands for (the inverse of `quantize`): float32."""
    bits = _bits(bits)
    q = np.asarray(q)
    if q.ndim != 2 or not np.issubdtype(q.dtype, np.integer):
        raise ValueError(
            f"q must be integer levels of shape (n, latent_dim), got {q.dtype} {q.shape}"
        )
    top = 2**bits - 1
    if q.size and (q.min() < 0 or q.max() > top):
        raise ValueError(
            f"levels must lie in [0, {top}] for {bits} bits, got [{q.min()}, {q.max()}]"
        )
    low, high = _range(low, high, q.shape[1])
    return (low + q / top * (high - low)).astype(np.float32)


class UniformQuantizer:
    """Store each latent dimension in `bits` bits, over the range seen on training codes."""

    def __init__(self, bits: int = 8) -> None:
        self.bits = _bits(bits)

    def fit(self, z: np.ndarray) -> UniformQuantizer:
        """Learn each dimension's [min, max] from training codes of shape (n, latent_dim)."""
        z = _finite_codes("z", z)
        low, high = z.min(axis=0), z.max(axis=0)
        high = np.where(high > low, high, low + 1.0)  # a constant dimension still gets a range
        self.low_, self.high_ = low, high
        return self

    def _fitted(self) -> tuple[np.ndarray, np.ndarray]:
        if not hasattr(self, "low_"):
            raise RuntimeError("call fit() before quantize/dequantize")
        return self.low_, self.high_

    def quantize(self, z: np.ndarray) -> np.ndarray:
        """Integer levels, one per code value."""
        return quantize(z, *self._fitted(), bits=self.bits)

    def dequantize(self, q: np.ndarray) -> np.ndarray:
        """Code values back from integer levels."""
        return dequantize(q, *self._fitted(), bits=self.bits)

    def round_trip(self, z: np.ndarray) -> np.ndarray:
        """dequantize(quantize(z)): the code a decoder sees after storage."""
        return self.dequantize(self.quantize(z))

    def step(self) -> np.ndarray:
        """Distance between neighbouring levels in each latent dimension."""
        low, high = self._fitted()
        return (high - low) / (2**self.bits - 1)


def compression_ratio(input_dim: int, input_bits: int, latent_dim: int, code_bits: int) -> float:
    """How many times fewer bits the code takes than the input.

    The ratio is (input_dim * input_bits) / (latent_dim * code_bits).
    """
    for name, value in [
        ("input_dim", input_dim),
        ("input_bits", input_bits),
        ("latent_dim", latent_dim),
        ("code_bits", code_bits),
    ]:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    return input_dim * input_bits / (latent_dim * code_bits)


def lattice_codes(low: tuple[float, float], high: tuple[float, float], n: int) -> np.ndarray:
    """An n x n grid of 2-D codes covering [low, high], in reading order (top row = highest z2).

    Returns shape (n * n, 2): row r, column c is code index r * n + c.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an int >= 2, got {n!r}")
    low_arr, high_arr = _range(low, high, 2)
    z1 = np.linspace(low_arr[0], high_arr[0], n)
    z2 = np.linspace(high_arr[1], low_arr[1], n)
    grid = np.stack(np.meshgrid(z1, z2), axis=-1).reshape(-1, 2)
    return grid.astype(np.float32)


def quantile_ranks(codes: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Each code value as the fraction of `reference` values below it, per dimension: in [0, 1]."""
    codes, reference = _finite_codes("codes", codes), _finite_codes("reference", reference)
    if codes.shape[1] != reference.shape[1]:
        raise ValueError(
            f"codes have {codes.shape[1]} dimensions but reference has {reference.shape[1]}"
        )
    ranks = [
        np.searchsorted(np.sort(reference[:, d]), codes[:, d], side="right")
        for d in range(codes.shape[1])
    ]
    return (np.stack(ranks, axis=1) / len(reference)).astype(np.float32)


def quantile_lattice(
    reference: np.ndarray, n: int, low: float = 0.02, high: float = 0.98
) -> tuple[np.ndarray, np.ndarray]:
    """An n x n lattice, regular in quantiles of 2-D `reference` codes, in reading order.

    Returns (codes, quantiles), both (n * n, 2): where the reference codes are dense
    the lattice points are close together, where they are sparse, far apart.
    """
    reference = _finite_codes("reference", reference)
    if reference.shape[1] != 2:
        raise ValueError(f"reference must have shape (n, 2), got {reference.shape}")
    if not 0.0 <= low < high <= 1.0:
        raise ValueError(f"need 0 <= low < high <= 1, got low={low}, high={high}")
    quantiles = lattice_codes((low, low), (high, high), n).astype(np.float64)
    codes = np.stack(
        [np.quantile(reference[:, d], quantiles[:, d]) for d in range(2)], axis=1
    ).astype(np.float32)
    return codes, quantiles.astype(np.float32)
