"""setup(): seeding, determinism, quick mode and the per-notebook sizes."""

from __future__ import annotations

import numpy as np
import pytest

from aelab import config


def _train_once(seed: int) -> list[float]:
    import keras

    config.setup(seed=seed, quick=True)
    x = np.random.default_rng(0).random((256, 20), dtype=np.float32)
    model = keras.Sequential(
        [
            keras.Input((20,)),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(20, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, x, epochs=3, batch_size=32, shuffle=True, verbose=0)
    return history.history["loss"]


def test_same_seed_gives_identical_losses():
    first, second = _train_once(7), _train_once(7)
    assert first == second  # bit-for-bit, not approximately


def test_other_seed_gives_other_losses():
    assert _train_once(7) != _train_once(8)


@pytest.mark.parametrize(
    ("raw", "quick"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        ("on", True),
        ("0", False),
        ("no", False),
        ("", False),
    ],
)
def test_quick_from_env(raw, quick):
    assert config.quick_from_env({"AELAB_QUICK": raw}) is quick


def test_quick_from_env_unset_is_full_mode():
    assert config.quick_from_env({}) is False


def test_quick_from_env_rejects_garbage():
    with pytest.raises(ValueError, match="AELAB_QUICK must be one of"):
        config.quick_from_env({"AELAB_QUICK": "maybe"})


def test_setup_reads_env_and_returns_mode_sizes(monkeypatch):
    monkeypatch.setenv("AELAB_QUICK", "1")
    cfg = config.setup(seed=3)
    assert cfg.quick and cfg.mode == "quick" and cfg.seed == 3 and cfg.verbose == 0
    full = config.setup(seed=3, quick=False)
    assert not full.quick and full.verbose == 2
    for section, table in config.PRESETS.items():
        for key, (quick_value, full_value) in table.items():
            assert getattr(getattr(cfg, section), key) == quick_value
            assert getattr(getattr(full, section), key) == full_value


def test_sizes_are_read_only_and_name_what_exists():
    cfg = config.setup(quick=True)
    with pytest.raises(AttributeError, match="it has"):
        _ = cfg.denoise.no_such_size
    with pytest.raises(AttributeError, match="read-only"):
        cfg.denoise.epochs = 99
    with pytest.raises(AttributeError, match="notebook sections are"):
        _ = cfg.no_such_notebook


def test_quick_mode_is_never_bigger_than_full_mode():
    for section, table in config.PRESETS.items():
        for key, (quick_value, full_value) in table.items():
            if isinstance(quick_value, int) and isinstance(full_value, int):
                assert quick_value <= full_value, f"{section}.{key}"


@pytest.mark.parametrize("seed", [-1, 2**32, 1.5, "42", True])
def test_setup_rejects_bad_seeds(seed):
    with pytest.raises(ValueError, match="seed must be an int"):
        config.setup(seed=seed)


def test_setup_keeps_stderr_clean():
    import os
    import subprocess
    import sys

    code = (
        "import aelab, numpy as np; aelab.setup(quick=True); import keras;"
        "m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]);"
        "m.compile('adam', 'mse'); m.fit(np.zeros((4, 3)), np.zeros((4, 2)), verbose=0)"
    )
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


ZEN4_FLAGS = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n"
OLD_FLAGS = "processor\t: 0\nflags\t\t: fpu sse2 avx2 fma\nbugs\t\t: avx512_bf16_typo\n"


def test_cpu_has_bfloat16_reads_the_flags_line():
    assert config.cpu_has_bfloat16(ZEN4_FLAGS)
    assert config.cpu_has_bfloat16("flags : sse2 amx_bf16 amx_tile\n")
    assert not config.cpu_has_bfloat16(OLD_FLAGS)  # only the flags line counts
    assert not config.cpu_has_bfloat16("")


def test_training_dtype_follows_the_cpu_unless_overridden():
    assert config.training_dtype({}, cpuinfo=ZEN4_FLAGS) == "mixed_bfloat16"  # no GPU in CI
    assert config.training_dtype({}, cpuinfo=OLD_FLAGS) == "float32"
    env = {"AELAB_DTYPE": "float32"}
    assert config.training_dtype(env, cpuinfo=ZEN4_FLAGS) == "float32"
    env = {"AELAB_DTYPE": "mixed_bfloat16"}
    assert config.training_dtype(env, cpuinfo=OLD_FLAGS) == "mixed_bfloat16"
    with pytest.raises(ValueError, match="AELAB_DTYPE must be one of"):
        config.training_dtype({"AELAB_DTYPE": "bf16"})
