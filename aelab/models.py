"""Keras builders: dense, convolutional and linear autoencoders.

Each builder returns the autoencoder as a functional `keras.Model` whose
`encoder` and `decoder` attributes are models of their own, so that
`model.encoder.predict(x)` gives codes and `model.decoder.predict(z)` images.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
from keras import layers


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
    name: str = "dense_autoencoder",
) -> keras.Model:
    """A fully connected autoencoder: input -> hidden... -> latent -> reversed(hidden) -> input."""
    input_dim = _positive_int("input_dim", input_dim)
    latent_dim = _positive_int("latent_dim", latent_dim)
    hidden = _positive_ints("hidden", hidden)

    x = inputs = keras.Input((input_dim,), name="image")
    for i, units in enumerate(hidden):
        x = layers.Dense(units, activation=activation, name=f"enc_dense_{i}")(x)
    code = layers.Dense(latent_dim, activation=latent_activation, name="code")(x)
    encoder = keras.Model(inputs, code, name="encoder")

    z = code_in = keras.Input((latent_dim,), name="code")
    for i, units in enumerate(reversed(hidden)):
        z = layers.Dense(units, activation=activation, name=f"dec_dense_{i}")(z)
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
    name: str = "conv_autoencoder",
) -> keras.Model:
    """Conv2D blocks that halve the image (stride 2), mirrored by Conv2DTranspose blocks.

    latent_dim: None keeps the last feature map as the code; an int adds a dense
    bottleneck of that size (Flatten -> Dense) and its mirror (Dense -> Reshape).
    """
    if len(input_shape) != 3 or any(
        isinstance(s, bool) or not isinstance(s, int) or s < 1 for s in input_shape
    ):
        raise ValueError(f"input_shape must be (height, width, channels), got {input_shape!r}")
    filters = _positive_ints("filters", filters)
    kernel_size = _positive_int("kernel_size", kernel_size)
    convs_per_block = _positive_int("convs_per_block", convs_per_block)
    if latent_dim is not None:
        latent_dim = _positive_int("latent_dim", latent_dim)
    height, width, channels = input_shape
    factor = 2 ** len(filters)
    if height % factor or width % factor:
        raise ValueError(
            f"{len(filters)} stride-2 blocks need height and width divisible by {factor}, "
            f"got {height}x{width}"
        )

    x = inputs = keras.Input(input_shape, name="image")
    for b, f in enumerate(filters):
        for c in range(convs_per_block - 1):
            x = layers.Conv2D(
                f, kernel_size, padding="same", activation=activation, name=f"enc{b}_conv{c}"
            )(x)
        x = layers.Conv2D(
            f, kernel_size, strides=2, padding="same", activation=activation, name=f"enc{b}_down"
        )(x)
    feature_shape = tuple(x.shape[1:])
    if latent_dim is not None:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(latent_dim, name="code")(x)
    encoder = keras.Model(inputs, x, name="encoder")

    z = code_in = keras.Input(tuple(x.shape[1:]), name="code")
    if latent_dim is not None:
        units = feature_shape[0] * feature_shape[1] * feature_shape[2]
        z = layers.Dense(units, activation=activation, name="expand")(z)
        z = layers.Reshape(feature_shape, name="unflatten")(z)
    for b, f in enumerate(reversed(filters)):
        z = layers.Conv2DTranspose(
            f, kernel_size, strides=2, padding="same", activation=activation, name=f"dec{b}_up"
        )(z)
        for c in range(convs_per_block - 1):
            z = layers.Conv2D(
                f, kernel_size, padding="same", activation=activation, name=f"dec{b}_conv{c}"
            )(z)
    outputs = layers.Conv2D(
        channels, kernel_size, padding="same", activation="sigmoid", name="reconstruction"
    )(z)
    decoder = keras.Model(code_in, outputs, name="decoder")
    return compose(encoder, decoder, name)
