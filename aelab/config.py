"""Setup for every notebook: seeds, quick/full mode, paths and plotting style."""

from __future__ import annotations

import contextlib
import os
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}
# Keras dtype policies the course trains with: full precision, or bfloat16 compute
# with float32 weights (see training_dtype).
DTYPE_POLICIES = ("float32", "mixed_bfloat16")
_BF16_CPU_FLAGS = {"avx512_bf16", "amx_bf16"}

# Sizes and epochs per notebook, as (quick, full). Quick mode is what CI runs;
# full mode produces the committed outputs and the figures quoted in the prose.
PRESETS: dict[str, dict[str, tuple[Any, Any]]] = {
    "start": {
        "n_show": (24, 40),
    },
    "math": {
        "n_train": (2_000, 10_000),
        "n_val": (1_000, 2_000),
        "latent_dim": (32, 32),
        "epochs": (5, 20),
        "batch_size": (64, 64),
        "n_small": (300, 500),
        "reg_latent_dim": (64, 64),
        "reg_epochs": (40, 200),
        "n_test": (2_000, 10_000),
        "pca_epochs": (15, 30),
        "pca_anneal_epochs": (5, 10),
    },
    "denoise": {
        "n_train": (5_000, 55_000),
        "n_val": (1_000, 5_000),
        "n_test": (1_000, 10_000),
        "noise_factor": (0.5, 0.5),
        "filters": ((32, 64), (32, 64)),
        "convs_per_block": (2, 2),
        "epochs": (3, 12),
        "batch_size": (32, 32),
        "learning_rate": (2.5e-3, 2.5e-3),
        "dense_hidden": ((512, 256), (512, 256)),
        "dense_latent": (128, 128),
        "dense_epochs": (5, 10),
        "dense_batch_size": (128, 128),
        "n_nlm": (100, 2_000),
        "n_nlm_fit": (50, 200),
        "n_sweep": (500, 2_000),
        "n_sweep_nlm": (50, 300),
        "sweep_factors": ((0.1, 0.3, 0.5, 0.8), (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)),
        "sp_amounts": ((0.05, 0.2), (0.02, 0.05, 0.1, 0.2, 0.3)),
    },
    "anomaly": {
        "n_samples": (1_500, 6_000),
        "n_features": (20, 20),
        "contamination": (0.05, 0.05),
        "epochs": (25, 40),
        "batch_size": (32, 64),
        "learning_rate": (3e-3, 3e-3),
        "sweep_contaminations": ((0.0, 0.05, 0.1), (0.0, 0.02, 0.05, 0.1)),
        "sweep_epochs": (8, 30),
        "digits": ((7, 8), tuple(range(10))),
        "n_train_per_digit": (1_000, None),
        "n_test": (1_000, 10_000),
        "digit_epochs": (10, 10),
        "digit_batch_size": (16, 64),
        "ocsvm_max_train": (1_000, 2_000),
        "pca_variance": (0.9, 0.9),
        "show_digit": (7, 7),
    },
    "compress": {
        "n_train": (8_000, 60_000),
        "n_test": (1_000, 10_000),
        "epochs": (6, 8),
        "batch_size": (64, 64),
        "learning_rate": (2e-3, 2e-3),
        "latent_sizes": ((2, 8), (2, 4, 8, 16, 32)),
        "sweep_epochs": (4, 4),
        "sweep_batch_size": (64, 256),
        "deep_hidden": ((1000, 500, 250), (1000, 500, 250)),
        "conv_filters": ((16, 32), (16, 32)),
        "n_explore": (2_000, 10_000),
    },
}


class Sizes:
    """Read-only attribute access to one notebook's sizes for the chosen mode."""

    def __init__(self, name: str, values: dict[str, Any]) -> None:
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_values", MappingProxyType(dict(values)))

    def __getattr__(self, key: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if key in values:
            return values[key]
        name = object.__getattribute__(self, "_name")
        raise AttributeError(f"cfg.{name} has no {key!r}; it has {sorted(values)}")

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("sizes are read-only; change PRESETS in aelab/config.py")

    def __repr__(self) -> str:
        items = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        return f"{self._name}({items})"

    def as_dict(self) -> dict[str, Any]:
        """Return the sizes as a plain dict."""
        return dict(self._values)


@dataclass(frozen=True)
class Config:
    """What `setup()` chose: the seed, the mode and the sizes of each notebook."""

    seed: int
    quick: bool
    sizes: dict[str, Sizes] = field(repr=False)

    @property
    def mode(self) -> str:
        return "quick" if self.quick else "full"

    @property
    def verbose(self) -> int:
        """Keras `verbose=`: silent in quick mode, one line per epoch in full mode."""
        return 0 if self.quick else 2

    def __getattr__(self, key: str) -> Sizes:
        sizes = object.__getattribute__(self, "sizes")
        if key in sizes:
            return sizes[key]
        raise AttributeError(f"Config has no {key!r}; notebook sections are {sorted(sizes)}")


@contextlib.contextmanager
def _stderr_fd_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null: C++ code ignores Python's sys.stderr."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_tensorflow_quietly() -> None:
    """Import TensorFlow and initialise its devices without its C++ start-up log on stderr.

    TF 2.21 writes absl lines ("oneDNN custom operations are on", "Could not find
    cuda drivers") before it reads TF_CPP_MIN_LOG_LEVEL, so they are silenced here.
    Python errors still propagate.
    """
    if "tensorflow" in sys.modules:
        return
    with _stderr_fd_silenced():
        import tensorflow as tf

        tf.config.list_physical_devices()
        tf.constant(0.0).numpy()


def quick_from_env(environ: dict[str, str] | None = None) -> bool:
    """Read `AELAB_QUICK` (1/true/yes/on or 0/false/no/off, unset means full mode)."""
    raw = (environ if environ is not None else os.environ).get("AELAB_QUICK", "")
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"AELAB_QUICK must be one of 1/true/yes/on or 0/false/no/off, got {raw!r}")


def cpu_has_bfloat16(cpuinfo: str | None = None) -> bool:
    """Whether the CPU computes bfloat16 natively (x86 flags avx512_bf16 or amx_bf16).

    cpuinfo: the text of /proc/cpuinfo; None reads it, and answers False where it
    does not exist (macOS, Windows), so those machines keep float32.
    """
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text()
        except OSError:
            return False
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags" and _BF16_CPU_FLAGS & set(value.split()):
            return True
    return False


def training_dtype(environ: dict[str, str] | None = None, cpuinfo: str | None = None) -> str:
    """The Keras dtype policy that trains fastest here: "mixed_bfloat16" or "float32".

    `AELAB_DTYPE` (one of DTYPE_POLICIES) decides when set. Otherwise bfloat16 is
    chosen only on a CPU-only machine whose CPU has native bfloat16: there it trains
    notebook 02's model 1.2x (CPU time) to 1.6x (wall) faster for the same PSNR, while
    CPUs without it would emulate it slowly (and GPUs have their own, better-tested
    mixed precision).
    """
    raw = (environ if environ is not None else os.environ).get("AELAB_DTYPE", "").strip()
    if raw:
        if raw not in DTYPE_POLICIES:
            raise ValueError(f"AELAB_DTYPE must be one of {DTYPE_POLICIES}, got {raw!r}")
        return raw
    import tensorflow as tf

    if tf.config.list_physical_devices("GPU"):
        return "float32"
    return "mixed_bfloat16" if cpu_has_bfloat16(cpuinfo) else "float32"


def sizes_for(quick: bool) -> dict[str, Sizes]:
    """Pick the quick or full value of every preset."""
    index = 0 if quick else 1
    return {
        name: Sizes(name, {key: pair[index] for key, pair in table.items()})
        for name, table in PRESETS.items()
    }


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and TensorFlow and make TensorFlow ops deterministic."""
    import keras
    import tensorflow as tf

    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 (seeds legacy np.random calls in user code)
    keras.utils.set_random_seed(seed)
    try:
        tf.config.experimental.enable_op_determinism()
    except RuntimeError:  # already enabled in this process
        pass


def set_plot_style() -> None:
    """One look for every figure of the course."""
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    mpl.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 120,
            "savefig.bbox": "tight",
            "axes.titleweight": "bold",
            "image.cmap": "gray",
            "figure.autolayout": False,
        }
    )


def setup(seed: int = 42, quick: bool | None = None) -> Config:
    """Seed everything, pick quick or full mode and set the plotting style.

    quick: None reads `AELAB_QUICK` from the environment.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an int in [0, 2**32), got {seed!r}")
    if quick is None:
        quick = quick_from_env()
    elif not isinstance(quick, bool):
        raise ValueError(f"quick must be True, False or None, got {quick!r}")
    seed_everything(seed)
    set_plot_style()
    return Config(seed=seed, quick=quick, sizes=sizes_for(quick))
