"""Checks for the warm-up exercises of notebook 00."""

from __future__ import annotations

import numpy as np

from aelab.checks import Context, exercise


def reference_normalize_images(images: np.ndarray) -> np.ndarray:
    """uint8 pixels 0..255 -> float32 in [0, 1]."""
    return images.astype(np.float32) / np.float32(255.0)


def reference_class_shares(labels: np.ndarray) -> np.ndarray:
    """Share of each digit 0..9 among the labels (ten numbers that sum to 1)."""
    return np.bincount(labels, minlength=10) / len(labels)


@exercise("nb00_normalize_images", points=1, title="Pixels to [0, 1]")
def check_normalize_images(ctx: Context, fn) -> None:
    rng = np.random.default_rng(0)
    for shape in [(3, 28, 28, 1), (5, 784)]:
        images = rng.integers(0, 256, shape, dtype=np.uint8)
        images.flat[0], images.flat[1] = 0, 255
        got = ctx.call(fn, images.copy())
        ctx.expect_shape(got, shape, f"normalize_images(x) for x of shape {shape}")
        ctx.expect_true(
            np.asarray(got).dtype == np.float32,
            f"the result is float32 (got {np.asarray(got).dtype})",
            hint="convert with .astype(np.float32) before dividing",
        )
        ctx.expect_close(
            got,
            reference_normalize_images(images),
            "pixel values",
            rtol=1e-6,
            hint="255 must become exactly 1.0: divide by 255, not 256",
        )


@exercise("nb00_class_shares", points=1, title="Class shares")
def check_class_shares(ctx: Context, fn) -> None:
    rng = np.random.default_rng(1)
    for labels in [rng.integers(0, 10, 500), rng.integers(0, 9, 40)]:  # the second lacks 9s
        got = ctx.call(fn, labels.copy())
        ctx.expect_shape(
            got,
            (10,),
            f"class_shares of {len(labels)} labels",
            hint="one share per digit 0..9, even for a digit that never occurs",
        )
        ctx.expect_close(
            got,
            reference_class_shares(labels),
            "shares",
            rtol=1e-9,
            hint="shares are counts divided by the number of labels; they sum to 1",
        )
