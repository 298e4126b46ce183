"""Command line: `python -m aelab data fetch|import|info` and `assignments build|grade`."""

from __future__ import annotations

import argparse
import sys

from aelab.data import mnist


def _data_fetch(args: argparse.Namespace) -> int:
    path = mnist.fetch_mnist(force=args.force)
    print(f"MNIST verified (sha256 {mnist.MNIST_SHA256[:12]}…) and stored at {path}")
    return 0


def _data_import(args: argparse.Namespace) -> int:
    path = mnist.import_mnist(args.path)
    print(f"MNIST from {args.path} validated and stored at {path}")
    return 0


def _data_info(args: argparse.Namespace) -> int:
    for key, value in mnist.mnist_info(args.path).items():
        print(f"{key:>22}: {value}")
    return 0


def _assignments_build(args: argparse.Namespace) -> int:
    from aelab import assignments

    stale = assignments.build(check=args.check)
    if args.check:
        for path in stale:
            print(f"out of date: {path}")
        if stale:
            print("run `python -m aelab assignments build` and commit the result")
            return 1
        print("student notebooks are up to date")
        return 0
    for path in stale:
        print(f"wrote {path}" if path.exists() else f"removed {path}")
    if not stale:
        print("student notebooks already up to date")
    return 0


def _assignments_grade(args: argparse.Namespace) -> int:
    from aelab import assignments

    try:
        rows = assignments.grade(args.submission, cell_timeout=args.timeout)
    except assignments.UnreadableNotebookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(assignments.format_grades(rows, args.submission))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m aelab", description=__doc__)
    groups = parser.add_subparsers(dest="group", required=True)

    data = groups.add_parser("data", help="get, import or inspect the MNIST cache")
    actions = data.add_subparsers(dest="action", required=True)
    fetch = actions.add_parser("fetch", help="download the official Keras mnist.npz and verify it")
    fetch.add_argument("--force", action="store_true", help="download again even if cached")
    fetch.set_defaults(run=_data_fetch)
    imp = actions.add_parser(
        "import", help="validate a local mnist.npz or IDX folder, then cache it"
    )
    imp.add_argument("path", help="a mnist.npz file, or a folder of the four IDX files")
    imp.set_defaults(run=_data_import)
    info = actions.add_parser("info", help="say which copy of MNIST would be used")
    info.add_argument("--path", default=None, help="describe this file or folder instead")
    info.set_defaults(run=_data_info)

    assign = groups.add_parser("assignments", help="student notebooks and grading")
    tasks = assign.add_subparsers(dest="action", required=True)
    build = tasks.add_parser("build", help="write assignments/NN_*.ipynb from the notebooks")
    build.add_argument("--check", action="store_true", help="only report stale files (exit 1)")
    build.set_defaults(run=_assignments_build)
    grade = tasks.add_parser("grade", help="execute a submission and print its scores")
    grade.add_argument("submission", help="the student's .ipynb file")
    grade.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    grade.set_defaults(run=_assignments_grade)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (mnist.MNISTNotFoundError, mnist.MNISTCorruptError, mnist.MNISTDownloadError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
