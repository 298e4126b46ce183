"""Checks for the exercises of notebook 01 (the math of an autoencoder).

The references are the functions of `aelab.scratch`; every check draws fresh
inputs of two shapes (one of them square, so that transposed weights give the
right shape but the wrong numbers).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from aelab import scratch
from aelab.checks import Context, exercise

# (n samples, d input features, k code units)
SHAPES = ((5, 12, 4), (6, 7, 7))


def _problem(n: int, d: int, k: int, seed: int) -> tuple[scratch.Params, np.ndarray]:
    rng = np.random.default_rng(seed)
    params = scratch.init_params(d, k, seed=seed + 1)
    params["b_e"] = rng.normal(0.0, 0.5, k)
    params["b_d"] = rng.normal(0.0, 0.5, d)
    return params, rng.random((n, d))


@exercise("nb01_encoder_forward", points=2, title="Encoder forward pass")
def check_encoder_forward(ctx: Context, encoder_forward: Callable) -> None:
    """encoder_forward(x, w_e, b_e) must return σ(x W_eᵀ + b_e) of shape (n, k)."""
    for i, (n, d, k) in enumerate(SHAPES):
        params, x = _problem(n, d, k, seed=100 + i)
        got = ctx.call(encoder_forward, x.copy(), params["w_e"].copy(), params["b_e"].copy())
        ctx.expect_shape(
            got,
            (n, k),
            f"z for x of shape {(n, d)} and w_e of shape {(k, d)}",
            hint="one row of codes per sample: x @ w_e.T has shape (n, k)",
        )
        ctx.expect_close(
            got,
            scratch.encode(params, x),
            f"z for x of shape {(n, d)}",
            hint="z = sigmoid(x @ w_e.T + b_e): transpose w_e, add the bias, then apply σ",
        )


@exercise("nb01_decoder_gradients", points=3, title="Gradients of the loss w.r.t. the decoder")
def check_decoder_gradients(ctx: Context, decoder_gradients: Callable) -> None:
    """decoder_gradients(z, x_hat, x) must return (∂L/∂W_d, ∂L/∂b_d) for the MSE loss."""
    for i, (n, d, k) in enumerate(SHAPES):
        params, x = _problem(n, d, k, seed=200 + i)
        x_hat, cache = scratch.forward(params, x)
        expected = scratch.backward(params, cache, x)
        got = ctx.call(decoder_gradients, cache.z.copy(), x_hat.copy(), x.copy())
        if not isinstance(got, tuple | list) or len(got) != 2:
            ctx.expect_true(
                False, f"expected a pair (grad_w_d, grad_b_d), got {type(got).__name__}"
            )
        grad_w_d, grad_b_d = got
        ctx.expect_shape(
            grad_w_d,
            (d, k),
            f"grad_w_d for z of shape {(n, k)}",
            hint="a gradient has the shape of its parameter: W_d is (d, k), so use delta.T @ z",
        )
        ctx.expect_shape(grad_b_d, (d,), "grad_b_d", hint="sum delta over the samples (axis 0)")
        hint = (
            "delta = 2 / (n * d) * (x_hat - x) * x_hat * (1 - x_hat); the loss is a mean over "
            "all n * d entries, and σ'(a) = σ(a)(1 − σ(a))"
        )
        ctx.expect_close(grad_w_d, expected["w_d"], f"grad_w_d for shape {(n, d, k)}", hint=hint)
        ctx.expect_close(grad_b_d, expected["b_d"], f"grad_b_d for shape {(n, d, k)}", hint=hint)


@exercise("nb01_sgd_step", points=1, title="One step of gradient descent")
def check_sgd_step(ctx: Context, sgd_step: Callable) -> None:
    """sgd_step(params, grads, lr) must return params with every entry moved by −lr · grad."""
    for i, (n, d, k) in enumerate(SHAPES):
        params, x = _problem(n, d, k, seed=300 + i)
        lr = (0.5, 0.05)[i]
        _, grads = scratch.loss_and_grads(params, x)
        expected = {name: value.copy() for name, value in params.items()}
        scratch.SGD(lr).step(expected, grads)
        before = scratch.objective(params, x)
        got = ctx.call(
            sgd_step,
            {name: v.copy() for name, v in params.items()},
            {name: g.copy() for name, g in grads.items()},
            lr,
        )
        ctx.expect_true(
            isinstance(got, dict) and set(got) == set(params),
            f"sgd_step returns a dict with the keys {sorted(params)}",
            hint="return the updated params dict",
        )
        for name in scratch.PARAM_NAMES:
            ctx.expect_close(
                got[name],
                expected[name],
                f"updated {name} (lr={lr})",
                hint="step against the gradient: θ ← θ − lr · ∂L/∂θ",
            )
        ctx.expect_true(
            scratch.objective(got, x) < before,
            f"the step lowers the loss (lr={lr})",
            hint="the loss must go down after a small step against the gradient",
        )
