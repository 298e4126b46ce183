"""Synthetic tabular data with known anomalies, for notebook 03."""

from __future__ import annotations

import numpy as np

INTRINSIC_DIM = 2


def _manifold(latent: np.ndarray, freqs: np.ndarray, phases: np.ndarray) -> np.ndarray:
    """Map latent points (n, d) to the curved surface x_j = sin(freqs_j . u + phase_j)."""
    return np.sin(latent @ freqs.T + phases)


def make_anomaly_dataset(
    n_samples: int = 2_000,
    contamination: float = 0.05,
    n_features: int = 20,
    seed: int = 0,
    *,
    noise: float = 0.05,
    scramble: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """Normal points near a curved 2-D surface in `n_features` dimensions, anomalies off it.

    Normal point: x_j = sin(a_j . u + phi_j) + noise, with u uniform in [-1, 1]^2 and
    fixed random a_j (length 1.5 to 3.5, so every feature bends) and phi_j: the normal
    data is a smooth, curved 2-D sheet that a linear method (PCA) needs many directions
    to cover. Anomaly: a normal point in which a random `scramble` fraction of the
    features is replaced by the same features of another point of the sheet. Every
    coordinate of an anomaly is thus drawn from the normal data's own distribution (no
    single feature gives it away); only the relations between features are broken.
    Returns X (n, n_features) float32 and y (n,) int64 with 1 = anomaly; the rows are
    shuffled and exactly round(contamination * n) of them are anomalies. The sheet is
    the same for every seed; the seed picks the sample.
    """
    if isinstance(n_samples, bool) or not isinstance(n_samples, int) or n_samples < 2:
        raise ValueError(f"n_samples must be an int >= 2, got {n_samples!r}")
    if isinstance(n_features, bool) or not isinstance(n_features, int) or n_features < 3:
        raise ValueError(
            f"n_features must be an int >= 3 (more than the {INTRINSIC_DIM}-D surface), "
            f"got {n_features!r}"
        )
    if not isinstance(contamination, (int, float)) or not 0.0 <= contamination < 0.5:
        raise ValueError(f"contamination must be a fraction in [0, 0.5), got {contamination!r}")
    if not isinstance(noise, (int, float)) or noise < 0:
        raise ValueError(f"noise must be a non-negative float, got {noise!r}")
    if not isinstance(scramble, (int, float)) or not 0.0 < scramble <= 1.0:
        raise ValueError(f"scramble must be a fraction in (0, 1], got {scramble!r}")

    # The surface is the same for every seed: only the sample drawn from it changes.
    shape_rng = np.random.default_rng(20_240_503)
    directions = shape_rng.normal(size=(n_features, INTRINSIC_DIM))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    freqs = directions * shape_rng.uniform(1.5, 3.5, size=(n_features, 1))
    phases = shape_rng.uniform(0.0, 2 * np.pi, size=n_features)

    rng = np.random.default_rng(seed)
    n_anomalies = round(contamination * n_samples)
    latent = rng.uniform(-1.0, 1.0, size=(n_samples, INTRINSIC_DIM))
    x = _manifold(latent, freqs, phases)

    n_swap = max(1, round(scramble * n_features))
    for i in range(n_anomalies):
        donor = _manifold(rng.uniform(-1.0, 1.0, size=(1, INTRINSIC_DIM)), freqs, phases)[0]
        cols = rng.choice(n_features, size=n_swap, replace=False)
        x[i, cols] = donor[cols]
    x += rng.normal(0.0, noise, size=x.shape)

    y = np.zeros(n_samples, dtype=np.int64)
    y[:n_anomalies] = 1
    order = rng.permutation(n_samples)
    return x[order].astype(np.float32), y[order]
