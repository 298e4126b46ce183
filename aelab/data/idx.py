"""Reader and writer for the IDX format of the original MNIST files."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np

# IDX type codes -> big-endian NumPy dtypes (http://yann.lecun.com/exdb/mnist/).
IDX_DTYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


class IDXFormatError(ValueError):
    """The bytes are not a valid IDX file."""


def parse_idx(raw: bytes, name: str = "<bytes>") -> np.ndarray:
    """Decode the bytes of one (uncompressed) IDX file into an array."""
    if len(raw) < 4:
        raise IDXFormatError(f"{name}: {len(raw)} bytes is too short for an IDX header (4 bytes)")
    zero, type_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0:
        raise IDXFormatError(
            f"{name}: bad magic number 0x{raw[:4].hex()}; an IDX file starts with two zero bytes"
        )
    if type_code not in IDX_DTYPES:
        known = ", ".join(f"0x{c:02X}" for c in IDX_DTYPES)
        raise IDXFormatError(f"{name}: unknown IDX type code 0x{type_code:02X} (expected {known})")
    if ndim == 0:
        raise IDXFormatError(f"{name}: IDX header declares 0 dimensions")
    header_size = 4 + 4 * ndim
    if len(raw) < header_size:
        raise IDXFormatError(
            f"{name}: truncated header: {ndim} dimensions need {header_size} bytes, "
            f"file has {len(raw)}"
        )
    dims = struct.unpack(f">{ndim}I", raw[4:header_size])
    dtype = IDX_DTYPES[type_code]
    expected = int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
    actual = len(raw) - header_size
    if actual != expected:
        kind = "truncated" if actual < expected else "has trailing bytes"
        raise IDXFormatError(
            f"{name}: file {kind}: dims {dims} of {dtype.name} need {expected} data bytes, "
            f"found {actual}"
        )
    data = np.frombuffer(raw, dtype=dtype, count=expected // dtype.itemsize, offset=header_size)
    return data.reshape(dims).astype(dtype.newbyteorder("="))


def read_idx(path: str | Path) -> np.ndarray:
    """Read an IDX file (`.gz` or raw) and check its header against its size."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"IDX file not found: {path}")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as exc:  # a broken gzip stream
        raise IDXFormatError(
            f"{path}: cannot be read as {'gzip' if opener is gzip.open else 'IDX'}: {exc}"
        ) from exc
    return parse_idx(raw, str(path))


def write_idx(path: str | Path, array: np.ndarray) -> Path:
    """Write an array as an IDX file (gzip-compressed when the name ends in `.gz`)."""
    array = np.asarray(array)
    codes = {dtype.newbyteorder("="): code for code, dtype in IDX_DTYPES.items()}
    native = array.dtype.newbyteorder("=")
    if native not in codes:
        raise ValueError(f"cannot write dtype {array.dtype} as IDX; use one of {list(codes)}")
    header = struct.pack(">HBB", 0, codes[native], array.ndim)
    header += struct.pack(f">{array.ndim}I", *array.shape)
    payload = header + array.astype(IDX_DTYPES[codes[native]]).tobytes()
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wb") as f:
        f.write(payload)
    return path
