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
    "import_mnist",
    "load_mnist",
    "locate_mnist",
    "mnist_info",
    "parse_idx",
    "read_idx",
    "read_mnist",
    "write_idx",
]
