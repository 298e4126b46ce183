"""The MNIST loader: search order, verified download, IDX reader, cache integrity."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import socket
import struct
import subprocess
import sys
import threading
import typing
from pathlib import Path

import numpy as np
import pytest

from aelab.data import idx, mnist
from tests.conftest import REPO, make_mnist_arrays

# ---------------------------------------------------------------- loopback server


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: typing.ClassVar[dict[str, bytes]] = {}

    def do_GET(self):
        body = self.routes.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(tiny_mnist_npz):
    """A loopback HTTP server that serves the tiny mnist.npz at /mnist.npz."""
    handler = type("Handler", (_Handler,), {"routes": {"/mnist.npz": tiny_mnist_npz.read_bytes()}})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cache_leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


# ---------------------------------------------------------------- download


def test_download_with_right_hash_is_cached_and_loads(server, tiny_mnist_npz, isolated):
    path = mnist.fetch_mnist(f"{server}/mnist.npz", _sha(tiny_mnist_npz), progress=False)
    assert path == isolated / "mnist.npz"
    assert _sha(path) == _sha(tiny_mnist_npz)
    assert _cache_leftovers(isolated) == ["mnist.npz", "mnist.npz.sha256"]
    (x, _y), (xt, _yt) = mnist.load_mnist(download=False)
    assert x.shape == (50, 28, 28, 1) and xt.shape == (20, 28, 28, 1)
    assert mnist.locate_mnist().kind == "cache"


def test_download_shows_progress(server, tiny_mnist_npz, isolated, capsys):
    mnist.fetch_mnist(f"{server}/mnist.npz", _sha(tiny_mnist_npz))
    assert "100.0%" in capsys.readouterr().err


def test_download_with_wrong_hash_fails_and_caches_nothing(server, isolated):
    with pytest.raises(mnist.MNISTDownloadError, match="sha256 mismatch"):
        mnist.fetch_mnist(f"{server}/mnist.npz", "0" * 64, progress=False)
    assert _cache_leftovers(isolated) == []


def test_download_404_is_a_clear_error(server, isolated):
    with pytest.raises(mnist.MNISTDownloadError, match="HTTP 404"):
        mnist.fetch_mnist(f"{server}/missing.npz", "0" * 64, progress=False)
    assert _cache_leftovers(isolated) == []


def test_connection_refused_is_a_clear_error(isolated):
    url = f"http://127.0.0.1:{_free_port()}/mnist.npz"
    with pytest.raises(mnist.MNISTDownloadError, match="cannot reach"):
        mnist.fetch_mnist(url, "0" * 64, progress=False, timeout=2)
    assert _cache_leftovers(isolated) == []


def test_offline_with_nothing_cached_says_where_it_looked_and_how_to_fix(isolated, monkeypatch):
    monkeypatch.setattr(mnist, "MNIST_URL", f"http://127.0.0.1:{_free_port()}/mnist.npz")
    with pytest.raises(mnist.MNISTNotFoundError) as err:
        mnist.load_mnist()
    message = str(err.value)
    assert "$AELAB_DATA_DIR (not set)" in message
    assert str(isolated / "mnist.npz") in message
    assert "download failed" in message
    assert "python -m aelab data fetch" in message
    assert "python -m aelab data import PATH" in message
    assert _cache_leftovers(isolated) == []


def test_download_false_never_touches_the_network(isolated):
    with pytest.raises(mnist.MNISTNotFoundError, match="not attempted"):
        mnist.load_mnist(download=False)


# ---------------------------------------------------------------- search order


def test_search_order_path_beats_env_beats_cache(tmp_path, isolated, monkeypatch):
    def npz_with(n: int, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez(folder / "mnist.npz", **make_mnist_arrays(n_train=n, n_test=5))
        return folder / "mnist.npz"

    cache_copy = npz_with(11, tmp_path / "to-import")
    mnist.import_mnist(cache_copy)
    env_copy = npz_with(12, tmp_path / "env")
    path_copy = npz_with(13, tmp_path / "explicit")

    assert len(mnist.load_mnist(download=False)[0][0]) == 11  # cache only
    monkeypatch.setenv("AELAB_DATA_DIR", str(env_copy.parent))
    assert len(mnist.load_mnist(download=False)[0][0]) == 12  # env beats cache
    assert len(mnist.load_mnist(path=path_copy)[0][0]) == 13  # path beats env
    assert mnist.locate_mnist(path_copy).kind == "path"


def test_keras_cache_is_used_only_with_the_official_hash(tmp_path, isolated, monkeypatch):
    keras_file = mnist.keras_cache_file()
    keras_file.parent.mkdir(parents=True)
    np.savez(keras_file, **make_mnist_arrays())
    with pytest.raises(mnist.MNISTNotFoundError, match="not the official sha256"):
        mnist.load_mnist(download=False)
    monkeypatch.setattr(mnist, "MNIST_SHA256", _sha(keras_file))
    assert mnist.locate_mnist().kind == "keras-cache"


def test_env_dir_without_mnist_falls_through_and_is_reported(tmp_path, isolated, monkeypatch):
    monkeypatch.setenv("AELAB_DATA_DIR", str(tmp_path / "empty"))
    with pytest.raises(mnist.MNISTNotFoundError, match=r"no mnist\.npz or IDX files there"):
        mnist.load_mnist(download=False)


# ---------------------------------------------------------------- cache integrity


def test_corrupt_cached_file_is_reported_not_used(tiny_mnist_npz, isolated):
    cached = mnist.import_mnist(tiny_mnist_npz)
    data = bytearray(cached.read_bytes())
    data[100] ^= 0xFF
    cached.write_bytes(bytes(data))
    with pytest.raises(mnist.MNISTCorruptError, match="sha256"):
        mnist.load_mnist(download=False)


def test_import_rejects_a_file_that_is_not_mnist(tmp_path, isolated):
    bad = tmp_path / "mnist.npz"
    np.savez(bad, x_train=np.zeros((3, 28, 28), np.uint8))
    with pytest.raises(mnist.MNISTCorruptError, match="missing arrays"):
        mnist.import_mnist(bad)
    bad.write_bytes(b"not a zip file at all")
    with pytest.raises(mnist.MNISTCorruptError, match=r"not a readable \.npz"):
        mnist.import_mnist(bad)
    assert _cache_leftovers(isolated) == []


def test_wrong_image_shape_or_labels_are_rejected():
    arrays = make_mnist_arrays()
    arrays["x_train"] = arrays["x_train"][:, :27]
    with pytest.raises(mnist.MNISTCorruptError, match=r"expected \(n, 28, 28\)"):
        mnist.validate_mnist(arrays)
    arrays = make_mnist_arrays()
    arrays["y_test"][0] = 10
    with pytest.raises(mnist.MNISTCorruptError, match=r"labels 0\.\.9"):
        mnist.validate_mnist(arrays)


# ---------------------------------------------------------------- load_mnist options


def test_load_options(tiny_mnist_npz):
    (x, y), (xt, _yt) = mnist.load_mnist(path=tiny_mnist_npz, flatten=True, limit=7)
    assert x.shape == (7, 784) and y.shape == (7,) and xt.shape == (7, 784)
    assert x.dtype == np.float32 and 0.0 <= x.min() and x.max() <= 1.0
    (raw, _), _ = mnist.load_mnist(path=tiny_mnist_npz, normalize=False)
    assert raw.dtype == np.uint8 and raw.shape == (50, 28, 28, 1)
    np.testing.assert_allclose(raw[:7].reshape(7, -1) / 255.0, x, rtol=1e-6)


@pytest.mark.parametrize("limit", [0, -3, 2.5, True])
def test_bad_limit_is_rejected(tiny_mnist_npz, limit):
    with pytest.raises(ValueError, match="limit must be a positive int"):
        mnist.load_mnist(path=tiny_mnist_npz, limit=limit)


def test_offline_copy_is_real_mnist(offline_mnist):
    (x, _y), (xt, yt) = mnist.load_mnist(path=offline_mnist / "mnist.npz")
    assert x.shape == (60000, 28, 28, 1) and xt.shape == (10000, 28, 28, 1)
    assert np.bincount(yt).tolist()[:3] == [980, 1135, 1032]


# ---------------------------------------------------------------- IDX reader


def test_idx_roundtrip(tmp_path):
    for name, array in {
        "a.gz": np.arange(24, dtype=np.uint8).reshape(2, 3, 4),
        "b": np.linspace(-1, 1, 6).astype(np.float32),
        "c.gz": np.array([[1, -2], [300, -40000]], dtype=np.int32),
    }.items():
        idx.write_idx(tmp_path / name, array)
        back = idx.read_idx(tmp_path / name)
        assert back.dtype == array.dtype and np.array_equal(back, array)


def test_idx_reader_on_the_real_files(offline_mnist):
    folder = offline_mnist / "mnist-idx"
    if not (folder / "t10k-images-idx3-ubyte.gz").is_file():
        pytest.skip("no real IDX files in the offline copy")
    images = idx.read_idx(folder / "t10k-images-idx3-ubyte.gz")
    labels = idx.read_idx(folder / "t10k-labels-idx1-ubyte.gz")
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,)
    # The IDX files and the Keras npz hold the same test set.
    with np.load(offline_mnist / "mnist.npz", allow_pickle=False) as f:
        assert np.array_equal(images, f["x_test"]) and np.array_equal(labels, f["y_test"])
    raw = gzip.decompress((folder / "t10k-images-idx3-ubyte.gz").read_bytes())
    assert hashlib.md5(raw).hexdigest() == "2646ac647ad5339dbf082846283269ea"


def test_idx_folder_missing_a_file_names_it(offline_mnist):
    folder = offline_mnist / "mnist-idx"
    if not folder.is_dir():
        pytest.skip("no IDX folder in the offline copy")
    present = {p.name for p in folder.iterdir()}
    if "train-images-idx3-ubyte.gz" in present:
        pytest.skip("the offline IDX folder is complete")
    with pytest.raises(mnist.MNISTNotFoundError, match="train-images-idx3-ubyte"):
        mnist.read_mnist(folder)


def test_idx_folder_imports_into_the_cache(tmp_path, isolated):
    arrays = make_mnist_arrays()
    folder = tmp_path / "idx"
    folder.mkdir()
    for key, stem in mnist.IDX_NAMES.items():
        idx.write_idx(folder / f"{stem}.gz", arrays[key])
    cached = mnist.import_mnist(folder)
    (x, y), _ = mnist.load_mnist(download=False, normalize=False)
    assert cached.name == "mnist.npz"
    assert np.array_equal(x[..., 0], arrays["x_train"]) and np.array_equal(y, arrays["y_train"])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x00\x00", "too short"),
        (b"\x01\x00\x08\x01" + struct.pack(">I", 1) + b"\x00", "bad magic number"),
        (b"\x00\x00\x07\x01" + struct.pack(">I", 1) + b"\x00", "unknown IDX type code 0x07"),
        (b"\x00\x00\x08\x03" + struct.pack(">I", 2), "truncated header"),
        (b"\x00\x00\x08\x02" + struct.pack(">II", 2, 2) + b"\x00" * 3, "file truncated"),
        (b"\x00\x00\x08\x01" + struct.pack(">I", 2) + b"\x00" * 3, "trailing bytes"),
    ],
)
def test_idx_malformed(raw, message):
    with pytest.raises(idx.IDXFormatError, match=message):
        idx.parse_idx(raw)


def test_idx_truncated_gzip_is_reported(tmp_path):
    path = idx.write_idx(tmp_path / "x.gz", np.zeros((100, 28, 28), np.uint8))
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(idx.IDXFormatError, match="cannot be read as gzip"):
        idx.read_idx(path)


# ---------------------------------------------------------------- command line


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "aelab", *args], cwd=REPO, env=env, capture_output=True, text=True
    )


def test_cli_import_then_info(tiny_mnist_npz, isolated, tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if k != "AELAB_DATA_DIR"}
    env.update(AELAB_CACHE_DIR=str(isolated), KERAS_HOME=str(tmp_path / "kh"))
    done = _cli("data", "import", str(tiny_mnist_npz), env=env)
    assert done.returncode == 0, done.stderr
    assert "validated and stored" in done.stdout
    info = _cli("data", "info", env=env)
    assert info.returncode == 0, info.stderr
    assert "cache" in info.stdout and "(50, 28, 28)" in info.stdout
    bad = _cli("data", "import", str(tmp_path / "nowhere"), env=env)
    assert bad.returncode == 1 and "no such file or folder" in bad.stderr
