"""Time every notebook in quick or full mode against its budget.

    .venv/bin/python benchmarks/notebook_times.py --mode quick
    .venv/bin/python benchmarks/notebook_times.py --mode full 02_denoising_mnist

The budgets are the ones the issues set for this course's reference machine (2 CPU
cores, no GPU). The quality targets themselves (PSNR, AUC, MSE) are printed and
asserted by the notebooks, so a run here also re-checks them. Nothing is written back
to the notebooks. This is a benchmark, not a test: timings on a busy machine vary.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
# seconds of execution allowed per notebook: (quick, full)
BUDGETS = {
    "00_start_here": (60, 120),
    "01_autoencoder_math": (60, 300),
    # full: the 10 minutes are for training the conv model (the notebook prints
    # that time); the baselines, the dense model and the sweeps add about 5 minutes
    "02_denoising_mnist": (90, 900),
    "03_anomaly_detection": (120, 900),
    "04_compression_784_to_2": (90, 600),
}


def time_notebook(path: Path, quick: bool) -> float:
    nb = nbformat.read(path, as_version=4)
    os.environ["AELAB_QUICK"] = "1" if quick else "0"
    client = NotebookClient(
        nb, timeout=3600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["quick", "full"], default="quick")
    parser.add_argument("names", nargs="*", help="notebook names (default: all)")
    args = parser.parse_args(argv)
    quick = args.mode == "quick"
    names = args.names or sorted(BUDGETS)
    unknown = [n for n in names if n not in BUDGETS]
    if unknown:
        parser.error(f"unknown notebooks {unknown}; choose from {sorted(BUDGETS)}")
    print(f"{'notebook':<26} {'mode':<6} {'seconds':>8} {'budget':>7}  verdict")
    over = 0
    for name in names:
        seconds = time_notebook(REPO / "notebooks" / f"{name}.ipynb", quick)
        budget = BUDGETS[name][0 if quick else 1]
        verdict = "within budget" if seconds <= budget else "OVER BUDGET"
        over += seconds > budget
        print(f"{name:<26} {args.mode:<6} {seconds:>8.1f} {budget:>7}  {verdict}", flush=True)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
