"""Classical methods the autoencoders are measured against."""

from __future__ import annotations

import numpy as np
from sklearn.decomposition import PCA


def _flat(name: str, x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim < 2 or len(x) < 2:
        raise ValueError(f"{name} must be a batch of at least 2 samples, got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return x.reshape(len(x), -1)


class PCAReconstructor:
    """PCA as an autoencoder: encode = project on k components, decode = map back."""

    def __init__(self, n_components: int, seed: int = 0) -> None:
        if isinstance(n_components, bool) or not isinstance(n_components, int) or n_components < 1:
            raise ValueError(f"n_components must be a positive int, got {n_components!r}")
        self.n_components = n_components
        self.seed = seed

    def fit(self, x: np.ndarray) -> PCAReconstructor:
        """Fit the components on x (any shape (n, ...); flattened internally)."""
        flat = _flat("x", x)
        if self.n_components > min(flat.shape):
            raise ValueError(
                f"n_components={self.n_components} exceeds "
                f"min(n_samples, n_features)={min(flat.shape)}"
            )
        self.pca_ = PCA(n_components=self.n_components, random_state=self.seed).fit(flat)
        self.shape_ = np.asarray(x).shape[1:]
        return self

    def _fitted(self) -> PCA:
        if not hasattr(self, "pca_"):
            raise RuntimeError("call fit() before encode/decode/reconstruct")
        return self.pca_

    def encode(self, x: np.ndarray) -> np.ndarray:
        """Coordinates of x on the k principal components: shape (n, k)."""
        return self._fitted().transform(_flat("x", x))

    def decode(self, z: np.ndarray) -> np.ndarray:
        """Map codes back to the input space (original sample shape)."""
        pca = self._fitted()
        z = np.asarray(z)
        if z.ndim != 2 or z.shape[1] != self.n_components:
            raise ValueError(f"codes must have shape (n, {self.n_components}), got {z.shape}")
        return pca.inverse_transform(z).reshape((len(z), *self.shape_))

    def reconstruct(self, x: np.ndarray) -> np.ndarray:
        """decode(encode(x))."""
        return self.decode(self.encode(x))

    def reconstruction_error(self, x: np.ndarray) -> np.ndarray:
        """Per-sample mean squared reconstruction error: shape (n,)."""
        flat = _flat("x", x)
        return ((flat - self.reconstruct(x).reshape(len(flat), -1)) ** 2).mean(axis=1)
