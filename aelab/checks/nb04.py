"""Checks for the exercises of notebook 04 (compression 784 -> 2)."""

from __future__ import annotations

import numpy as np

from aelab.checks import CheckFailed, Context, exercise
from aelab.compression import compression_ratio, quantize

# (input_dim, hidden, latent_dim): the notebook's architecture and a small one,
# so that a model hard-coded for 784 -> 2 does not pass.
ARCHITECTURES = [(784, (512, 128), 2), (64, (48, 24, 12), 3)]


def reference_autoencoder(input_dim: int, hidden: tuple[int, ...], latent_dim: int):
    """The expected model: ReLU hidden layers, a linear code and a sigmoid output."""
    from aelab.models import dense_autoencoder

    return dense_autoencoder(input_dim=input_dim, hidden=hidden, latent_dim=latent_dim)


def _dense_layers(model) -> list:
    return [layer for layer in model.layers if hasattr(layer, "units")]


def _activation_name(layer) -> str:
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", str(activation))


def _as_pair(ctx: Context, got: object, args: tuple) -> tuple:
    import keras

    if not (isinstance(got, tuple | list) and len(got) == 2):
        raise CheckFailed(
            f"build_autoencoder{args}: expected a pair (encoder, decoder), got {type(got).__name__}"
        )
    for name, part in zip(("encoder", "decoder"), got, strict=True):
        if not isinstance(part, keras.Model):
            raise CheckFailed(
                f"build_autoencoder{args}: the {name} must be a keras.Model, "
                f"got {type(part).__name__}",
            )
    ctx.ok(f"build_autoencoder{args} returns (encoder, decoder) models")
    return tuple(got)


def _run(model, x: np.ndarray, name: str) -> np.ndarray:
    try:
        return np.asarray(model(x))
    except Exception as exc:  # the learner's model is broken: a verdict, not a crash
        raise CheckFailed(
            f"calling your {name} on a batch of shape {x.shape} raised {type(exc).__name__}: {exc}"
        ) from exc


@exercise("nb04_build_autoencoder", points=3, title="Build a 784 → 2 autoencoder")
def check_build_autoencoder(ctx: Context, fn) -> None:
    rng = np.random.default_rng(4)
    for input_dim, hidden, latent_dim in ARCHITECTURES:
        args = (input_dim, hidden, latent_dim)
        encoder, decoder = _as_pair(ctx, ctx.call(fn, input_dim, hidden, latent_dim), args)
        for name, part, size in [("encoder", encoder, input_dim), ("decoder", decoder, latent_dim)]:
            got_in = tuple(part.inputs[0].shape[1:])
            ctx.expect_true(
                got_in == (size,),
                f"{name} of {args} takes inputs of shape (batch, {size}) (got (batch, "
                f"{', '.join(str(d) for d in got_in)}))",
                hint=f"use keras.Input(({size},)); build from the arguments, not fixed numbers",
            )
        x = rng.random((5, input_dim), dtype=np.float32)
        z = _run(encoder, x, "encoder")
        ctx.expect_shape(
            z,
            (5, latent_dim),
            f"encoder output for 5 inputs of size {input_dim}",
            hint="the encoder ends in Dense(latent_dim)",
        )
        codes = rng.normal(scale=10.0, size=(5, latent_dim)).astype(np.float32)
        x_hat = _run(decoder, codes, "decoder")
        ctx.expect_shape(
            x_hat,
            (5, input_dim),
            f"decoder output for 5 codes of size {latent_dim}",
            hint="the decoder ends in Dense(input_dim)",
        )
        enc_units = [layer.units for layer in _dense_layers(encoder)]
        dec_units = [layer.units for layer in _dense_layers(decoder)]
        want_enc, want_dec = [*hidden, latent_dim], [*reversed(hidden), input_dim]
        ctx.expect_true(
            enc_units == want_enc,
            f"encoder Dense widths: expected {want_enc}, got {enc_units}",
            hint="one Dense layer per entry of hidden, in order, then the code layer",
        )
        ctx.expect_true(
            dec_units == want_dec,
            f"decoder Dense widths: expected {want_dec}, got {dec_units}",
            hint="the decoder mirrors the encoder: reversed(hidden), then input_dim",
        )
        enc_acts = [_activation_name(layer) for layer in _dense_layers(encoder)]
        dec_acts = [_activation_name(layer) for layer in _dense_layers(decoder)]
        want_enc_acts = ["relu"] * len(hidden) + ["linear"]
        want_dec_acts = ["relu"] * len(hidden) + ["sigmoid"]
        ctx.expect_true(
            enc_acts == want_enc_acts,
            f"encoder activations: expected {want_enc_acts}, got {enc_acts}",
            hint="ReLU in the hidden layers; the code layer has no activation (linear)",
        )
        ctx.expect_true(
            dec_acts == want_dec_acts,
            f"decoder activations: expected {want_dec_acts}, got {dec_acts}",
            hint="ReLU in the hidden layers; sigmoid on the output so pixels stay in [0, 1]",
        )
        reference = reference_autoencoder(input_dim, hidden, latent_dim)
        for name, part, ref in [
            ("encoder", encoder, reference.encoder),
            ("decoder", decoder, reference.decoder),
        ]:
            got_params, want_params = part.count_params(), ref.count_params()
            ctx.expect_true(
                got_params == want_params,
                f"{name} of {args}: expected {want_params:,} parameters, got {got_params:,}",
                hint="every Dense layer has a weight matrix and a bias vector",
            )


@exercise("nb04_compression_ratio", points=1, title="Compression ratio")
def check_compression_ratio(ctx: Context, fn) -> None:
    cases = [(784, 8, 2, 32), (784, 8, 2, 8), (784, 32, 32, 32), (100, 8, 5, 4)]
    for args in cases:
        got = ctx.call(fn, *args)
        input_dim, input_bits, latent_dim, code_bits = args
        ctx.expect_close(
            got,
            compression_ratio(*args),
            f"compression_ratio(input_dim={input_dim}, input_bits={input_bits}, "
            f"latent_dim={latent_dim}, code_bits={code_bits})",
            rtol=1e-9,
            hint="bits of the input divided by bits of the code (a ratio above 1 means smaller)",
        )


@exercise("nb04_quantize_code", points=2, title="Quantise a code to b bits")
def check_quantize_code(ctx: Context, fn) -> None:
    rng = np.random.default_rng(8)
    for n, dim, bits in [(50, 2, 8), (30, 3, 4)]:
        low = rng.uniform(-5.0, 0.0, dim)
        high = low + rng.uniform(1.0, 8.0, dim)
        z = rng.uniform(low - 1.0, high + 1.0, (n, dim))  # some values outside [low, high]
        z[0], z[1] = low, high  # the two ends of the range
        got = ctx.call(fn, z.copy(), low.copy(), high.copy(), bits)
        ctx.expect_shape(got, (n, dim), f"quantize_code for z of shape {(n, dim)}")
        got_arr = np.asarray(got)
        ctx.expect_true(
            np.issubdtype(got_arr.dtype, np.integer),
            f"levels are integers (got dtype {got_arr.dtype})",
            hint="round to the nearest level, then convert with .astype(np.uint8)",
        )
        top = 2**bits - 1
        ctx.expect_true(
            bool(got_arr.min() >= 0 and got_arr.max() <= top),
            f"{bits}-bit levels lie in [0, {top}] (got [{got_arr.min()}, {got_arr.max()}])",
            hint=f"clip z to [low, high] first; the highest level is 2**bits - 1 = {top}",
        )
        ctx.expect_close(
            got_arr,
            quantize(z, low, high, bits),
            f"{bits}-bit levels",
            atol=0,
            rtol=0,
            hint="level = round((clip(z, low, high) - low) / (high - low) * (2**bits - 1)); "
            "round to the nearest level, do not truncate",
        )
