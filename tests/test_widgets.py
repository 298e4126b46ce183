"""Latent explorer: the state for given slider values, the drawing and the headless widget."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from aelab.widgets import draw_explorer, explorer_state, latent_explorer, nearest_codes


def _decode(z: np.ndarray) -> np.ndarray:
    """A toy decoder: the image is z1 in the left half and z2 in the right half."""
    out = np.zeros((len(z), 28, 28), np.float32)
    out[:, :, :14] = z[:, :1, None]
    out[:, :, 14:] = z[:, 1:, None]
    return out.reshape(len(z), 784)


CODES = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [0.9, 0.1]])
LABELS = np.array([3, 1, 4, 1, 5])


def test_nearest_codes_are_sorted_by_distance():
    idx, dist = nearest_codes(CODES, np.array([1.0, 0.0]), k=3)
    assert idx.tolist() == [1, 4, 0]
    np.testing.assert_allclose(dist, [0.0, np.hypot(0.1, 0.1), 1.0])


def test_explorer_state_decodes_the_slider_values_and_finds_neighbours():
    state = explorer_state(_decode, CODES, 0.25, 0.75, labels=LABELS, k=2)
    np.testing.assert_allclose(state.code, [0.25, 0.75])
    assert state.image.shape == (28, 28)
    np.testing.assert_allclose(state.image[:, :14], 0.25)
    np.testing.assert_allclose(state.image[:, 14:], 0.75)
    assert state.nearest.tolist() == [2, 0]  # (0, 1) then (0, 0)
    assert state.nearest_labels.tolist() == [4, 3]


def test_explorer_state_accepts_a_keras_decoder():
    from aelab import models, setup

    setup(seed=0, quick=True)
    model = models.dense_autoencoder(input_dim=784, hidden=(8,), latent_dim=2)
    state = explorer_state(model.decoder, CODES, 0.5, -0.5, k=1)
    expected = model.decoder.predict(np.array([[0.5, -0.5]], np.float32), verbose=0)
    np.testing.assert_allclose(state.image, expected.reshape(28, 28), rtol=1e-5, atol=1e-6)
    assert state.nearest_labels is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"codes": np.zeros((4, 3))}, r"codes must have shape \(n, 2\)"),
        ({"k": 0}, "k must be an int"),
        ({"k": 6}, "k must be an int"),
        ({"labels": np.zeros(3)}, "labels must have shape"),
        ({"decode": lambda z: np.zeros((1, 10))}, "one 28x28 image"),
        ({"z1": float("nan")}, "two finite numbers"),
    ],
)
def test_explorer_state_rejects_bad_input(kwargs, message):
    args = {"decode": _decode, "codes": CODES, "z1": 0.0, "z2": 0.0, "k": 2} | kwargs
    with pytest.raises(ValueError, match=message):
        explorer_state(
            args.pop("decode"), args.pop("codes"), args.pop("z1"), args.pop("z2"), **args
        )


def test_draw_explorer_marks_the_code_and_shows_neighbours():
    images = np.random.default_rng(0).random((len(CODES), 784), dtype=np.float32)
    state = explorer_state(_decode, CODES, 0.5, 0.5, labels=LABELS, k=3)
    fig = draw_explorer(state, CODES, LABELS, images=images)
    titles = [ax.get_title() for ax in fig.axes]
    assert "decoded from z = (0.50, 0.50)" in titles
    assert sum(t.startswith("digit ") for t in titles) == 3
    plt.close(fig)


def test_widget_builds_headless_and_redraws_on_slider_moves(monkeypatch):
    calls = []

    def decode(z):
        calls.append(np.array(z))
        return _decode(z)

    monkeypatch.setattr(plt, "show", lambda *a, **k: None)
    box = latent_explorer(decode, CODES, LABELS, k=2, start=(0.2, 0.3))
    z1, z2 = box.sliders
    assert (z1.description, z2.description) == ("z1", "z2")
    assert z1.min <= 0.2 <= z1.max and z2.value == pytest.approx(0.3)
    assert len(calls) == 1  # drawn once when built
    z1.value = 0.8
    assert len(calls) == 2
    np.testing.assert_allclose(calls[-1], [[0.8, 0.3]], rtol=1e-6)
