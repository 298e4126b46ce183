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


# --- notebook 04: latent space, manifold grid, rate-distortion ------------------------


def latent_scatter(
    codes: np.ndarray,
    labels: np.ndarray,
    ax: Axes | None = None,
    title: str = "Latent codes",
    xlabel: str = "$z_1$",
    ylabel: str = "$z_2$",
    s: float = 3.0,
    alpha: float = 0.5,
    legend: bool = True,
) -> Axes:
    """Scatter 2-D codes coloured by digit label, with a legend of the ten digits."""
    codes, labels = np.asarray(codes), np.asarray(labels)
    if codes.ndim != 2 or codes.shape[1] != 2:
        raise ValueError(f"codes must have shape (n, 2), got {codes.shape}")
    if labels.shape != (len(codes),):
        raise ValueError(f"labels must have shape ({len(codes)},), got {labels.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 5))
    cmap = plt.get_cmap("tab10")
    for digit in np.unique(labels):
        pts = codes[labels == digit]
        ax.scatter(
            pts[:, 0], pts[:, 1], s=s, alpha=alpha, color=cmap(int(digit) % 10), label=str(digit)
        )
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    if legend:
        handles = ax.legend(
            title="digit",
            markerscale=12 / max(s, 1.0) ** 0.5,
            fontsize=8,
            title_fontsize=8,
            loc="center left",
            bbox_to_anchor=(1.0, 0.5),
            frameon=False,
        ).legend_handles
        for handle in handles:
            handle.set_alpha(1.0)
    return ax


def manifold_grid(
    images: np.ndarray,
    low: tuple[float, float],
    high: tuple[float, float],
    ax: Axes | None = None,
    title: str = "Digits decoded from a lattice of codes",
    xlabel: str = "$z_1$",
    ylabel: str = "$z_2$",
) -> Axes:
    """Tile n*n decoded images (reading order, top row = highest z2) over their latent extent."""
    imgs = as_images(images)
    n = round(float(np.sqrt(len(imgs))))
    if n * n != len(imgs):
        raise ValueError(f"need a square number of images, got {len(imgs)}")
    side = imgs.shape[1]
    canvas = imgs.reshape(n, n, side, side).transpose(0, 2, 1, 3).reshape(n * side, n * side)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 6))
    half = [(high[i] - low[i]) / (n - 1) / 2 for i in range(2)]
    extent = (low[0] - half[0], high[0] + half[0], low[1] - half[1], high[1] + half[1])
    ax.imshow(canvas, cmap="gray", vmin=0.0, vmax=1.0, extent=extent, aspect="auto")
    ax.grid(False)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return ax


def rate_distortion(
    latent_sizes: Sequence[int],
    curves: dict[str, Sequence[float]],
    ax: Axes | None = None,
    title: str = "Rate-distortion: test MSE against code size",
    ylabel: str = "test MSE",
) -> Axes:
    """One line per method of test MSE against latent size (log-2 x axis)."""
    sizes = np.asarray(latent_sizes)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.5))
    markers = "osD^v"
    for i, (name, values) in enumerate(curves.items()):
        if len(values) != len(sizes):
            raise ValueError(f"{name!r} has {len(values)} values for {len(sizes)} latent sizes")
        ax.plot(sizes, values, marker=markers[i % len(markers)], label=name)
    ax.set_xscale("log", base=2)
    ax.set_xticks(sizes, [str(int(s)) for s in sizes])
    ax.minorticks_off()
    ax.set(title=title, xlabel="latent size (numbers per digit)", ylabel=ylabel)
    ax.legend()
    return ax


def error_histogram(
    errors: np.ndarray,
    labels: np.ndarray,
    threshold: float | None = None,
    *,
    title: str = "Reconstruction errors",
    xlabel: str = "reconstruction error (MSE)",
    bins: int = 60,
    log_x: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Histograms of scores for normal (0) and anomalous (1) samples, as shares of each class."""
    errors, labels = np.asarray(errors, dtype=float), np.asarray(labels)
    if errors.shape != labels.shape or errors.ndim != 1:
        raise ValueError(
            f"errors and labels must be 1-D of equal length, got {errors.shape}, {labels.shape}"
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    positive = errors[errors > 0]
    if log_x and len(positive):
        edges = np.geomspace(positive.min(), errors.max(), bins + 1)
        ax.set_xscale("log")
    else:
        edges = np.linspace(errors.min(), errors.max(), bins + 1)
    for value, name, color in ((0, "normal", "C0"), (1, "anomaly", "C3")):
        chosen = errors[labels == value]
        if len(chosen):
            ax.hist(
                chosen,
                bins=edges,
                weights=np.full(len(chosen), 1.0 / len(chosen)),
                alpha=0.55,
                color=color,
                label=f"{name} ({len(chosen):,})",
            )
    if threshold is not None:
        ax.axvline(threshold, color="k", ls="--", lw=1.5, label=f"threshold {threshold:.3g}")
    ax.set(title=title, xlabel=xlabel, ylabel="share of the class in each bin")
    ax.legend()
    return ax


def confusion_heatmap(
    counts: dict[str, int], *, title: str = "Confusion matrix", ax: Axes | None = None
) -> Axes:
    """2 x 2 heatmap of tp/fp/fn/tn with the anomaly class as the positive class."""
    import seaborn as sns

    missing = {"tp", "fp", "fn", "tn"} - set(counts)
    if missing:
        raise ValueError(f"counts needs tp, fp, fn and tn; missing {sorted(missing)}")
    matrix = np.array([[counts["tn"], counts["fp"]], [counts["fn"], counts["tp"]]])
    names = np.array([["TN", "FP"], ["FN", "TP"]])
    annot = np.array([[f"{names[i, j]}\n{matrix[i, j]:,}" for j in range(2)] for i in range(2)])
    if ax is None:
        _, ax = plt.subplots(figsize=(4.8, 4))
    sns.heatmap(
        matrix,
        annot=annot,
        fmt="",
        cmap="Blues",
        cbar=False,
        square=True,
        linewidths=1,
        linecolor="white",
        ax=ax,
        annot_kws={"fontsize": 12},
    )
    ax.set_xticklabels(["normal (0)", "anomaly (1)"])
    ax.set_yticklabels(["normal (0)", "anomaly (1)"], rotation=0)
    ax.set(
        title=title,
        xlabel="predicted class (positive = anomaly)",
        ylabel="true class (positive = anomaly)",
    )
    return ax


def roc_pr_curves(
    curves: dict[str, dict], *, title: str = "ROC and precision-recall curves"
) -> Figure:
    """ROC (left) and precision-recall (right) of several detectors from precomputed points."""
    if not curves:
        raise ValueError("roc_pr_curves needs at least one curve")
    fig, (ax_roc, ax_pr) = plt.subplots(1, 2, figsize=(12, 4.8))
    for i, (name, c) in enumerate(curves.items()):
        ax_roc.plot(c["fpr"], c["tpr"], color=f"C{i}", label=f"{name} (AUC {c['roc_auc']:.3f})")
        ax_pr.plot(
            c["recall"],
            c["precision"],
            color=f"C{i}",
            label=f"{name} (AP {c['avg_precision']:.3f})",
        )
    ax_roc.plot([0, 1], [0, 1], color="gray", ls=":", label="chance (AUC 0.5)")
    prevalence = next(iter(curves.values()))["prevalence"]
    ax_pr.axhline(prevalence, color="gray", ls=":", label=f"chance (AP {prevalence:.3f})")
    ax_roc.set(
        title="ROC curve",
        xlabel="false positive rate (normal flagged)",
        ylabel="true positive rate (anomalies caught)",
    )
    ax_pr.set(
        title="Precision-recall curve",
        xlabel="recall (anomaly class)",
        ylabel="precision (anomaly class)",
        ylim=(0, 1.02),
    )
    ax_roc.legend(loc="lower right", fontsize=9)
    ax_pr.legend(loc="lower left", fontsize=9)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def auc_by_group(
    table,
    *,
    title: str = "ROC-AUC per normal digit",
    xlabel: str = "normal digit",
    ylim: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Grouped bars: one group per row of a DataFrame (e.g. digits), one bar per column."""
    if len(table) == 0 or len(table.columns) == 0:
        raise ValueError("auc_by_group needs a non-empty table")
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 4.5))
    n = len(table.columns)
    width = 0.8 / n
    x = np.arange(len(table))
    for i, column in enumerate(table.columns):
        ax.bar(
            x + (i - (n - 1) / 2) * width,
            table[column].to_numpy(),
            width,
            label=f"{column} (mean {table[column].mean():.3f})",
            color=f"C{i}",
        )
    ax.set_xticks(x, [str(v) for v in table.index])
    low = ylim[0] if ylim else max(0.0, float(np.nanmin(table.to_numpy())) - 0.05)
    ax.set_ylim(low, ylim[1] if ylim else 1.0)
    ax.set(title=title, xlabel=xlabel, ylabel="ROC-AUC")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize=9, ncol=min(n, 4))
    return ax


# --- notebook 02: architecture diagram, denoising comparisons -------------------------


def architecture_diagram(
    shapes: Sequence[tuple[str, tuple[int, ...]]],
    *,
    code_index: int | None = None,
    title: str = "Architecture: the shape of the data after each layer",
    ax: Axes | None = None,
) -> Axes:
    """Draw each layer's output as a box, left to right: height = image side, width = channels.

    shapes: (label, shape without batch axis) pairs, e.g. from `aelab.models.layer_shapes`;
    a shape is (height, width, channels) or (units,). code_index marks the code (bottleneck).
    """
    from matplotlib.patches import FancyArrowPatch, Patch

    if not shapes:
        raise ValueError("architecture_diagram needs at least one (label, shape) pair")
    for label, shape in shapes:
        if len(shape) not in (1, 3):
            raise ValueError(f"{label}: shape must be (h, w, c) or (units,), got {shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(max(8.0, 1.35 * len(shapes)), 3.6))
    top = max(s[0] for _, s in shapes if len(s) == 3) if any(len(s) == 3 for _, s in shapes) else 1
    x = 0.0
    centres = []
    for i, (label, shape) in enumerate(shapes):
        if len(shape) == 3:
            height = 2.0 * shape[0] / top
            width = 0.15 + 0.12 * np.log2(shape[2] + 1)
            text = "×".join(str(int(v)) for v in shape)
        else:
            height = 2.0 * min(1.0, 0.15 + 0.85 * np.log2(shape[0] + 1) / 10)
            width = 0.2
            text = f"{int(shape[0])}"
        encoder_side = code_index is None or i < code_index
        colour = "C3" if i == code_index else ("C0" if encoder_side else "C2")
        ax.add_patch(
            plt.Rectangle(
                (x, -height / 2), width, height, facecolor=colour, alpha=0.55, edgecolor="k"
            )
        )
        ax.text(x + width / 2, -1.15, text, ha="center", va="top", fontsize=9)
        ax.text(x + width / 2, 1.15, label, ha="center", va="bottom", fontsize=8, rotation=20)
        centres.append((x, x + width))
        x += width + 0.55
    for (_, right), (left, _) in zip(centres[:-1], centres[1:], strict=True):  # noqa: RUF007
        ax.add_patch(
            FancyArrowPatch(
                (right + 0.06, 0),
                (left - 0.06, 0),
                arrowstyle="-|>",
                mutation_scale=12,
                color="0.3",
            )
        )
    ax.set_xlim(-0.3, x - 0.25)
    ax.set_ylim(-1.7, 1.9)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if code_index is not None:
        ax.legend(
            handles=[
                Patch(facecolor=c, alpha=0.55, edgecolor="k", label=n)
                for c, n in (("C0", "encoder"), ("C3", "code"), ("C2", "decoder"))
            ],
            loc="lower center",
            bbox_to_anchor=(0.5, -0.3),
            ncol=3,
            frameon=False,
        )
    ax.set_title(title)
    ax.set_xlabel("layer by layer (box height ∝ image side, width ∝ log of the channels)")
    return ax
