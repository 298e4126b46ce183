"""The exercise checks of notebook 01 pass right answers and reject realistic wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

from aelab.checks import REGISTRY
from aelab.checks.nb01 import check_decoder_gradients, check_encoder_forward, check_sgd_step


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


# Right answers, written the way a learner would.
def encoder_forward(x, w_e, b_e):
    return sigmoid(x @ w_e.T + b_e)


def decoder_gradients(z, x_hat, x):
    n, d = x.shape
    delta = 2.0 / (n * d) * (x_hat - x) * x_hat * (1.0 - x_hat)
    return delta.T @ z, delta.sum(axis=0)


def sgd_step(params, grads, lr):
    return {name: params[name] - lr * grads[name] for name in params}


def sgd_step_in_place(params, grads, lr):
    for name in params:
        params[name] -= lr * grads[name]
    return params


def test_checks_are_registered_with_their_points():
    assert REGISTRY["nb01_encoder_forward"].points == 2
    assert REGISTRY["nb01_decoder_gradients"].points == 3
    assert REGISTRY["nb01_sgd_step"].points == 1


@pytest.mark.parametrize(
    ("check", "solution"),
    [
        (check_encoder_forward, encoder_forward),
        (check_decoder_gradients, decoder_gradients),
        (check_sgd_step, sgd_step),
        (check_sgd_step, sgd_step_in_place),
    ],
)
def test_right_answers_get_full_points(check, solution):
    result = check(solution)
    assert result.status == "passed", result.text()
    assert result.points == result.max_points > 0
    assert len(result.passed_tests) >= 4


@pytest.mark.parametrize(
    ("wrong", "expected_in_message"),
    [
        (lambda x, w, b: sigmoid(x @ w.T), "expected array"),  # forgot the bias
        (lambda x, w, b: x @ w.T + b, "expected array"),  # forgot σ
        (lambda x, w, b: sigmoid(x @ w + b), "ValueError"),  # w_e not transposed
        (lambda x, w, b: sigmoid(-(x @ w.T + b)), "expected array"),  # sign error
        (lambda x, w, b: np.tanh(x @ w.T + b), "expected array"),  # other activation
    ],
    ids=["no-bias", "no-sigmoid", "not-transposed", "sign", "tanh"],
)
def test_wrong_encoders_fail(wrong, expected_in_message):
    result = check_encoder_forward(wrong)
    assert result.status == "failed"
    assert result.points == 0
    assert expected_in_message in result.message
    assert "Hint" in result.message or "raised" in result.message


def test_encoder_with_transposed_weights_fails_even_when_the_shapes_fit():
    def transposed_if_possible(x, w, b):
        return sigmoid(x @ w + b) if w.shape[0] == w.shape[1] else encoder_forward(x, w, b)

    result = check_encoder_forward(transposed_if_possible)
    assert result.status == "failed"
    assert "largest difference" in result.message


def _delta(z, x_hat, x):
    n, d = x.shape
    return 2.0 / (n * d) * (x_hat - x) * x_hat * (1.0 - x_hat)


@pytest.mark.parametrize(
    ("wrong", "expected_in_message"),
    [
        (  # forgot σ'(a)
            lambda z, xh, x: (
                (2.0 / x.size * (xh - x)).T @ z,
                (2.0 / x.size * (xh - x)).sum(axis=0),
            ),
            "grad_w_d",
        ),
        (  # sum instead of mean: no 1/(n d)
            lambda z, xh, x: (
                (_delta(z, xh, x) * x.size).T @ z,
                (_delta(z, xh, x) * x.size).sum(0),
            ),
            "grad_w_d",
        ),
        (  # mean over the samples only: 1/n instead of 1/(n d)
            lambda z, xh, x: (
                (_delta(z, xh, x) * x.shape[1]).T @ z,
                (_delta(z, xh, x) * x.shape[1]).sum(0),
            ),
            "grad_w_d",
        ),
        (  # wrong sign: (x − x̂)
            lambda z, xh, x: ((-_delta(z, xh, x)).T @ z, (-_delta(z, xh, x)).sum(0)),
            "grad_w_d",
        ),
        (  # shape (k, d) instead of (d, k)
            lambda z, xh, x: (z.T @ _delta(z, xh, x), _delta(z, xh, x).sum(0)),
            "expected shape (12, 4), got (4, 12)",
        ),
        (  # the bias gradient averaged instead of summed over samples
            lambda z, xh, x: (_delta(z, xh, x).T @ z, _delta(z, xh, x).mean(0)),
            "grad_b_d",
        ),
        (lambda z, xh, x: _delta(z, xh, x).T @ z, "expected a pair"),  # only one gradient
    ],
    ids=["no-dsigma", "sum", "per-sample-mean", "sign", "transposed", "bias-mean", "single"],
)
def test_wrong_decoder_gradients_fail(wrong, expected_in_message):
    result = check_decoder_gradients(wrong)
    assert result.status == "failed", result.text()
    assert expected_in_message in result.message


@pytest.mark.parametrize(
    ("wrong", "expected_in_message"),
    [
        (lambda p, g, lr: {k: p[k] + lr * g[k] for k in p}, "updated w_e"),  # uphill
        (lambda p, g, lr: {k: p[k] - g[k] for k in p}, "updated w_e"),  # forgot lr
        (lambda p, g, lr: {k: p[k] - lr * g[k] for k in ("w_e", "w_d")}, "keys"),  # biases lost
        (lambda p, g, lr: None, "returns a dict"),  # forgot to return
    ],
    ids=["uphill", "no-lr", "biases-dropped", "no-return"],
)
def test_wrong_sgd_steps_fail(wrong, expected_in_message):
    result = check_sgd_step(wrong)
    assert result.status == "failed", result.text()
    assert expected_in_message in result.message


def test_hard_coded_answers_fail():
    x = np.random.default_rng(100).random((5, 12))
    frozen = encoder_forward(x, np.ones((4, 12)), np.zeros(4))
    result = check_encoder_forward(lambda x, w, b: frozen)
    assert result.status == "failed"
