"""The real student notebooks run end to end with their stubs, and grade to zero."""

from __future__ import annotations

import nbformat
import pytest

from aelab import assignments
from tests.conftest import REPO, shared_data_dir

STUDENT = sorted((REPO / "assignments").glob("[0-9][0-9]_*.ipynb"))

pytestmark = pytest.mark.skipif(
    shared_data_dir() is None and not (REPO / "data" / "mnist.npz").is_file(),
    reason="the notebooks need MNIST (set AELAB_DATA_DIR)",
)


def _exercise_ids(path) -> set[str]:
    nb = nbformat.read(path, as_version=4)
    return {ex.grade_id for c in nb.cells for ex in assignments.check_calls(c.source)}


def test_every_notebook_with_exercises_has_a_student_copy():
    sources = [
        p
        for p in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        if assignments.has_exercises(nbformat.read(p, as_version=4))
    ]
    assert [p.name for p in sources] == [p.name for p in STUDENT]


@pytest.mark.parametrize("path", STUDENT, ids=lambda p: p.name)
def test_student_notebook_runs_and_reports_not_attempted(path):
    rows = assignments.grade(path)
    assert {r.grade_id for r in rows} == _exercise_ids(REPO / "notebooks" / path.name)
    assert len(rows) >= 2
    assert all(r.status == "not attempted" and r.points == 0 for r in rows), rows


def test_solution_notebook_00_gets_full_marks():
    rows = assignments.grade(REPO / "notebooks" / "00_start_here.ipynb")
    assert rows and all(r.status == "passed" and r.points == r.max_points for r in rows), rows
