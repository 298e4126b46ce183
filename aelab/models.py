"""Keras builders: dense, convolutional and linear autoencoders.

Each builder returns the autoencoder as a functional `keras.Model` whose
`encoder` and `decoder` attributes are models of their own, so that
`model.encoder.predict(x)` gives codes and `model.decoder.predict(z)` images.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
from keras import layers

from aelab.config import DTYPE_POLICIES


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return value


def _positive_ints(name: str, values: Sequence[int], allow_empty: bool = False) -> tuple[int, ...]:
    values = tuple(values)
    if not values and not allow_empty:
        raise ValueError(f"{name} must list at least one layer size, got {values!r}")
    for v in values:
        _positive_int(f"every entry of {name}", v)
    return values


def compose(encoder: keras.Model, decoder: keras.Model, name: str) -> keras.Model:
    """Chain an encoder and a decoder into one autoencoder model that keeps both."""
    inputs = keras.Input(encoder.inputs[0].shape[1:], name="x")
    model = keras.Model(inputs, decoder(encoder(inputs)), name=name)
    model.encoder = encoder
    model.decoder = decoder
    return model


def dense_autoencoder(
    input_dim: int = 784,
    hidden: Sequence[int] = (300,),
    latent_dim: int = 2,
    *,
    activation: str = "relu",
    latent_activation: str | None = None,
    output_activation: str = "sigmoid",
    batch_norm: bool = False,
    name: str = "dense_autoencoder",
) -> keras.Model:
    """A fully connected autoencoder: input -> hidden... -> latent -> reversed(hidden) -> input.

    batch_norm: each hidden layer becomes Dense (no bias) -> BatchNormalization -> activation.
    """
    input_dim = _positive_int("input_dim", input_dim)
    latent_dim = _positive_int("latent_dim", latent_dim)
    hidden = _positive_ints("hidden", hidden)
    if not isinstance(batch_norm, bool):
        raise ValueError(f"batch_norm must be True or False, got {batch_norm!r}")

    def hidden_layer(t: keras.KerasTensor, units: int, name: str) -> keras.KerasTensor:
        if not batch_norm:
            return layers.Dense(units, activation=activation, name=name)(t)
        t = layers.Dense(units, use_bias=False, name=name)(t)
        t = layers.BatchNormalization(name=f"{name}_bn")(t)
        return layers.Activation(activation, name=f"{name}_act")(t)

    x = inputs = keras.Input((input_dim,), name="image")
    for i, units in enumerate(hidden):
        x = hidden_layer(x, units, f"enc_dense_{i}")
    code = layers.Dense(latent_dim, activation=latent_activation, name="code")(x)
    encoder = keras.Model(inputs, code, name="encoder")

    z = code_in = keras.Input((latent_dim,), name="code")
    for i, units in enumerate(reversed(hidden)):
        z = hidden_layer(z, units, f"dec_dense_{i}")
    outputs = layers.Dense(input_dim, activation=output_activation, name="reconstruction")(z)
    decoder = keras.Model(code_in, outputs, name="decoder")
    return compose(encoder, decoder, name)


def linear_autoencoder(
    input_dim: int = 784, latent_dim: int = 2, *, name: str = "linear_autoencoder"
) -> keras.Model:
    """No activations anywhere: z = W_e x + b_e, x_hat = W_d z + b_d (PCA's subspace at best)."""
    input_dim = _positive_int("input_dim", input_dim)
    latent_dim = _positive_int("latent_dim", latent_dim)
    inputs = keras.Input((input_dim,), name="image")
    encoder = keras.Model(inputs, layers.Dense(latent_dim, name="code")(inputs), name="encoder")
    code_in = keras.Input((latent_dim,), name="code")
    decoder = keras.Model(
        code_in, layers.Dense(input_dim, name="reconstruction")(code_in), name="decoder"
    )
    return compose(encoder, decoder, name)


def conv_autoencoder(
    input_shape: tuple[int, int, int] = (28, 28, 1),
    filters: Sequence[int] = (32, 64),
    latent_dim: int | None = None,
    *,
    kernel_size: int = 3,
    convs_per_block: int = 1,
    activation: str = "relu",
    decoder_convs_before_up: bool = False,
    batch_norm: bool = False,
    dtype: str = "float32",
    name: str = "conv_autoencoder",
) -> keras.Model:
    """Conv2D blocks that halve the image (stride 2), mirrored by Conv2DTranspose blocks.

    latent_dim: None keeps the last feature map as the code; an int adds a dense
    bottleneck of that size (Flatten -> Dense) and its mirror (Dense -> Reshape).
    decoder_convs_before_up: run each decoder block's extra convolutions before its
    upsampling, at the lower resolution (cheaper), instead of after it.
    batch_norm: each hidden convolution becomes conv (no bias) -> BatchNormalization ->
    activation; the sigmoid output layer stays plain.
    dtype: Keras dtype policy of the hidden layers. "mixed_bfloat16" computes them in
    bfloat16 (weights stay float32), faster on CPUs with native bfloat16
    (see `aelab.config.training_dtype`); the reconstruction layer always computes in
    float32, so outputs and losses keep full precision.
    """
    if len(input_shape) != 3 or any(
        isinstance(s, bool) or not isinstance(s, int) or s < 1 for s in input_shape
    ):
        raise ValueError(f"input_shape must be (height, width, channels), got {input_shape!r}")
    filters = _positive_ints("filters", filters)
    kernel_size = _positive_int("kernel_size", kernel_size)
    convs_per_block = _positive_int("convs_per_block", convs_per_block)
    if not isinstance(decoder_convs_before_up, bool):
        raise ValueError(
            f"decoder_convs_before_up must be True or False, got {decoder_convs_before_up!r}"
        )
    if not isinstance(batch_norm, bool):
        raise ValueError(f"batch_norm must be True or False, got {batch_norm!r}")
    if dtype not in DTYPE_POLICIES:
        raise ValueError(f"dtype must be one of {DTYPE_POLICIES}, got {dtype!r}")
    if latent_dim is not None:
        latent_dim = _positive_int("latent_dim", latent_dim)
    height, width, channels = input_shape
    factor = 2 ** len(filters)
    if height % factor or width % factor:
        raise ValueError(
            f"{len(filters)} stride-2 blocks need height and width divisible by {factor}, "
            f"got {height}x{width}"
        )

    def conv_block(kind: type, f: int, strides: int, name: str) -> list[layers.Layer]:
        if not batch_norm:
            conv = kind(
                f,
                kernel_size,
                strides=strides,
                padding="same",
                activation=activation,
                dtype=dtype,
                name=name,
            )
            return [conv]
        return [
            kind(
                f,
                kernel_size,
                strides=strides,
                padding="same",
                use_bias=False,
                dtype=dtype,
                name=name,
            ),
            layers.BatchNormalization(dtype=dtype, name=f"{name}_bn"),
            layers.Activation(activation, dtype=dtype, name=f"{name}_act"),
        ]

    def apply(t: keras.KerasTensor, block: list[layers.Layer]) -> keras.KerasTensor:
        for layer in block:
            t = layer(t)
        return t

    x = inputs = keras.Input(input_shape, name="image")
    for b, f in enumerate(filters):
        for c in range(convs_per_block - 1):
            x = apply(x, conv_block(layers.Conv2D, f, 1, f"enc{b}_conv{c}"))
        x = apply(x, conv_block(layers.Conv2D, f, 2, f"enc{b}_down"))
    feature_shape = tuple(x.shape[1:])
    if latent_dim is not None:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(latent_dim, dtype=dtype, name="code")(x)
    encoder = keras.Model(inputs, x, name="encoder")

    z = code_in = keras.Input(tuple(x.shape[1:]), name="code")
    if latent_dim is not None:
        units = feature_shape[0] * feature_shape[1] * feature_shape[2]
        z = layers.Dense(units, activation=activation, dtype=dtype, name="expand")(z)
        z = layers.Reshape(feature_shape, name="unflatten")(z)
    for b, f in enumerate(reversed(filters)):
        refine = [
            conv_block(layers.Conv2D, f, 1, f"dec{b}_conv{c}") for c in range(convs_per_block - 1)
        ]
        up = conv_block(layers.Conv2DTranspose, f, 2, f"dec{b}_up")
        for block in [*refine, up] if decoder_convs_before_up else [up, *refine]:
            z = apply(z, block)
    outputs = layers.Conv2D(
        channels,
        kernel_size,
        padding="same",
        activation="sigmoid",
        dtype="float32",
        name="reconstruction",
    )(z)
    decoder = keras.Model(code_in, outputs, name="decoder")
    return compose(encoder, decoder, name)


def layer_shapes(model: keras.Model) -> list[tuple[str, tuple[int, ...]]]:
    """(layer name, output shape without the batch axis) of each layer, input first.

    An autoencoder built here is walked through its encoder, then its decoder.
    """
    parts = [model.encoder, model.decoder] if hasattr(model, "encoder") else [model]
    shapes = [("input", tuple(parts[0].inputs[0].shape[1:]))]
    for part in parts:
        for layer in part.layers:
            if isinstance(layer, keras.layers.InputLayer):
                continue
            shapes.append((layer.name, tuple(layer.output.shape[1:])))
    return shapes
