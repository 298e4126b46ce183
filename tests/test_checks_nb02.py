"""Checks of notebook 02: the solution passes, realistic mistakes fail with a useful message."""

from __future__ import annotations

import numpy as np
import pytest

from aelab.baselines import gaussian_blur
from aelab.checks.nb02 import check_best_blur_sigma, check_psnr, check_salt_and_pepper
from aelab.metrics import psnr

# ---------------------------------------------------------------- solutions


def salt_and_pepper(x, amount, rng):
    noisy = x.copy()
    hit = rng.random(x.shape) < amount
    salt = rng.random(x.shape) < 0.5
    noisy[hit & salt] = 1.0
    noisy[hit & ~salt] = 0.0
    return noisy


def salt_and_pepper_choice(x, amount, rng):
    noisy = np.array(x, copy=True)
    kind = rng.choice(3, size=x.shape, p=[1 - amount, amount / 2, amount / 2])
    noisy[kind == 1] = 0.0
    noisy[kind == 2] = 1.0
    return noisy


def psnr_per_image(clean, denoised):
    mse = ((clean - denoised) ** 2).reshape(len(clean), -1).mean(axis=1)
    return 10 * np.log10(1.0 / mse)


def best_blur_sigma(noisy, clean, sigmas):
    scores = [psnr(clean, gaussian_blur(noisy, s)) for s in sigmas]
    return sigmas[int(np.argmax(scores))]


# ---------------------------------------------------------------- realistic mistakes


def salt_and_pepper_in_place(x, amount, rng):
    hit = rng.random(x.shape) < amount
    x[hit] = (rng.random(x.shape) < 0.5)[hit]
    return x


def salt_and_pepper_global_rng(x, amount, rng):
    return salt_and_pepper(x, amount, np.random.default_rng())


def salt_and_pepper_added(x, amount, rng):
    hit = rng.random(x.shape) < amount
    return np.clip(x + hit * (rng.random(x.shape) < 0.5), 0, 1)


def salt_255(x, amount, rng):
    noisy = x.copy()
    hit = rng.random(x.shape) < amount
    salt = rng.random(x.shape) < 0.5
    noisy[hit & salt] = 255.0
    noisy[hit & ~salt] = 0.0
    return noisy


def salt_and_pepper_twice_the_amount(x, amount, rng):
    noisy = x.copy()
    noisy[rng.random(x.shape) < amount] = 1.0
    noisy[rng.random(x.shape) < amount] = 0.0
    return noisy


def salt_only(x, amount, rng):
    noisy = x.copy()
    noisy[rng.random(x.shape) < amount] = 1.0
    return noisy


def psnr_20_log(clean, denoised):
    return 2 * psnr_per_image(clean, denoised)


def psnr_whole_batch(clean, denoised):
    return 10 * np.log10(1.0 / np.mean((clean - denoised) ** 2))


def psnr_peak_255(clean, denoised):
    mse = ((clean - denoised) ** 2).reshape(len(clean), -1).mean(axis=1)
    return 10 * np.log10(255.0**2 / mse)


def psnr_rmse(clean, denoised):
    mse = ((clean - denoised) ** 2).reshape(len(clean), -1).mean(axis=1)
    return 10 * np.log10(1.0 / np.sqrt(mse))


def sigma_lowest_psnr(noisy, clean, sigmas):
    scores = [psnr(clean, gaussian_blur(noisy, s)) for s in sigmas]
    return sigmas[int(np.argmin(scores))]


def sigma_index(noisy, clean, sigmas):
    scores = [psnr(clean, gaussian_blur(noisy, s)) for s in sigmas]
    return int(np.argmax(scores))


def sigma_scores(noisy, clean, sigmas):
    return [psnr(clean, gaussian_blur(noisy, s)) for s in sigmas]


def sigma_hard_coded(noisy, clean, sigmas):
    return 0.8


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize(
    ("check", "solution"),
    [
        (check_salt_and_pepper, salt_and_pepper),
        (check_salt_and_pepper, salt_and_pepper_choice),
        (check_psnr, psnr_per_image),
        (check_best_blur_sigma, best_blur_sigma),
    ],
)
def test_solutions_pass_with_full_points(check, solution):
    result = check(solution)
    assert result.status == "passed", result.text()
    assert result.points == result.max_points == check.points


@pytest.mark.parametrize(
    ("check", "wrong", "message"),
    [
        (check_salt_and_pepper, salt_and_pepper_in_place, "leaves x unchanged"),
        (check_salt_and_pepper, salt_and_pepper_global_rng, "same rng seed"),
        (check_salt_and_pepper, salt_and_pepper_added, "share of replaced pixels"),
        (check_salt_and_pepper, salt_255, "either unchanged or exactly 0 or 1"),
        (check_salt_and_pepper, salt_and_pepper_twice_the_amount, "share of replaced pixels"),
        (check_salt_and_pepper, salt_only, "half the hit pixels are salt"),
        (check_psnr, psnr_20_log, "expected array of shape (6,)"),
        (check_psnr, psnr_whole_batch, "expected shape (6,), got ()"),
        (check_psnr, psnr_peak_255, "10 log10(1 / MSE)"),
        (check_psnr, psnr_rmse, "got "),
        (check_best_blur_sigma, sigma_lowest_psnr, "HIGHEST mean PSNR"),
        (check_best_blur_sigma, sigma_index, "got      array(3.)"),
        (check_best_blur_sigma, sigma_scores, "returns one number"),
        (check_best_blur_sigma, sigma_hard_coded, "noise factor 0.05"),
    ],
)
def test_realistic_mistakes_fail_with_a_useful_message(check, wrong, message):
    result = check(wrong)
    assert result.status == "failed" and result.points == 0, result.text()
    assert message in result.message, result.text()
