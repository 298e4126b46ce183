"""Figures the notebooks share. Plots draw; they never train or compute metrics."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure


def as_images(x: np.ndarray, side: int = 28) -> np.ndarray:
    """Reshape (n, 784), (n, 28, 28) or (n, 28, 28, 1) into (n, 28, 28) for display."""
    x = np.asarray(x)
    if x.ndim == 2 and x.shape[1] == side * side:
        return x.reshape(-1, side, side)
    if x.ndim == 4 and x.shape[-1] == 1:
        return x[..., 0]
    if x.ndim == 3:
        return x
    raise ValueError(
        f"expected images of shape (n, {side * side}), (n, {side}, {side}) or "
        f"(n, {side}, {side}, 1), got {x.shape}"
    )


def image_grid(
    images: np.ndarray,
    titles: Sequence[str] | None = None,
    ncols: int = 10,
    title: str | None = None,
    cell: float = 1.1,
    vmin: float | None = 0.0,
    vmax: float | None = None,
) -> Figure:
    """Draw images in a grid, each with an optional caption, and no axes ticks."""
    imgs = as_images(images)
    if len(imgs) == 0:
        raise ValueError("image_grid needs at least one image")
    if titles is not None and len(titles) != len(imgs):
        raise ValueError(f"got {len(titles)} titles for {len(imgs)} images")
    ncols = min(ncols, len(imgs))
    nrows = int(np.ceil(len(imgs) / ncols))
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(cell * ncols, cell * nrows + 0.4), squeeze=False
    )
    if vmax is None:
        vmax = 1.0 if imgs.max() <= 1.0 else 255.0
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < len(imgs):
            ax.imshow(imgs[i], cmap="gray", vmin=vmin, vmax=vmax)
            if titles is not None:
                ax.set_title(titles[i], fontsize=8, fontweight="normal")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def image_rows(rows: dict[str, np.ndarray], title: str | None = None, cell: float = 1.1) -> Figure:
    """One row of images per entry (e.g. clean / noisy / denoised), labelled on the left."""
    if not rows:
        raise ValueError("image_rows needs at least one row")
    arrays = {name: as_images(imgs) for name, imgs in rows.items()}
    ncols = {len(a) for a in arrays.values()}
    if len(ncols) != 1:
        raise ValueError(f"every row needs the same number of images, got {sorted(ncols)}")
    n = ncols.pop()
    fig, axes = plt.subplots(
        len(arrays), n, figsize=(cell * n, cell * len(arrays) + 0.4), squeeze=False
    )
    for r, (name, imgs) in enumerate(arrays.items()):
        for c in range(n):
            ax = axes[r, c]
            ax.imshow(imgs[c], cmap="gray", vmin=0.0, vmax=1.0)
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_visible(False)
        axes[r, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=10)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def loss_curves(
    histories: dict[str, dict[str, Sequence[float]]],
    title: str = "Training curves",
    ylabel: str = "MSE",
    ax: Axes | None = None,
    logy: bool = False,
) -> Axes:
    """Plot `loss` (solid) and `val_loss` (dashed) of one or more Keras histories."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    for i, (name, hist) in enumerate(histories.items()):
        color = f"C{i}"
        epochs = np.arange(1, len(hist["loss"]) + 1)
        ax.plot(epochs, hist["loss"], color=color, label=f"{name}: train")
        if "val_loss" in hist:
            ax.plot(epochs, hist["val_loss"], color=color, ls="--", label=f"{name}: validation")
    ax.set(title=title, xlabel="epoch", ylabel=ylabel)
    if logy:
        ax.set_yscale("log")
    ax.legend()
    return ax
