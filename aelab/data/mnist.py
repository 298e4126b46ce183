"""The MNIST loader: offline copies first, a verified download last."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aelab.config import REPO_ROOT
from aelab.data.idx import IDXFormatError, read_idx

# The file Keras itself downloads (keras/src/datasets/mnist.py).
MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
NPZ_NAME = "mnist.npz"
SPLITS = ("x_train", "y_train", "x_test", "y_test")
IDX_NAMES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
FIX_COMMANDS = (
    "  python -m aelab data fetch                 # on a machine with internet\n"
    "  python -m aelab data import PATH           # a mnist.npz, or a folder of the 4 IDX files\n"
    "  export AELAB_DATA_DIR=/folder/with/mnist   # or point aelab at an existing copy"
)


class MNISTNotFoundError(FileNotFoundError):
    """No usable copy of MNIST was found and none could be downloaded."""


class MNISTCorruptError(ValueError):
    """A copy of MNIST exists but its hash or its content is wrong."""


class MNISTDownloadError(OSError):
    """The download failed (HTTP error, no connection, wrong hash)."""


@dataclass(frozen=True)
class MNISTSource:
    """Where `load_mnist` found the data."""

    kind: str  # "path", "AELAB_DATA_DIR", "cache", "keras-cache" or "download"
    location: Path


def cache_dir() -> Path:
    """`$AELAB_CACHE_DIR`, else the repo's `data/`, else `~/.cache/aelab` outside the repo."""
    if os.environ.get("AELAB_CACHE_DIR"):
        return Path(os.environ["AELAB_CACHE_DIR"]).expanduser()
    if (REPO_ROOT / "pyproject.toml").is_file():
        return REPO_ROOT / "data"
    return Path.home() / ".cache" / "aelab"


def keras_cache_file() -> Path:
    """Where `keras.datasets.mnist.load_data()` keeps its copy."""
    home = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras"))
    return home / "datasets" / NPZ_NAME


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    """The sha256 hex digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def validate_mnist(arrays: dict[str, np.ndarray], name: str = "MNIST") -> dict[str, np.ndarray]:
    """Check the four arrays of MNIST: uint8 28x28 images, labels 0..9, matching counts."""
    missing = [k for k in SPLITS if k not in arrays]
    if missing:
        raise MNISTCorruptError(f"{name}: missing arrays {missing}; expected {list(SPLITS)}")
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.ndim != 3 or x.shape[1:] != (28, 28) or x.shape[0] == 0:
            raise MNISTCorruptError(f"{name}: x_{split} has shape {x.shape}, expected (n, 28, 28)")
        if x.dtype != np.uint8:
            raise MNISTCorruptError(f"{name}: x_{split} has dtype {x.dtype}, expected uint8")
        if y.shape != (x.shape[0],):
            raise MNISTCorruptError(
                f"{name}: y_{split} has shape {y.shape}, "
                f"expected ({x.shape[0]},) to match x_{split}"
            )
        if not np.issubdtype(y.dtype, np.integer) or y.min() < 0 or y.max() > 9:
            raise MNISTCorruptError(f"{name}: y_{split} must hold integer labels 0..9")
    return {k: arrays[k] for k in SPLITS}


def read_mnist_npz(path: str | Path) -> dict[str, np.ndarray]:
    """Read and validate a Keras-layout `mnist.npz` (no pickle)."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
    except (OSError, ValueError, EOFError) as exc:
        raise MNISTCorruptError(f"{path}: not a readable .npz file ({exc})") from exc
    return validate_mnist(arrays, str(path))


def _idx_file(folder: Path, stem: str) -> Path | None:
    for candidate in (folder / f"{stem}.gz", folder / stem):
        if candidate.is_file():
            return candidate
    return None


def has_idx_files(folder: str | Path) -> bool:
    """True when the folder holds at least one of the four MNIST IDX files."""
    return any(_idx_file(Path(folder), stem) for stem in IDX_NAMES.values())


def read_mnist_idx(folder: str | Path) -> dict[str, np.ndarray]:
    """Read and validate a folder of the four official IDX files (`.gz` or raw)."""
    folder = Path(folder)
    files = {key: _idx_file(folder, stem) for key, stem in IDX_NAMES.items()}
    missing = [f"{IDX_NAMES[k]}[.gz]" for k, p in files.items() if p is None]
    if missing:
        raise MNISTNotFoundError(f"{folder}: missing IDX files {missing}")
    try:
        arrays = {key: read_idx(path) for key, path in files.items()}
    except IDXFormatError as exc:
        raise MNISTCorruptError(str(exc)) from exc
    return validate_mnist(arrays, str(folder))


def read_mnist(path: str | Path) -> dict[str, np.ndarray]:
    """Read MNIST from a `.npz` file, or a folder holding `mnist.npz` or the IDX files."""
    path = Path(path).expanduser()
    if path.is_file():
        return read_mnist_npz(path)
    if path.is_dir():
        if (path / NPZ_NAME).is_file():
            return read_mnist_npz(path / NPZ_NAME)
        if has_idx_files(path):
            return read_mnist_idx(path)
        raise MNISTNotFoundError(f"{path}: holds neither {NPZ_NAME} nor the MNIST IDX files")
    raise MNISTNotFoundError(f"{path}: no such file or folder")


def _folder_has_mnist(folder: Path) -> bool:
    return folder.is_dir() and ((folder / NPZ_NAME).is_file() or has_idx_files(folder))


def _hash_file_for(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def read_cached_npz(path: Path) -> dict[str, np.ndarray]:
    """Read the cache copy, refusing it when its bytes changed since it was stored."""
    actual = sha256_file(path)
    recorded = _hash_file_for(path)
    expected = recorded.read_text().split()[0] if recorded.is_file() else MNIST_SHA256
    if actual != expected:
        raise MNISTCorruptError(
            f"{path}: sha256 is {actual}, expected {expected} "
            f"({'recorded when it was stored' if recorded.is_file() else 'the official hash'}). "
            f"The cached file is corrupt: delete it, then run `python -m aelab data fetch` "
            f"or `python -m aelab data import PATH`."
        )
    return read_mnist_npz(path)


def _locate(path: str | Path | None, download: bool) -> tuple[MNISTSource, dict[str, np.ndarray]]:
    looked: list[str] = []
    if path is not None:
        return MNISTSource("path", Path(path)), read_mnist(path)

    env_dir = os.environ.get("AELAB_DATA_DIR")
    if env_dir:
        folder = Path(env_dir).expanduser()
        if _folder_has_mnist(folder):
            return MNISTSource("AELAB_DATA_DIR", folder), read_mnist(folder)
        looked.append(f"$AELAB_DATA_DIR={folder} (no {NPZ_NAME} or IDX files there)")
    else:
        looked.append("$AELAB_DATA_DIR (not set)")

    cached = cache_dir() / NPZ_NAME
    if cached.is_file():
        return MNISTSource("cache", cached), read_cached_npz(cached)
    looked.append(f"{cached} (absent)")

    keras_file = keras_cache_file()
    if keras_file.is_file():
        if sha256_file(keras_file) == MNIST_SHA256:
            return MNISTSource("keras-cache", keras_file), read_mnist_npz(keras_file)
        looked.append(f"{keras_file} (present, but not the official sha256: ignored)")
    else:
        looked.append(f"{keras_file} (absent)")

    if download:
        try:
            target = fetch_mnist()
        except MNISTDownloadError as exc:
            looked.append(f"{MNIST_URL} (download failed: {exc})")
        else:
            return MNISTSource("download", target), read_cached_npz(target)
    else:
        looked.append("download (not attempted: download=False)")

    places = "\n".join(f"  - {item}" for item in looked)
    raise MNISTNotFoundError(
        f"MNIST not found. Looked in:\n{places}\nTo fix it, run one of:\n{FIX_COMMANDS}"
    )


def locate_mnist(path: str | Path | None = None, *, download: bool = False) -> MNISTSource:
    """Where `load_mnist` would take MNIST from (validating it on the way)."""
    return _locate(path, download)[0]


def load_mnist(
    *,
    normalize: bool = True,
    flatten: bool = False,
    limit: int | None = None,
    path: str | Path | None = None,
    download: bool = True,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load MNIST as `(x_train, y_train), (x_test, y_test)`.

    normalize: float32 in [0, 1] (else uint8 0..255).
    flatten: images of shape (n, 784) (else (n, 28, 28, 1)).
    limit: keep the first `limit` images of each split.
    path: a `mnist.npz` or IDX folder to use instead of the search order in data/README.md.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ValueError(f"limit must be a positive int or None, got {limit!r}")
    _, arrays = _locate(path, download)
    out = []
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"].astype(np.int64)
        if limit is not None:
            x, y = x[:limit], y[:limit]
        x = x.reshape(len(x), 784) if flatten else x.reshape(len(x), 28, 28, 1)
        if normalize:
            x = x.astype(np.float32) / np.float32(255.0)
        out.append((x, y))
    return out[0], out[1]


def _progress_printer(name: str) -> Callable[[int, int | None], None]:
    def show(done: int, total: int | None) -> None:
        if total:
            pct = 100 * done / total
            bar = "#" * int(pct // 4)
            size = f"{done / 1e6:.1f}/{total / 1e6:.1f} MB"
            msg = f"\rDownloading {name} [{bar:<25}] {pct:5.1f}% {size}"
        else:
            msg = f"\rDownloading {name} {done / 1e6:.1f} MB"
        print(msg, end="" if done != total else "\n", file=sys.stderr, flush=True)

    return show


def _store(write: Callable[[Path], None], target: Path, digest: str | None = None) -> Path:
    """Write to a temporary file beside `target`, validate, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        read_mnist_npz(tmp)
        digest = digest or sha256_file(tmp)
        os.replace(tmp, target)
        _hash_file_for(target).write_text(f"{digest}  {target.name}\n")
    finally:
        tmp.unlink(missing_ok=True)
    return target


def fetch_mnist(
    url: str | None = None,
    sha256: str | None = None,
    dest_dir: str | Path | None = None,
    *,
    timeout: float = 10.0,
    force: bool = False,
    progress: bool = True,
) -> Path:
    """Download `mnist.npz`, check its sha256 and format, and store it in the cache.

    url, sha256: default to the official Keras file and its hash.
    Nothing is left behind when the download fails or the hash does not match.
    """
    url = url or MNIST_URL
    sha256 = sha256 or MNIST_SHA256
    target = Path(dest_dir) if dest_dir is not None else cache_dir()
    target = target / NPZ_NAME
    if target.is_file() and not force:
        read_cached_npz(target)
        return target

    def download(tmp: Path) -> None:
        show = _progress_printer(NPZ_NAME) if progress else None
        digest = hashlib.sha256()
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, open(tmp, "wb") as out:
                total = int(response.headers.get("Content-Length") or 0) or None
                done = 0
                while block := response.read(1 << 16):
                    out.write(block)
                    digest.update(block)
                    done += len(block)
                    if show:
                        show(done, total)
        except urllib.error.HTTPError as exc:
            raise MNISTDownloadError(f"HTTP {exc.code} {exc.reason} from {url}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise MNISTDownloadError(f"cannot reach {url}: {reason}") from exc
        if digest.hexdigest() != sha256:
            raise MNISTDownloadError(
                f"sha256 mismatch for {url}: expected {sha256}, got {digest.hexdigest()}; "
                "the download was discarded"
            )

    return _store(download, target, sha256)


def import_mnist(source: str | Path, dest_dir: str | Path | None = None) -> Path:
    """Validate a local `mnist.npz` or IDX folder and copy it into the cache as `mnist.npz`."""
    source = Path(source).expanduser()
    arrays = read_mnist(source)
    target = (Path(dest_dir) if dest_dir is not None else cache_dir()) / NPZ_NAME
    npz = source if source.is_file() else source / NPZ_NAME
    if npz.is_file():
        return _store(lambda tmp: shutil.copyfile(npz, tmp), target)

    def write_npz(tmp: Path) -> None:
        with open(tmp, "wb") as out:  # a file object: savez would append ".npz" to a name
            np.savez_compressed(out, **arrays)

    return _store(write_npz, target)


def mnist_info(path: str | Path | None = None) -> dict[str, object]:
    """Describe the copy of MNIST that `load_mnist` would use (without downloading)."""
    source, arrays = _locate(path, download=False)
    file = source.location / NPZ_NAME if source.location.is_dir() else source.location
    info: dict[str, object] = {"source": source.kind, "location": str(source.location)}
    if file.is_file():
        digest = sha256_file(file)
        info["sha256"] = digest
        info["official_keras_file"] = digest == MNIST_SHA256
    for key in SPLITS:
        info[f"{key}.shape"] = arrays[key].shape
    for split in ("train", "test"):
        info[f"{split} class counts"] = np.bincount(arrays[f"y_{split}"], minlength=10).tolist()
    info["cache_dir"] = str(cache_dir())
    return info
