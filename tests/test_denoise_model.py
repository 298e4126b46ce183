"""The denoising model's pieces: the decoder option, layer shapes and the architecture figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from aelab import models
from aelab.plots import architecture_diagram


@pytest.fixture(autouse=True)
def _seeded():
    from aelab import setup

    setup(seed=0, quick=True)


def test_decoder_convs_before_up_moves_the_extra_convs_to_the_low_resolution():
    after = models.conv_autoencoder(filters=(8, 16), convs_per_block=2)
    before = models.conv_autoencoder(
        filters=(8, 16), convs_per_block=2, decoder_convs_before_up=True
    )
    dec_before = [(n, s) for n, s in models.layer_shapes(before) if n.startswith("dec")]
    assert dec_before == [
        ("dec0_conv0", (7, 7, 16)),
        ("dec0_up", (14, 14, 16)),
        ("dec1_conv0", (14, 14, 8)),
        ("dec1_up", (28, 28, 8)),
    ]
    dec_after = [(n, s) for n, s in models.layer_shapes(after) if n.startswith("dec")]
    assert dec_after[0] == ("dec0_up", (14, 14, 16)) and dec_after[-1] == (
        "dec1_conv0",
        (28, 28, 8),
    )
    x = np.random.default_rng(0).random((2, 28, 28, 1), dtype=np.float32)
    out = before.predict(x, verbose=0)
    np.testing.assert_allclose(
        out,
        before.decoder.predict(before.encoder.predict(x, verbose=0), verbose=0),
        rtol=1e-5,
        atol=1e-6,
    )
    assert out.shape == x.shape and 0 <= out.min() and out.max() <= 1
    with pytest.raises(ValueError, match="decoder_convs_before_up must be True or False"):
        models.conv_autoencoder(decoder_convs_before_up=1)


def test_layer_shapes_walks_encoder_then_decoder():
    dense = models.dense_autoencoder(input_dim=20, hidden=(10,), latent_dim=3)
    assert models.layer_shapes(dense) == [
        ("input", (20,)),
        ("enc_dense_0", (10,)),
        ("code", (3,)),
        ("dec_dense_0", (10,)),
        ("reconstruction", (20,)),
    ]
    conv = models.conv_autoencoder(filters=(4,), input_shape=(8, 8, 1))
    assert models.layer_shapes(conv) == [
        ("input", (8, 8, 1)),
        ("enc0_down", (4, 4, 4)),
        ("dec0_up", (8, 8, 4)),
        ("reconstruction", (8, 8, 1)),
    ]


def test_architecture_diagram_draws_one_box_per_layer():
    shapes = models.layer_shapes(models.conv_autoencoder(filters=(8, 16)))
    ax = architecture_diagram(shapes, code_index=2, title="demo")
    boxes = [p for p in ax.patches if isinstance(p, matplotlib.patches.Rectangle)]
    assert len(boxes) == len(shapes)
    heights = [b.get_height() for b in boxes]
    assert heights[0] == pytest.approx(2 * heights[1])  # 28 px is drawn twice as tall as 14 px
    texts = {t.get_text() for t in ax.texts}
    assert {"28×28×1", "7×7×16", "input"} <= texts
    assert ax.get_title() == "demo"
    plt.close("all")
    with pytest.raises(ValueError, match=r"shape must be \(h, w, c\) or \(units,\)"):
        architecture_diagram([("bad", (3, 3))])
    with pytest.raises(ValueError, match="at least one"):
        architecture_diagram([])


def test_conv_autoencoder_batch_norm_option():
    plain = models.conv_autoencoder(filters=(8, 16), convs_per_block=2)
    model = models.conv_autoencoder(filters=(8, 16), convs_per_block=2, batch_norm=True)
    names = [n for n, _ in models.layer_shapes(model)]
    assert names[1:4] == ["enc0_conv0", "enc0_conv0_bn", "enc0_conv0_act"]
    assert names[-4:] == ["dec1_conv0", "dec1_conv0_bn", "dec1_conv0_act", "reconstruction"]
    kinds = {type(layer).__name__ for layer in plain.encoder.layers + plain.decoder.layers}
    assert "BatchNormalization" not in kinds
    # each of the 8 hidden convolutions drops its bias (f) and gains gamma, beta, mean, var (4f)
    hidden = 2 * (8 + 8 + 16 + 16)
    assert model.count_params() == plain.count_params() + 3 * hidden
    x = np.random.default_rng(1).random((3, 28, 28, 1), dtype=np.float32)
    out = model.predict(x, verbose=0)
    assert out.shape == x.shape and 0 <= out.min() and out.max() <= 1
    with pytest.raises(ValueError, match="batch_norm must be True or False"):
        models.conv_autoencoder(batch_norm=1)


def test_conv_autoencoder_mixed_bfloat16_keeps_weights_and_output_in_float32():
    model = models.conv_autoencoder(filters=(8, 16), dtype="mixed_bfloat16")
    hidden = [layer for layer in model.encoder.layers + model.decoder.layers if layer.weights]
    out_layer = model.decoder.get_layer("reconstruction")
    assert {layer.compute_dtype for layer in hidden if layer is not out_layer} == {"bfloat16"}
    assert out_layer.compute_dtype == "float32"
    assert {w.dtype for w in model.weights} == {"float32"}
    x = np.random.default_rng(2).random((4, 28, 28, 1), dtype=np.float32)
    out = model.predict(x, verbose=0)
    assert out.dtype == np.float32 and 0 <= out.min() and out.max() <= 1
    full = models.conv_autoencoder(filters=(8, 16))
    full.set_weights(model.get_weights())
    # same weights, bfloat16 arithmetic: close to the float32 output, not identical
    diff = np.abs(full.predict(x, verbose=0) - out)
    assert 0 < diff.max() < 0.05
    with pytest.raises(ValueError, match="dtype must be one of"):
        models.conv_autoencoder(dtype="float16")


def test_mixed_bfloat16_training_is_reproducible():
    from aelab import setup
    from aelab.train import train_autoencoder

    x = np.random.default_rng(4).random((64, 28, 28, 1), dtype=np.float32)
    losses = []
    for _ in range(2):
        setup(seed=7, quick=True)
        model = models.conv_autoencoder(filters=(4, 8), dtype="mixed_bfloat16")
        history = train_autoencoder(model, x, epochs=2, batch_size=16, loss="binary_crossentropy")
        losses.append(history["loss"])
    assert losses[0] == losses[1]
