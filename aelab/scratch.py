"""A one-hidden-layer autoencoder in NumPy: forward, loss, backward, SGD and Adam by hand.

The equations, for a batch X of n rows with d features and a code of k units:

    A_e = X W_eᵀ + b_e      Z = σ(A_e)          (encoder, W_e: k × d)
    A_d = Z W_dᵀ + b_d      X̂ = σ_out(A_d)      (decoder, W_d: d × k)
    L   = 1/(n d) Σ (X̂ − T)²  [+ l2 (‖W_e‖² + ‖W_d‖²)  + l1_code · 1/n Σ |Z|]

T is the target (X itself, or the clean X when the input is noisy). Parameters
live in a plain dict {"w_e", "b_e", "w_d", "b_d"}; gradients use the same keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

Params = dict[str, np.ndarray]
PARAM_NAMES = ("w_e", "b_e", "w_d", "b_d")


def sigmoid(a: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-a), written with tanh so that large |a| cannot overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def relu(a: np.ndarray) -> np.ndarray:
    """max(a, 0)."""
    return np.maximum(a, 0.0)


def linear(a: np.ndarray) -> np.ndarray:
    """The identity: no activation at all."""
    return a


# Each activation with its derivative, given the pre-activation a and the output h = σ(a).
ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "sigmoid": (sigmoid, lambda a, h: h * (1.0 - h)),
    "relu": (relu, lambda a, h: (a > 0).astype(a.dtype)),
    "linear": (linear, lambda a, h: np.ones_like(a)),
}


def _activation(name: str) -> tuple[Callable, Callable]:
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]


# The inverse of each output activation, to start the decoder at the data mean.
_INVERSE = {
    "sigmoid": lambda m: np.log(m / (1.0 - m)),
    "relu": lambda m: m,
    "linear": lambda m: m,
}


def init_params(
    input_dim: int,
    latent_dim: int,
    seed: int = 0,
    dtype: type = np.float64,
    output_mean: np.ndarray | None = None,
    output_activation: str = "sigmoid",
) -> Params:
    """Glorot-uniform weights (as Keras's Dense layers use) and zero biases.

    output_mean: the mean training image; when given, b_d = σ_out⁻¹(mean), so that the
    untrained decoder already outputs the average image instead of grey 0.5 everywhere.
    """
    for name, value in (("input_dim", input_dim), ("latent_dim", latent_dim)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    _activation(output_activation)
    rng = np.random.default_rng(seed)
    limit = np.sqrt(6.0 / (input_dim + latent_dim))
    b_d = np.zeros(input_dim)
    if output_mean is not None:
        mean = np.asarray(output_mean, dtype=np.float64)
        if mean.shape != (input_dim,) or not np.isfinite(mean).all():
            raise ValueError(
                f"output_mean must be a finite array of shape ({input_dim},), got {mean.shape}"
            )
        b_d = _INVERSE[output_activation](np.clip(mean, 1e-3, 1 - 1e-3))
    return {
        "w_e": rng.uniform(-limit, limit, (latent_dim, input_dim)).astype(dtype),
        "b_e": np.zeros(latent_dim, dtype=dtype),
        "w_d": rng.uniform(-limit, limit, (input_dim, latent_dim)).astype(dtype),
        "b_d": b_d.astype(dtype),
    }


def check_params(params: Params) -> tuple[int, int]:
    """Check the four arrays fit together; return (input_dim, latent_dim)."""
    missing = [k for k in PARAM_NAMES if k not in params]
    if missing:
        raise ValueError(f"params must hold {list(PARAM_NAMES)}, missing {missing}")
    k, d = np.shape(params["w_e"])
    expected = {"w_e": (k, d), "b_e": (k,), "w_d": (d, k), "b_d": (d,)}
    for name, shape in expected.items():
        if np.shape(params[name]) != shape:
            raise ValueError(
                f"params[{name!r}] must have shape {shape} for w_e of shape {(k, d)}, "
                f"got {np.shape(params[name])}"
            )
    return d, k


def _check_batch(name: str, x: np.ndarray, input_dim: int) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim != 2 or x.shape[1] != input_dim:
        raise ValueError(f"{name} must have shape (n, {input_dim}), got {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return x


@dataclass
class Cache:
    """What the backward pass needs from the forward pass."""

    x: np.ndarray  # input, (n, d)
    a_e: np.ndarray  # encoder pre-activation, (n, k)
    z: np.ndarray  # code, (n, k)
    z_used: np.ndarray  # code after dropout (z itself without dropout), (n, k)
    a_d: np.ndarray  # decoder pre-activation, (n, d)
    x_hat: np.ndarray  # reconstruction, (n, d)
    code_mask: np.ndarray | None  # dropout mask (0 or 1/(1-p)), or None
    activation: str
    output_activation: str


def encode(params: Params, x: np.ndarray, activation: str = "sigmoid") -> np.ndarray:
    """The code z = σ(W_e x + b_e) of each row of x: shape (n, k)."""
    d, _ = check_params(params)
    x = _check_batch("x", x, d)
    sigma, _ = _activation(activation)
    return sigma(x @ params["w_e"].T + params["b_e"])


def forward(
    params: Params,
    x: np.ndarray,
    activation: str = "sigmoid",
    output_activation: str = "sigmoid",
    code_mask: np.ndarray | None = None,
) -> tuple[np.ndarray, Cache]:
    """Encode and decode a batch; return x_hat (n, d) and the cache for `backward`.

    code_mask: optional dropout mask multiplied into the code (training only).
    """
    d, _ = check_params(params)
    x = _check_batch("x", x, d)
    sigma, _ = _activation(activation)
    sigma_out, _ = _activation(output_activation)
    a_e = x @ params["w_e"].T + params["b_e"]
    z = sigma(a_e)
    z_used = z
    if code_mask is not None:
        if np.shape(code_mask) != z.shape:
            raise ValueError(f"code_mask must have shape {z.shape}, got {np.shape(code_mask)}")
        z_used = z * code_mask
    a_d = z_used @ params["w_d"].T + params["b_d"]
    x_hat = sigma_out(a_d)
    return x_hat, Cache(x, a_e, z, z_used, a_d, x_hat, code_mask, activation, output_activation)


def mse_loss(x_hat: np.ndarray, target: np.ndarray) -> float:
    """L = 1/(n d) Σ (x̂ − t)²: the mean over every pixel of every sample."""
    x_hat, target = np.asarray(x_hat), np.asarray(target)
    if x_hat.shape != target.shape:
        raise ValueError(
            f"x_hat and target must have the same shape, got {x_hat.shape} and {target.shape}"
        )
    return float(np.mean((x_hat - target) ** 2))


def penalty(params: Params, z: np.ndarray, l2: float = 0.0, l1_code: float = 0.0) -> float:
    """The regularization terms: l2 (‖W_e‖² + ‖W_d‖²) + l1_code · 1/n Σ |z|."""
    total = 0.0
    if l2:
        total += l2 * float(np.sum(params["w_e"] ** 2) + np.sum(params["w_d"] ** 2))
    if l1_code:
        total += l1_code * float(np.sum(np.abs(z))) / len(z)
    return total


def backward(
    params: Params, cache: Cache, target: np.ndarray, l2: float = 0.0, l1_code: float = 0.0
) -> Params:
    """The gradients of the loss with respect to every parameter, by the chain rule."""
    n, d = cache.x_hat.shape
    target = _check_batch("target", target, d)
    if len(target) != n:
        raise ValueError(f"target must have shape {(n, d)}, got {target.shape}")
    _, dsigma = _activation(cache.activation)
    _, dsigma_out = _activation(cache.output_activation)

    # Decoder: δ_d = ∂L/∂A_d = 2/(n d) (X̂ − T) ⊙ σ_out'(A_d)
    delta_d = 2.0 / (n * d) * (cache.x_hat - target) * dsigma_out(cache.a_d, cache.x_hat)
    grad_w_d = delta_d.T @ cache.z_used  # (d, k)
    grad_b_d = delta_d.sum(axis=0)  # (d,)

    # Back through the decoder's weights (and the dropout mask) to the code.
    grad_z = delta_d @ params["w_d"]  # (n, k)
    if cache.code_mask is not None:
        grad_z = grad_z * cache.code_mask
    if l1_code:
        grad_z = grad_z + l1_code / n * np.sign(cache.z)

    # Encoder: δ_e = ∂L/∂A_e = ∂L/∂Z ⊙ σ'(A_e)
    delta_e = grad_z * dsigma(cache.a_e, cache.z)
    grad_w_e = delta_e.T @ cache.x  # (k, d)
    grad_b_e = delta_e.sum(axis=0)  # (k,)

    if l2:
        grad_w_e = grad_w_e + 2.0 * l2 * params["w_e"]
        grad_w_d = grad_w_d + 2.0 * l2 * params["w_d"]
    return {"w_e": grad_w_e, "b_e": grad_b_e, "w_d": grad_w_d, "b_d": grad_b_d}


def objective(
    params: Params,
    x: np.ndarray,
    target: np.ndarray | None = None,
    *,
    activation: str = "sigmoid",
    output_activation: str = "sigmoid",
    l2: float = 0.0,
    l1_code: float = 0.0,
    code_mask: np.ndarray | None = None,
) -> float:
    """The loss alone: reconstruction MSE plus the penalty (no gradients)."""
    target = x if target is None else target
    x_hat, cache = forward(params, x, activation, output_activation, code_mask)
    return mse_loss(x_hat, target) + penalty(params, cache.z, l2, l1_code)


def loss_and_grads(
    params: Params,
    x: np.ndarray,
    target: np.ndarray | None = None,
    *,
    activation: str = "sigmoid",
    output_activation: str = "sigmoid",
    l2: float = 0.0,
    l1_code: float = 0.0,
    code_mask: np.ndarray | None = None,
) -> tuple[float, Params]:
    """Forward, loss (reconstruction + penalty) and backward in one call."""
    target = x if target is None else target
    x_hat, cache = forward(params, x, activation, output_activation, code_mask)
    loss = mse_loss(x_hat, target) + penalty(params, cache.z, l2, l1_code)
    return loss, backward(params, cache, target, l2, l1_code)


def numerical_gradient(
    loss_fn: Callable[[Params], float], params: Params, eps: float = 1e-6
) -> Params:
    """Central differences (L(θ + ε) − L(θ − ε)) / 2ε, one parameter entry at a time."""
    grads = {}
    for name, value in params.items():
        grad = np.zeros_like(value, dtype=np.float64)
        for i in np.ndindex(value.shape):
            saved = value[i]
            value[i] = saved + eps
            up = loss_fn(params)
            value[i] = saved - eps
            down = loss_fn(params)
            value[i] = saved
            grad[i] = (up - down) / (2 * eps)
        grads[name] = grad
    return grads


def relative_errors(analytic: Params, numeric: Params) -> dict[str, float]:
    """‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) for each parameter array (0 when both are 0)."""
    errors = {}
    for name in analytic:
        g, g_num = np.ravel(analytic[name]), np.ravel(numeric[name])
        scale = np.linalg.norm(g) + np.linalg.norm(g_num)
        errors[name] = float(np.linalg.norm(g - g_num) / scale) if scale > 0 else 0.0
    return errors


def gradient_check(
    params: Params, x: np.ndarray, eps: float = 1e-5, **loss_kwargs: object
) -> dict[str, float]:
    """Compare `loss_and_grads` with central differences (float64); return relative errors."""
    arrays = [x, *params.values()]
    if any(np.asarray(a).dtype != np.float64 for a in arrays):
        raise ValueError(
            "gradient_check needs float64 params and x (float32 rounding hides bugs), got "
            f"{sorted({str(np.asarray(a).dtype) for a in arrays})}"
        )
    with threadpool_limits(limits=1, user_api="blas"):
        _, analytic = loss_and_grads(params, x, **loss_kwargs)
        numeric = numerical_gradient(lambda p: objective(p, x, **loss_kwargs), params, eps)
    return relative_errors(analytic, numeric)


class SGD:
    """Plain stochastic gradient descent: θ ← θ − lr · g."""

    def __init__(self, lr: float = 0.1) -> None:
        if not lr > 0:
            raise ValueError(f"lr must be positive, got {lr!r}")
        self.lr = lr

    def step(self, params: Params, grads: Params) -> None:
        """Update params in place."""
        for name, g in grads.items():
            params[name] -= self.lr * g


class Adam:
    """Adam (Kingma & Ba, 2015): per-parameter steps scaled by running moments of g and g²."""

    def __init__(
        self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        if not lr > 0 or not 0 <= beta1 < 1 or not 0 <= beta2 < 1 or not eps > 0:
            raise ValueError(
                f"expected lr > 0, 0 <= beta1, beta2 < 1 and eps > 0, got lr={lr!r}, "
                f"beta1={beta1!r}, beta2={beta2!r}, eps={eps!r}"
            )
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t = 0
        self.m: Params = {}
        self.v: Params = {}

    def step(self, params: Params, grads: Params) -> None:
        """Update params in place."""
        self.t += 1
        for name, g in grads.items():
            m = self.m[name] = self.beta1 * self.m.get(name, 0.0) + (1 - self.beta1) * g
            v = self.v[name] = self.beta2 * self.v.get(name, 0.0) + (1 - self.beta2) * g**2
            m_hat = m / (1 - self.beta1**self.t)  # bias correction: m and v start at 0
            v_hat = v / (1 - self.beta2**self.t)
            params[name] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def reconstruction_mse(
    params: Params,
    x: np.ndarray,
    activation: str = "sigmoid",
    output_activation: str = "sigmoid",
    batch_size: int = 4096,
) -> float:
    """Mean squared reconstruction error on x (no dropout, no noise), in batches."""
    total = 0.0
    for start in range(0, len(x), batch_size):
        batch = x[start : start + batch_size]
        x_hat, _ = forward(params, batch, activation, output_activation)
        total += float(np.sum((x_hat - batch) ** 2))
    return total / x.size


def train(
    params: Params,
    x: np.ndarray,
    optimizer: SGD | Adam,
    *,
    epochs: int,
    batch_size: int = 64,
    x_val: np.ndarray | None = None,
    seed: int = 0,
    activation: str = "sigmoid",
    output_activation: str = "sigmoid",
    l2: float = 0.0,
    l1_code: float = 0.0,
    dropout: float = 0.0,
    input_noise: float = 0.0,
) -> dict[str, list[float]]:
    """Minibatch training of params (in place); return the history, like Keras's.

    History keys: `loss` (mean objective of the epoch's batches), `train_mse` and
    `val_mse` (clean reconstruction error after each epoch, no dropout or noise).
    dropout: rate of code units zeroed in training; input_noise: std of the Gaussian
    noise added to the input (the target stays clean).
    """
    d, k = check_params(params)
    x = _check_batch("x", x, d)
    if x_val is not None:
        x_val = _check_batch("x_val", x_val, d)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")
    # These matrices are small: one BLAS thread is faster than several fighting for the CPU.
    with threadpool_limits(limits=1, user_api="blas"):
        return _train_loop(
            params,
            x,
            optimizer,
            epochs,
            batch_size,
            x_val,
            seed,
            activation,
            output_activation,
            l2,
            l1_code,
            dropout,
            input_noise,
            k,
        )


def _train_loop(
    params: Params,
    x: np.ndarray,
    optimizer: SGD | Adam,
    epochs: int,
    batch_size: int,
    x_val: np.ndarray | None,
    seed: int,
    activation: str,
    output_activation: str,
    l2: float,
    l1_code: float,
    dropout: float,
    input_noise: float,
    k: int,
) -> dict[str, list[float]]:
    rng = np.random.default_rng(seed)
    history: dict[str, list[float]] = {"loss": [], "train_mse": []}
    if x_val is not None:
        history["val_mse"] = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        batch_losses = []
        for start in range(0, len(x), batch_size):
            target = x[order[start : start + batch_size]]
            inputs = target
            if input_noise:
                inputs = target + rng.normal(0.0, input_noise, target.shape).astype(x.dtype)
            mask = None
            if dropout:
                keep = rng.random((len(target), k)) >= dropout
                mask = keep.astype(x.dtype) / (1.0 - dropout)
            loss, grads = loss_and_grads(
                params,
                inputs,
                target,
                activation=activation,
                output_activation=output_activation,
                l2=l2,
                l1_code=l1_code,
                code_mask=mask,
            )
            optimizer.step(params, grads)
            batch_losses.append(loss)
        if not np.isfinite(batch_losses).all():
            raise RuntimeError(f"training diverged: batch losses {batch_losses[-3:]}")
        history["loss"].append(float(np.mean(batch_losses)))
        history["train_mse"].append(reconstruction_mse(params, x, activation, output_activation))
        if x_val is not None:
            history["val_mse"].append(
                reconstruction_mse(params, x_val, activation, output_activation)
            )
    return history
