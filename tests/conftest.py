"""Shared fixtures: an isolated MNIST cache, a tiny generated MNIST, the offline copy."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path | None:
    """The offline MNIST copy: $AELAB_DATA_DIR, else ../shared/data beside the repo."""
    for candidate in (os.environ.get("AELAB_DATA_DIR"), REPO.parent / "shared" / "data"):
        if candidate and (Path(candidate) / "mnist.npz").is_file():
            return Path(candidate)
    return None


@pytest.fixture
def offline_mnist() -> Path:
    folder = shared_data_dir()
    if folder is None:
        pytest.skip("no offline MNIST copy (set AELAB_DATA_DIR or provide ../shared/data)")
    return folder


@pytest.fixture
def isolated(tmp_path, monkeypatch) -> Path:
    """No AELAB_DATA_DIR, an empty cache folder and an empty Keras home."""
    monkeypatch.delenv("AELAB_DATA_DIR", raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv("AELAB_CACHE_DIR", str(cache))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras-home"))
    return cache


def make_mnist_arrays(n_train: int = 50, n_test: int = 20, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test).astype(np.uint8),
    }


@pytest.fixture
def tiny_mnist_npz(tmp_path) -> Path:
    """A small, valid Keras-layout mnist.npz."""
    path = tmp_path / "src" / "mnist.npz"
    path.parent.mkdir()
    np.savez_compressed(path, **make_mnist_arrays())
    return path
