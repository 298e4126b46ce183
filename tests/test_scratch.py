"""aelab.scratch: the NumPy autoencoder's gradients, optimizers, training and input checks."""

from __future__ import annotations

import numpy as np
import pytest

from aelab import scratch


def _problem(n: int, d: int, k: int, seed: int = 0) -> tuple[scratch.Params, np.ndarray]:
    rng = np.random.default_rng(seed)
    params = scratch.init_params(d, k, seed=seed)
    params["b_e"] = rng.normal(0.0, 0.5, k)
    params["b_d"] = rng.normal(0.0, 0.5, d)
    return params, rng.random((n, d))


@pytest.mark.parametrize(("n", "d", "k"), [(4, 9, 3), (7, 5, 6), (1, 13, 2)])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"activation": "relu"},
        {"activation": "linear", "output_activation": "linear"},
        {"l2": 0.03, "l1_code": 0.2},
    ],
    ids=["sigmoid", "relu", "linear", "l2+l1"],
)
def test_backward_matches_central_differences(n, d, k, options):
    params, x = _problem(n, d, k, seed=n * 100 + d)
    errors = scratch.gradient_check(params, x, **options)
    assert set(errors) == set(scratch.PARAM_NAMES)
    assert max(errors.values()) < 1e-6, errors


def test_gradient_check_with_dropout_mask_and_separate_target():
    params, x = _problem(5, 8, 4, seed=3)
    rng = np.random.default_rng(1)
    mask = (rng.random((5, 4)) >= 0.5) / 0.5
    target = rng.random((5, 8))
    errors = scratch.gradient_check(params, x, target=target, code_mask=mask)
    assert max(errors.values()) < 1e-6, errors


def test_gradient_check_detects_a_wrong_gradient(monkeypatch):
    params, x = _problem(4, 6, 3)
    real_backward = scratch.backward

    def sign_flipped(*args, **kwargs):
        grads = real_backward(*args, **kwargs)
        grads["w_d"] = -grads["w_d"]
        return grads

    monkeypatch.setattr(scratch, "backward", sign_flipped)
    errors = scratch.gradient_check(params, x)
    assert errors["w_d"] > 0.5
    assert errors["w_e"] < 1e-6


def test_gradients_have_the_shapes_of_their_parameters():
    params, x = _problem(3, 10, 4)
    loss, grads = scratch.loss_and_grads(params, x)
    assert np.isfinite(loss)
    for name in scratch.PARAM_NAMES:
        assert grads[name].shape == params[name].shape


def test_objective_equals_the_loss_of_loss_and_grads():
    params, x = _problem(6, 8, 3)
    loss, _ = scratch.loss_and_grads(params, x, l2=0.01, l1_code=0.1)
    assert scratch.objective(params, x, l2=0.01, l1_code=0.1) == pytest.approx(loss)
    plain = scratch.objective(params, x)
    x_hat, _ = scratch.forward(params, x)
    assert plain == pytest.approx(np.mean((x_hat - x) ** 2))


def test_one_sgd_step_lowers_the_loss():
    params, x = _problem(8, 12, 4, seed=5)
    before, grads = scratch.loss_and_grads(params, x)
    old_w_d = params["w_d"].copy()
    scratch.SGD(lr=0.5).step(params, grads)
    assert scratch.objective(params, x) < before
    np.testing.assert_allclose(params["w_d"], old_w_d - 0.5 * grads["w_d"])


def _adam_by_hand(theta, grads, lr, b1, b2, eps):
    m = v = 0.0
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        theta = theta - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    return theta


def test_adam_matches_the_formula_for_two_steps():
    theta = {"w": np.array([1.0, -2.0, 0.5])}
    g1, g2 = np.array([0.3, -1.0, 0.0]), np.array([-0.1, -0.5, 2.0])
    adam = scratch.Adam(lr=0.1, beta1=0.8, beta2=0.9, eps=1e-3)
    adam.step(theta, {"w": g1})
    # First step: bias correction makes m̂ = g and v̂ = g², a step of lr · g / (|g| + eps).
    np.testing.assert_allclose(theta["w"], [1.0, -2.0, 0.5] - 0.1 * g1 / (np.abs(g1) + 1e-3))
    adam.step(theta, {"w": g2})
    expected = _adam_by_hand(np.array([1.0, -2.0, 0.5]), [g1, g2], 0.1, 0.8, 0.9, 1e-3)
    np.testing.assert_allclose(theta["w"], expected, rtol=1e-12)
    assert adam.t == 2


def test_adam_matches_keras_adam():
    import keras

    start = np.array([[0.4, -1.2], [2.0, 0.1]])
    grads = [np.array([[0.5, -0.2], [0.0, 1.5]]), np.array([[-0.3, 0.4], [0.2, 1.0]])]
    ours = {"w": start.copy()}
    adam = scratch.Adam(lr=0.01, eps=1e-12)
    variable = keras.Variable(start.copy(), dtype="float64")
    theirs = keras.optimizers.Adam(learning_rate=0.01, epsilon=1e-12)
    for g in grads:
        adam.step(ours, {"w": g})
        theirs.apply_gradients([(keras.ops.convert_to_tensor(g), variable)])
    # Keras computes its step size in float32: steps of ~0.01 agree to ~1e-7.
    np.testing.assert_allclose(ours["w"], variable.numpy(), rtol=0, atol=1e-6)
    assert np.abs(ours["w"] - start).min() > 1e-3  # the parameters did move


def test_training_learns_and_is_deterministic():
    rng = np.random.default_rng(0)
    basis = rng.random((3, 20))
    x = (rng.random((120, 3)) @ basis / 3).astype(np.float32)
    runs = []
    for _ in range(2):
        params = scratch.init_params(20, 3, seed=1, dtype=np.float32, output_mean=x.mean(axis=0))
        untrained = scratch.reconstruction_mse(params, x)
        history = scratch.train(
            params, x, scratch.Adam(1e-2), epochs=15, batch_size=16, x_val=x[:30], seed=4
        )
        runs.append(history)
    first, second = runs
    assert first == second
    assert set(first) == {"loss", "train_mse", "val_mse"}
    assert all(len(v) == 15 for v in first.values())
    assert first["train_mse"][-1] < 0.5 * untrained


@pytest.mark.parametrize(
    "options", [{"dropout": 0.3}, {"input_noise": 0.2}, {"l2": 1e-4, "l1_code": 1e-3}]
)
def test_regularized_training_runs_and_keeps_params_finite(options):
    rng = np.random.default_rng(2)
    x = rng.random((40, 10))
    params = scratch.init_params(10, 4, seed=0)
    history = scratch.train(params, x, scratch.SGD(0.5), epochs=3, batch_size=8, **options)
    assert len(history["loss"]) == 3
    assert all(np.isfinite(v).all() for v in params.values())


def test_output_mean_starts_the_decoder_at_the_mean():
    mean = np.linspace(0.0, 1.0, 6)
    params = scratch.init_params(6, 2, output_mean=mean)
    np.testing.assert_allclose(scratch.sigmoid(params["b_d"]), np.clip(mean, 1e-3, 1 - 1e-3))
    linear = scratch.init_params(6, 2, output_mean=mean, output_activation="linear")
    np.testing.assert_allclose(linear["b_d"], np.clip(mean, 1e-3, 1 - 1e-3))


def test_sigmoid_is_stable_for_large_inputs():
    with np.errstate(all="raise"):
        out = scratch.sigmoid(np.array([-1e4, 0.0, 1e4]))
    np.testing.assert_allclose(out, [0.0, 0.5, 1.0])


def test_encode_is_the_code_of_forward():
    params, x = _problem(4, 9, 3)
    _, cache = scratch.forward(params, x, activation="relu")
    np.testing.assert_allclose(scratch.encode(params, x, activation="relu"), cache.z)


def test_wrong_input_width_names_the_expected_shape():
    params, _ = _problem(3, 12, 4)
    with pytest.raises(ValueError, match=r"\(n, 12\).*\(3, 10\)"):
        scratch.forward(params, np.zeros((3, 10)))
    with pytest.raises(ValueError, match=r"\(n, 12\)"):
        scratch.train(params, np.zeros((5, 11)), scratch.SGD(), epochs=1)


def test_mismatched_params_name_the_expected_shape():
    params, x = _problem(3, 12, 4)
    params["w_d"] = params["w_d"].T
    with pytest.raises(ValueError, match=r"w_d.*\(12, 4\).*\(4, 12\)"):
        scratch.forward(params, x)
    with pytest.raises(ValueError, match="missing"):
        scratch.forward({"w_e": np.zeros((2, 3))}, x)


def test_other_bad_inputs_are_rejected():
    params, x = _problem(3, 6, 2)
    with pytest.raises(ValueError, match="activation must be one of"):
        scratch.forward(params, x, activation="tanhh")
    with pytest.raises(ValueError, match="code_mask must have shape"):
        scratch.forward(params, x, code_mask=np.ones((3, 5)))
    with pytest.raises(ValueError, match="latent_dim must be a positive int"):
        scratch.init_params(6, 0)
    with pytest.raises(ValueError, match="float64"):
        scratch.gradient_check({k: v.astype(np.float32) for k, v in params.items()}, x)
    with pytest.raises(ValueError, match="dropout"):
        scratch.train(params, x, scratch.SGD(), epochs=1, dropout=1.0)
    with pytest.raises(ValueError, match="NaN"):
        scratch.forward(params, np.full((2, 6), np.nan))
    with pytest.raises(ValueError, match="lr"):
        scratch.SGD(lr=0.0)
    with pytest.raises(ValueError, match="same shape"):
        scratch.mse_loss(np.zeros((2, 3)), np.zeros((3, 2)))
