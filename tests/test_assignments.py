"""Student notebooks generated from the solutions, and grading without a server."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from aelab import assignments
from tests.conftest import REPO

SOLUTION_CELL = """def normalize_images(images):
    ### BEGIN SOLUTION
    return images.astype(np.float32) / np.float32(255.0)
    ### END SOLUTION"""
SHARES_CELL = """def class_shares(labels):
    ### BEGIN SOLUTION
    return np.bincount(labels, minlength=10) / len(labels)
    ### END SOLUTION"""


def _notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny course notebook")]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def _solution() -> nbformat.NotebookNode:
    return _notebook(
        "import numpy as np\n"
        "from aelab.checks.nb00 import check_class_shares, check_normalize_images",
        SOLUTION_CELL,
        "check_normalize_images(normalize_images)",
        SHARES_CELL,
        "check_class_shares(class_shares)",
    )


def test_strip_solution_keeps_indentation_and_everything_else():
    source = (
        "def f(x):\n    y = 1\n    ### BEGIN SOLUTION\n    return x + y\n"
        "    ### END SOLUTION\n# after"
    )
    assert assignments.strip_solution(source) == (
        "def f(x):\n    y = 1\n    # YOUR CODE HERE\n    raise NotImplementedError()\n# after"
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("### BEGIN SOLUTION\nx = 1", "never closed"),
        ("x = 1\n### END SOLUTION", "without"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "nested"),
    ],
)
def test_strip_solution_rejects_broken_markers(source, message):
    with pytest.raises(assignments.SolutionMarkerError, match=message):
        assignments.strip_solution(source)


def test_student_version_has_stubs_no_outputs_and_nbgrader_metadata():
    nb = _solution()
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="old output")]
    nb.cells[2].execution_count = 3
    student = assignments.student_version(nb, "99_tiny.ipynb")
    by_source = {c.source: c for c in student.cells}
    stub = "def normalize_images(images):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert stub in by_source and "astype" not in stub
    answer = by_source[stub].metadata.nbgrader
    assert answer["solution"] and not answer["grade"] and not answer["locked"]
    assert answer["grade_id"] == "nb00_normalize_images_answer"
    check = by_source["check_normalize_images(normalize_images)"]
    assert check.metadata.nbgrader == {
        "grade": True,
        "grade_id": "nb00_normalize_images",
        "locked": True,
        "points": 1,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    assert all(
        c.outputs == [] and c.execution_count is None
        for c in student.cells
        if c.cell_type == "code"
    )
    assert "Student version" in student.cells[0].source
    assert "BEGIN SOLUTION" not in nbformat.writes(student)


def test_a_solution_cell_without_its_check_is_an_authoring_error():
    with pytest.raises(assignments.SolutionMarkerError, match="followed by its check"):
        assignments.student_version(_notebook(SOLUTION_CELL), "99_tiny.ipynb")


def test_build_writes_checks_and_prunes(tmp_path):
    src, dst = tmp_path / "notebooks", tmp_path / "assignments"
    src.mkdir()
    nbformat.write(_solution(), src / "01_tiny.ipynb")
    nbformat.write(_notebook("x = 1"), src / "02_no_exercises.ipynb")
    assert assignments.build(src, dst, check=True) == [dst / "01_tiny.ipynb"]
    assignments.build(src, dst)
    assert sorted(p.name for p in dst.iterdir()) == ["01_tiny.ipynb"]
    assert assignments.build(src, dst, check=True) == []
    (dst / "07_orphan.ipynb").write_text("{}")
    assert assignments.build(src, dst, check=True) == [dst / "07_orphan.ipynb"]


def test_committed_student_notebooks_are_up_to_date():
    stale = assignments.build(check=True)
    assert stale == [], f"run `python -m aelab assignments build`; stale: {stale}"


# ------------------------------------------------------------------ grading


@pytest.fixture
def tiny_solution(tmp_path):
    path = tmp_path / "solution.ipynb"
    nbformat.write(_solution(), path)
    return path


def _points(rows):
    return {r.grade_id: (r.status, r.points, r.max_points) for r in rows}


def test_grade_solution_full_marks_student_zero_one_solved_one(tiny_solution, tmp_path):
    rows = assignments.grade(tiny_solution)
    assert _points(rows) == {
        "nb00_normalize_images": ("passed", 1, 1),
        "nb00_class_shares": ("passed", 1, 1),
    }

    student = assignments.student_version(nbformat.read(tiny_solution, 4), "solution.ipynb")
    student_path = tmp_path / "student.ipynb"
    nbformat.write(student, student_path)
    assert _points(assignments.grade(student_path)) == {
        "nb00_normalize_images": ("not attempted", 0, 1),
        "nb00_class_shares": ("not attempted", 0, 1),
    }

    one_solved = nbformat.read(student_path, 4)
    stub = next(c for c in one_solved.cells if c.source.startswith("def class_shares"))
    stub.source = (
        "def class_shares(labels):\n    return np.bincount(labels, minlength=10) / len(labels)"
    )
    wrong = next(c for c in one_solved.cells if c.source.startswith("def normalize_images"))
    wrong.source = "def normalize_images(images):\n    return images / 256"
    path = tmp_path / "one_solved.ipynb"
    nbformat.write(one_solved, path)
    rows = assignments.grade(path)
    assert _points(rows) == {
        "nb00_normalize_images": ("failed", 0, 1),
        "nb00_class_shares": ("passed", 1, 1),
    }
    table = assignments.format_grades(rows, "one_solved.ipynb")
    assert table.splitlines()[-1].split()[-1] == "1/2"


def test_grade_survives_a_crashing_cell(tmp_path):
    nb = _solution()
    nb.cells.insert(2, nbformat.v4.new_code_cell("1 / 0"))
    nb.cells[-1].source = "undefined_name + 1\ncheck_class_shares(class_shares)"
    path = tmp_path / "crash.ipynb"
    nbformat.write(nb, path)
    rows = _points(assignments.grade(path))
    assert rows["nb00_normalize_images"] == ("passed", 1, 1)
    assert rows["nb00_class_shares"][1] == 0 and "no result" in rows["nb00_class_shares"][0]


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "aelab", "assignments", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
    )


def test_grade_cli_exit_codes(tmp_path):
    corrupt = tmp_path / "corrupt.ipynb"
    corrupt.write_text('{"cells": [ this is not json')
    done = _cli("grade", str(corrupt))
    assert done.returncode == 2
    assert "not a readable Jupyter notebook" in done.stderr
    missing = _cli("grade", str(tmp_path / "absent.ipynb"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_edited_check_cells_are_restored_before_grading(tmp_path):
    student = assignments.student_version(_solution(), "01_tiny.ipynb")
    reference = tmp_path / "reference"
    reference.mkdir()
    nbformat.write(student, reference / "01_tiny.ipynb")
    cheat = nbformat.from_dict(student)
    check = next(c for c in cheat.cells if c.source == "check_class_shares(class_shares)")
    check.source = "print('all passed, honest')"
    assert assignments.restore_locked_cells(cheat, reference) == 1
    assert check.source == "check_class_shares(class_shares)"
