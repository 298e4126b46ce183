"""Interactive views for JupyterLab: the latent explorer of notebook 04.

The state behind a view is computed by a plain function (`explorer_state`), so
it can be tested and drawn without a browser; the widget only wires sliders to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from aelab.plots import latent_scatter

Decoder = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class ExplorerState:
    """What the explorer shows for one slider position."""

    code: np.ndarray  # (2,) the slider values
    image: np.ndarray  # (28, 28) the decoded digit
    nearest: np.ndarray  # (k,) indices of the nearest training codes, closest first
    distances: np.ndarray  # (k,) their Euclidean distances to `code`
    nearest_labels: np.ndarray | None  # (k,) their digit labels, when labels were given


def _codes_2d(codes: np.ndarray) -> np.ndarray:
    codes = np.asarray(codes, dtype=np.float64)
    if codes.ndim != 2 or codes.shape[1] != 2 or len(codes) == 0:
        raise ValueError(f"codes must have shape (n, 2) with n >= 1, got {codes.shape}")
    if not np.isfinite(codes).all():
        raise ValueError("codes contain NaN or infinite values")
    return codes


def _decode_one(decode: Decoder, code: np.ndarray) -> np.ndarray:
    """Decode one 2-D code with a callable or a Keras model (no progress bar)."""
    batch = code[None, :].astype(np.float32)
    if hasattr(decode, "predict"):
        out = decode.predict(batch, verbose=0)
    elif callable(decode):
        out = decode(batch)
    else:
        raise ValueError(f"decode must be a Keras model or a callable, got {type(decode).__name__}")
    out = np.asarray(out)
    if out.shape[0] != 1 or out[0].size != 784:
        raise ValueError(f"decode must map (1, 2) codes to one 28x28 image, got shape {out.shape}")
    return out.reshape(28, 28)


def nearest_codes(codes: np.ndarray, code: np.ndarray, k: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Indices and distances of the k codes closest to `code`, closest first."""
    codes = _codes_2d(codes)
    code = np.asarray(code, dtype=np.float64).reshape(-1)
    if code.shape != (2,) or not np.isfinite(code).all():
        raise ValueError(f"code must be two finite numbers, got {code}")
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= len(codes):
        raise ValueError(f"k must be an int in [1, {len(codes)}], got {k!r}")
    distances = np.linalg.norm(codes - code, axis=1)
    nearest = np.argpartition(distances, k - 1)[:k]
    nearest = nearest[np.lexsort((nearest, distances[nearest]))]  # ties: lower index first
    return nearest, distances[nearest]


def explorer_state(
    decode: Decoder,
    codes: np.ndarray,
    z1: float,
    z2: float,
    *,
    labels: np.ndarray | None = None,
    k: int = 5,
) -> ExplorerState:
    """Decode the code (z1, z2) and find its k nearest training codes."""
    codes = _codes_2d(codes)
    if labels is not None:
        labels = np.asarray(labels)
        if labels.shape != (len(codes),):
            raise ValueError(f"labels must have shape ({len(codes)},), got {labels.shape}")
    code = np.array([z1, z2], dtype=np.float64)
    nearest, distances = nearest_codes(codes, code, k)
    return ExplorerState(
        code=code,
        image=_decode_one(decode, code),
        nearest=nearest,
        distances=distances,
        nearest_labels=None if labels is None else labels[nearest],
    )


def draw_explorer(
    state: ExplorerState,
    codes: np.ndarray,
    labels: np.ndarray,
    *,
    images: np.ndarray | None = None,
    axes: tuple[Axes, Axes] | None = None,
) -> Figure:
    """Latent scatter with the code (star) and its nearest codes (circles), beside its digit.

    images: the training images behind `codes`; when given, the nearest ones appear below.
    """
    codes = _codes_2d(codes)
    if axes is None:
        if images is None:
            fig, (ax_map, ax_img) = plt.subplots(
                1, 2, figsize=(10, 4.6), gridspec_kw={"width_ratios": [1.6, 1]}
            )
        else:
            k = len(state.nearest)
            fig = plt.figure(figsize=(10, 6.2))
            grid = fig.add_gridspec(2, k, height_ratios=[4, 1.25])
            ax_map = fig.add_subplot(grid[0, : k - 2])
            ax_img = fig.add_subplot(grid[0, k - 2 :])
            for j, idx in enumerate(state.nearest):
                ax = fig.add_subplot(grid[1, j])
                ax.imshow(np.asarray(images[idx]).reshape(28, 28), cmap="gray", vmin=0, vmax=1)
                ax.set_axis_off()
                ax.set_title(
                    f"digit {labels[idx]}, d={state.distances[j]:.2f}",
                    fontsize=8,
                    fontweight="normal",
                )
    else:
        ax_map, ax_img = axes
        fig = ax_map.figure
    latent_scatter(codes, labels, ax=ax_map, title="Training codes", s=2, alpha=0.3)
    near = codes[state.nearest]
    ax_map.scatter(
        near[:, 0], near[:, 1], s=90, facecolors="none", edgecolors="black", linewidths=1.2
    )
    ax_map.scatter(
        [state.code[0]],
        [state.code[1]],
        marker="*",
        s=320,
        color="red",
        edgecolors="white",
        linewidths=1.0,
        zorder=5,
    )
    ax_img.imshow(state.image, cmap="gray", vmin=0, vmax=1)
    ax_img.set_xticks([])
    ax_img.set_yticks([])
    ax_img.set_title(f"decoded from z = ({state.code[0]:.2f}, {state.code[1]:.2f})")
    ax_img.set_xlabel("28 × 28 pixels rebuilt from 2 numbers")
    fig.tight_layout()
    return fig


def latent_explorer(
    decode: Decoder,
    codes: np.ndarray,
    labels: np.ndarray,
    *,
    images: np.ndarray | None = None,
    k: int = 5,
    start: tuple[float, float] | None = None,
):
    """Two sliders for (z1, z2); each move redraws the decoded digit and its nearest training codes.

    Returns an ipywidgets VBox. The sliders span the central 99 % of the codes.
    """
    import ipywidgets as widgets

    codes = _codes_2d(codes)
    labels = np.asarray(labels)
    if labels.shape != (len(codes),):
        raise ValueError(f"labels must have shape ({len(codes)},), got {labels.shape}")
    if images is not None and len(images) != len(codes):
        raise ValueError(f"got {len(images)} images for {len(codes)} codes")
    low, high = np.percentile(codes, 0.5, axis=0), np.percentile(codes, 99.5, axis=0)
    if start is None:
        start = tuple(np.median(codes, axis=0))
    sliders = [
        widgets.FloatSlider(
            value=float(np.clip(start[i], low[i], high[i])),
            min=float(low[i]),
            max=float(high[i]),
            step=float((high[i] - low[i]) / 200),
            description=f"z{i + 1}",
            continuous_update=False,
            readout_format=".2f",
            layout=widgets.Layout(width="420px"),
        )
        for i in range(2)
    ]
    out = widgets.Output()

    def redraw(_change: object = None) -> None:
        state = explorer_state(
            decode, codes, sliders[0].value, sliders[1].value, labels=labels, k=k
        )
        with out:
            out.clear_output(wait=True)
            fig = draw_explorer(state, codes, labels, images=images)
            plt.show()
            plt.close(fig)

    for slider in sliders:
        slider.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([widgets.HBox(sliders), out])
    box.sliders = sliders
    box.redraw = redraw
    return box
