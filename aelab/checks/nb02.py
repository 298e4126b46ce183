"""Checks for the exercises of notebook 02: a noise model, PSNR, a blur chosen by validation."""

from __future__ import annotations

import numpy as np

from aelab.baselines import GaussianBlurDenoiser
from aelab.checks import Context, exercise
from aelab.data.noise import gaussian_noise
from aelab.metrics import psnr_per_image


def stroke_images(n: int, side: int = 28, seed: int = 0) -> np.ndarray:
    """Synthetic 'digits': a few bright bars, 2 or 3 pixels thick, on black; (n, side, side, 1)."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, side, side, 1), np.float32)
    for img in x:
        for _ in range(3):
            thick = int(rng.integers(2, 4))
            start, length = rng.integers(3, side // 2, size=2)
            where = int(rng.integers(3, side - 3 - thick))
            if rng.random() < 0.5:
                img[where : where + thick, start : start + length + 5] = 1.0
            else:
                img[start : start + length + 5, where : where + thick] = 1.0
    return x


@exercise("nb02_salt_and_pepper", points=2, title="Salt-and-pepper noise")
def check_salt_and_pepper(ctx: Context, fn) -> None:
    rng = np.random.default_rng(2)
    # pixels strictly inside (0, 1): a pixel that is now exactly 0 or 1 was hit
    cases = [
        (rng.uniform(0.2, 0.8, (100, 28, 28, 1)), 0.3),
        (rng.uniform(0.2, 0.8, (400, 9, 9)), 0.08),
    ]
    for x, amount in cases:
        x = x.astype(np.float32)
        given = x.copy()
        what = f"salt_and_pepper(x, {amount}, rng) for x of shape {x.shape}"
        got = np.asarray(ctx.call(fn, given, amount, np.random.default_rng(11)))
        ctx.expect_shape(got, x.shape, what)
        ctx.expect_true(
            np.array_equal(given, x),
            f"{what} leaves x unchanged",
            hint="work on a copy: noisy = x.copy(), then change noisy",
        )
        again = np.asarray(ctx.call(fn, x.copy(), amount, np.random.default_rng(11)))
        ctx.expect_true(
            np.array_equal(got, again),
            "the same rng seed gives the same noise",
            hint="draw every random number from `rng` (rng.random(...)), not from np.random",
        )
        hit = (got != x) | (got == 0.0) | (got == 1.0)
        kept = got[~hit]
        ctx.expect_true(
            np.array_equal(kept, x[~hit]) and set(np.unique(got[hit])) <= {0.0, 1.0},
            f"{what}: every pixel is either unchanged or exactly 0 or 1",
            hint="replace hit pixels by 0 or 1; do not add the noise to them",
        )
        share = float(hit.mean())
        ctx.expect_true(
            abs(share - amount) < 0.015,
            f"{what}: the share of replaced pixels is amount={amount} (got {share:.3f})",
            hint="each pixel is hit with probability `amount` in total, salt and pepper together",
        )
        salt = float((got[hit] == 1.0).mean()) if hit.any() else 0.0
        ctx.expect_true(
            abs(salt - 0.5) < 0.05,
            f"{what}: half the hit pixels are salt (1), half pepper (0) (got {salt:.2f} salt)",
            hint="for each hit pixel, toss a fair coin between 0 and 1",
        )


@exercise("nb02_psnr", points=2, title="PSNR per image")
def check_psnr(ctx: Context, fn) -> None:
    rng = np.random.default_rng(3)
    for shape, noise in [((6, 28, 28, 1), 0.3), ((3, 8, 8), 0.05)]:
        clean = rng.random(shape).astype(np.float32)
        noisy = gaussian_noise(clean, noise, seed=rng)
        what = f"psnr_per_image(clean, denoised) for images of shape {shape}"
        got = ctx.call(fn, clean.copy(), noisy.copy())
        ctx.expect_shape(
            got, (shape[0],), what, hint="one number per image: average the squared error per image"
        )
        ctx.expect_close(
            got,
            psnr_per_image(clean, noisy),
            what,
            rtol=1e-4,
            hint="PSNR = 10 log10(1 / MSE) with MSE over the pixels of one image (peak value 1)",
        )


@exercise("nb02_best_blur_sigma", points=1, title="Choose the blur on validation images")
def check_best_blur_sigma(ctx: Context, fn) -> None:
    clean = stroke_images(40, seed=4)
    sigmas = (1.5, 0.3, 3.0, 0.8)  # unsorted: the answer is a value, not a position
    cases = [(0.5, 0.8), (0.05, 0.3), (0.25, None)]  # noise factor, best sigma if known
    for factor, known in cases:
        noisy = gaussian_noise(clean, factor, seed=5)
        expected = GaussianBlurDenoiser(sigmas).fit(noisy, clean).sigma_
        assert known is None or expected == known, "the check's own data changed"
        got = ctx.call(fn, noisy.copy(), clean.copy(), sigmas)
        ctx.expect_true(
            np.ndim(got) == 0,
            f"best_blur_sigma returns one number (got {type(got).__name__})",
            hint="return the sigma itself, e.g. 0.8, not a list or the scores",
        )
        ctx.expect_close(
            got,
            expected,
            f"best sigma at noise factor {factor}, sigmas {sigmas}",
            hint="return the sigma (not its index) whose blurred images have the HIGHEST mean PSNR",
        )
