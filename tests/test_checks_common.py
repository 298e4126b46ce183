"""Every registered exercise check, whatever its notebook, treats stubs and crashes kindly."""

from __future__ import annotations

import pytest

from aelab import checks

EXERCISES = sorted(checks.load_all().values(), key=lambda ex: ex.grade_id)


def _stub(*args, **kwargs):
    raise NotImplementedError()


def _crashes(*args, **kwargs):
    return {}["oops"]


def test_every_notebook_with_exercises_registers_some():
    notebooks = {ex.grade_id.split("_")[0] for ex in EXERCISES}
    assert notebooks == {"nb00", "nb01", "nb02", "nb03", "nb04"}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.grade_id)
def test_a_stub_is_not_attempted(exercise):
    result = exercise.check(_stub)
    assert (result.status, result.points) == ("not attempted", 0), result.text()
    assert "NotImplementedError" in result.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.grade_id)
def test_an_error_is_a_verdict_with_its_type_not_a_crash(exercise):
    result = exercise.check(_crashes)
    assert (result.status, result.points) == ("failed", 0), result.text()
    assert "KeyError" in result.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.grade_id)
def test_strict_mode_raises_when_a_check_does_not_pass(exercise, monkeypatch):
    monkeypatch.setenv(checks.STRICT_ENV, "1")
    with pytest.raises(AssertionError, match="did not pass"):
        exercise.check(_stub)
