"""Training with Keras, seeded, with a check that the run actually learned."""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np


class _StopAfterOneEpoch(keras.callbacks.Callback):
    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.model.stop_training = True


def _check_array(name: str, x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim < 2 or len(x) < 2:
        raise ValueError(f"{name} must be a batch of at least 2 samples, got shape {x.shape}")
    if not np.issubdtype(x.dtype, np.floating):
        raise ValueError(f"{name} must be floating point (e.g. float32 in [0, 1]), got {x.dtype}")
    if not np.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return x


def train_autoencoder(
    model: keras.Model,
    x: np.ndarray,
    target: np.ndarray | None = None,
    *,
    epochs: int,
    batch_size: int = 128,
    validation_data: tuple[np.ndarray, np.ndarray] | None = None,
    learning_rate: float | keras.optimizers.schedules.LearningRateSchedule = 1e-3,
    loss: str | keras.losses.Loss = "mse",
    corrupt: Callable[[np.ndarray, int], np.ndarray] | None = None,
    verbose: int = 0,
    callbacks: list[keras.callbacks.Callback] | None = None,
) -> dict[str, list[float]]:
    """Compile with Adam and `loss`, fit `x -> target` (target defaults to x), return the history.

    learning_rate: Adam's rate, or a schedule such as keras.optimizers.schedules.CosineDecay.
    corrupt: a function (x, epoch) -> damaged copy of x. Each epoch then trains on a
    fresh corruption, corrupt(x, epoch) -> target, instead of one fixed set of noisy
    inputs, so the model never sees the same noisy image twice (the denoising
    autoencoder of Vincent et al., 2008); seed it with `epoch` to stay reproducible.
    Keras then runs one fit() per epoch, so callbacks see a train begin/end per epoch
    and those that count epochs across a run (EarlyStopping) do not work with it.

    Raises RuntimeError when the training loss did not go down: a run that did not
    learn should stop the notebook, not produce quiet nonsense.
    """
    x = _check_array("x", x)
    target = x if target is None else _check_array("target", target)
    if len(target) != len(x):
        raise ValueError(f"x has {len(x)} samples but target has {len(target)}")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    if corrupt is not None and not callable(corrupt):
        raise ValueError(f"corrupt must be a function (x, epoch) -> array, got {corrupt!r}")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss)
    fit = dict(
        batch_size=batch_size,
        validation_data=validation_data,
        shuffle=True,
        verbose=verbose,
        callbacks=callbacks,
    )
    if corrupt is None:
        history = model.fit(x, target, epochs=epochs, **fit).history
    else:
        history = {}
        # epochs=epochs keeps Keras's log at "Epoch k/epochs"; _StopAfterOneEpoch ends each call
        fit["callbacks"] = [*(callbacks or []), _StopAfterOneEpoch()]
        for epoch in range(epochs):
            inputs = _check_array(f"corrupt(x, {epoch})", corrupt(x, epoch))
            if inputs.shape != x.shape:
                raise ValueError(
                    f"corrupt(x, {epoch}) returned shape {inputs.shape}, not x's {x.shape}"
                )
            one = model.fit(inputs, target, initial_epoch=epoch, epochs=epochs, **fit).history
            for key, values in one.items():
                history.setdefault(key, []).extend(values)
    losses = history["loss"]
    if not np.isfinite(losses).all():
        raise RuntimeError(f"training diverged: losses {losses}")
    if epochs > 1 and losses[-1] >= losses[0]:
        raise RuntimeError(f"training did not lower the loss: {losses[0]:.4g} -> {losses[-1]:.4g}")
    return {k: [float(v) for v in vals] for k, vals in history.items()}
