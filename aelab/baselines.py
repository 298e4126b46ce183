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


# Classical denoisers: the methods a denoising autoencoder has to beat.


def _denoise_input(name: str, x: np.ndarray) -> np.ndarray:
    """Validate grey images in [0, 1] of shape (n, h, w) or (n, h, w, 1); float32 copy."""
    arr = np.asarray(x)
    if arr.ndim not in (3, 4) or (arr.ndim == 4 and arr.shape[-1] != 1) or len(arr) == 0:
        raise ValueError(
            f"{name} must be grey images of shape (n, height, width) or (n, height, width, 1), "
            f"got {arr.shape}"
        )
    if not np.issubdtype(arr.dtype, np.floating):
        raise ValueError(f"{name} must be floating point in [0, 1], got dtype {arr.dtype}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    if arr.min() < 0.0 or arr.max() > 1.0:
        raise ValueError(
            f"{name} must have values in [0, 1], got [{float(arr.min()):g}, {float(arr.max()):g}]"
        )
    return arr.astype(np.float32)


def _spatial(arr: np.ndarray, value: float) -> tuple[float, ...]:
    """A per-axis filter size that only acts on height and width."""
    return (0, value, value) + ((0,) if arr.ndim == 4 else ())


def _mean_psnr(clean: np.ndarray, denoised: np.ndarray) -> float:
    mse = ((clean - denoised) ** 2).reshape(len(clean), -1).mean(axis=1)
    return float(np.mean(-10.0 * np.log10(np.maximum(mse, 1e-10))))


def _check_pair(noisy: np.ndarray, clean: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    noisy, clean = _denoise_input("noisy", noisy), _denoise_input("clean", clean)
    if noisy.shape != clean.shape:
        raise ValueError(
            f"noisy and clean must have the same shape, got {noisy.shape} and {clean.shape}"
        )
    return noisy, clean


def gaussian_blur(x: np.ndarray, sigma: float) -> np.ndarray:
    """Blur each image with a Gaussian of standard deviation `sigma` pixels (0 = no blur)."""
    if isinstance(sigma, bool) or not isinstance(sigma, int | float | np.number) or sigma < 0:
        raise ValueError(f"sigma must be a number >= 0, got {sigma!r}")
    from scipy.ndimage import gaussian_filter

    arr = _denoise_input("x", x)
    return np.clip(gaussian_filter(arr, _spatial(arr, float(sigma)), mode="constant"), 0.0, 1.0)


def median_filter(x: np.ndarray, size: int = 3) -> np.ndarray:
    """Replace each pixel by the median of its `size` x `size` neighbourhood."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"size must be a positive int, got {size!r}")
    from scipy.ndimage import median_filter as scipy_median

    arr = _denoise_input("x", x)
    return scipy_median(arr, size=(1, size, size) + ((1,) if arr.ndim == 4 else ()))


class GaussianBlurDenoiser:
    """Gaussian blur whose sigma is the one with the best mean PSNR on a validation split."""

    def __init__(self, sigmas: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)) -> None:
        sigmas = tuple(sigmas)
        if not sigmas or any(
            isinstance(s, bool) or not isinstance(s, int | float) or s <= 0 for s in sigmas
        ):
            raise ValueError(
                f"sigmas must be a non-empty tuple of positive numbers, got {sigmas!r}"
            )
        self.sigmas = sigmas

    def fit(self, noisy: np.ndarray, clean: np.ndarray) -> GaussianBlurDenoiser:
        """Try every sigma on (noisy, clean) validation images; keep the best in `sigma_`."""
        noisy, clean = _check_pair(noisy, clean)
        self.scores_ = {s: _mean_psnr(clean, gaussian_blur(noisy, s)) for s in self.sigmas}
        self.sigma_ = max(self.scores_, key=self.scores_.get)
        return self

    def denoise(self, x: np.ndarray) -> np.ndarray:
        """Blur x with the chosen sigma."""
        if not hasattr(self, "sigma_"):
            raise RuntimeError("call fit(noisy, clean) on validation images before denoise()")
        return gaussian_blur(x, self.sigma_)


class NonLocalMeansDenoiser:
    """Non-local means (scikit-image): average pixels whose surrounding patches look alike.

    hs: filter strengths tried by `fit`; the best mean PSNR on validation images wins (`h_`).
    """

    def __init__(
        self,
        hs: tuple[float, ...] = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4),
        patch_size: int = 5,
        patch_distance: int = 6,
    ) -> None:
        hs = tuple(hs)
        if not hs or any(
            isinstance(h, bool) or not isinstance(h, int | float) or h <= 0 for h in hs
        ):
            raise ValueError(f"hs must be a non-empty tuple of positive numbers, got {hs!r}")
        for name, value in (("patch_size", patch_size), ("patch_distance", patch_distance)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        self.hs = hs
        self.patch_size = patch_size
        self.patch_distance = patch_distance

    def _apply(self, arr: np.ndarray, h: float) -> np.ndarray:
        from skimage.restoration import denoise_nl_means

        grey = arr.reshape(arr.shape[:3])  # (n, h, w, 1) -> (n, h, w)
        out = np.empty_like(grey)
        for i, image in enumerate(grey):
            out[i] = denoise_nl_means(
                image, h=h, patch_size=self.patch_size, patch_distance=self.patch_distance
            )
        return np.clip(out, 0.0, 1.0).reshape(arr.shape)

    def fit(self, noisy: np.ndarray, clean: np.ndarray) -> NonLocalMeansDenoiser:
        """Try every h on (noisy, clean) validation images; keep the best in `h_`."""
        noisy, clean = _check_pair(noisy, clean)
        self.scores_ = {h: _mean_psnr(clean, self._apply(noisy, h)) for h in self.hs}
        self.h_ = max(self.scores_, key=self.scores_.get)
        return self

    def denoise(self, x: np.ndarray) -> np.ndarray:
        """Denoise each image with the chosen h (about 10 ms per 28x28 image)."""
        if not hasattr(self, "h_"):
            raise RuntimeError("call fit(noisy, clean) on validation images before denoise()")
        return self._apply(_denoise_input("x", x), self.h_)
