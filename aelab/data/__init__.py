"""Data for the course: MNIST (offline-first, verified download), noise models, synthetic sets."""

from aelab.data.idx import IDXFormatError, parse_idx, read_idx, write_idx
from aelab.data.mnist import (
    MNIST_SHA256,
    MNIST_URL,
    MNISTCorruptError,
    MNISTDownloadError,
    MNISTNotFoundError,
    MNISTSource,
    cache_dir,
    fetch_mnist,
    import_mnist,
    load_mnist,
    locate_mnist,
    mnist_info,
    read_mnist,
)
from aelab.data.noise import gaussian_noise, mask_patches, salt_and_pepper_noise
from aelab.data.synthetic import make_anomaly_dataset

__all__ = [
    "MNIST_SHA256",
    "MNIST_URL",
    "IDXFormatError",
    "MNISTCorruptError",
    "MNISTDownloadError",
    "MNISTNotFoundError",
    "MNISTSource",
    "cache_dir",
    "fetch_mnist",
    "gaussian_noise",
    "import_mnist",
    "load_mnist",
    "locate_mnist",
    "make_anomaly_dataset",
    "mask_patches",
    "mnist_info",
    "parse_idx",
    "read_idx",
    "read_mnist",
    "salt_and_pepper_noise",
    "write_idx",
]
