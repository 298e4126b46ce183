"""Automatic checks for the exercises in the notebooks.

An exercise asks the learner to write a function; the cell after it calls a
check, e.g. `check_encoder_forward(encoder_forward)`. The check runs the
function on fresh inputs against a reference and prints a short verdict:
passed, not attempted (the stub still raises NotImplementedError), or what was
expected versus what came. It also emits a machine-readable record that
`python -m aelab assignments grade` collects.

Writing a check (one module per notebook, e.g. `aelab/checks/nb01.py`):

    @exercise("ex01_encoder_forward", points=2, title="Encoder forward pass")
    def check_encoder_forward(ctx, fn):
        x, w, b = ...                                   # fresh random inputs
        got = ctx.call(fn, x, w, b)                     # runs the learner's code
        ctx.expect_shape(got, (5, 3), "z")
        ctx.expect_close(got, reference(x, w, b), "z", hint="z = sigma(W_e x + b_e)")
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import pkgutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

MIME_TYPE = "application/vnd.aelab.check+json"
# Set to 1 when the solution notebooks run in CI: a check that does not pass then
# raises, so a broken reference solution or check fails the build.
STRICT_ENV = "AELAB_CHECKS_STRICT"


class CheckFailed(Exception):
    """A learner's answer differs from the expected one (message says how)."""


class NotAttempted(Exception):
    """The learner's function still raises NotImplementedError."""


@dataclass
class CheckResult:
    """The outcome of one exercise check."""

    grade_id: str
    title: str
    status: str  # "passed", "failed" or "not attempted"
    points: float
    max_points: float
    message: str = ""
    passed_tests: list[str] = field(default_factory=list)

    def text(self) -> str:
        icon = {"passed": "✅", "failed": "❌", "not attempted": "⏳"}[self.status]
        score = f"{self.points:g}/{self.max_points:g} points"
        head = f"{icon} {self.title} [{self.grade_id}]: {self.status} ({score})"
        lines = [head]
        lines += [f"   ✓ {t}" for t in self.passed_tests]
        if self.message:
            lines += [f"   {line}" for line in self.message.splitlines()]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        return {"text/plain": self.text(), MIME_TYPE: asdict(self)}

    def __repr__(self) -> str:
        return self.text()


def _describe(value: Any) -> str:
    arr = np.asarray(value) if not isinstance(value, str) else None
    if arr is not None and arr.dtype != object and arr.ndim > 0:
        with np.printoptions(precision=4, threshold=8, edgeitems=2):
            return f"array of shape {arr.shape}: {arr}"
    text = repr(value)
    return text if len(text) < 120 else text[:117] + "..."


class Context:
    """What a check body uses to run the learner's code and compare results."""

    def __init__(self) -> None:
        self.passed: list[str] = []

    def call(self, fn: Callable, *args: Any, **kwargs: Any) -> Any:
        """Call the learner's function, turning its exceptions into a short verdict."""
        if not callable(fn):
            raise CheckFailed(f"expected a function, got {_describe(fn)}")
        try:
            return fn(*args, **kwargs)
        except NotImplementedError as exc:
            raise NotAttempted from exc
        except Exception as exc:  # any error in the learner's code is a verdict, not a crash
            raise CheckFailed(f"your function raised {type(exc).__name__}: {exc}") from exc

    def ok(self, what: str) -> None:
        self.passed.append(what)

    def expect_shape(self, got: Any, shape: tuple[int, ...], what: str, hint: str = "") -> None:
        actual = np.shape(got)
        if tuple(actual) != tuple(shape):
            raise CheckFailed(
                _msg(f"{what}: expected shape {tuple(shape)}, got {tuple(actual)}", hint)
            )
        self.ok(f"{what} has shape {tuple(shape)}")

    def expect_close(
        self,
        got: Any,
        expected: Any,
        what: str,
        *,
        rtol: float = 1e-5,
        atol: float = 1e-8,
        hint: str = "",
    ) -> None:
        expected_arr = np.asarray(expected, dtype=np.float64)
        try:
            got_arr = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            raise CheckFailed(
                _msg(f"{what}: expected numbers, got {_describe(got)}", hint)
            ) from None
        if got_arr.shape != expected_arr.shape:
            raise CheckFailed(
                _msg(f"{what}: expected shape {expected_arr.shape}, got {got_arr.shape}", hint)
            )
        if not np.allclose(got_arr, expected_arr, rtol=rtol, atol=atol, equal_nan=False):
            worst = np.unravel_index(np.argmax(np.abs(got_arr - expected_arr)), got_arr.shape)
            where = (
                f" (largest difference at index {tuple(int(i) for i in worst)})"
                if got_arr.ndim
                else ""
            )
            raise CheckFailed(
                _msg(
                    f"{what}: expected {_describe(expected_arr)}\n"
                    f" got      {_describe(got_arr)}{where}",
                    hint,
                )
            )
        self.ok(f"{what} matches the reference")

    def expect_true(self, condition: bool, what: str, hint: str = "") -> None:
        if not condition:
            raise CheckFailed(_msg(what, hint))
        self.ok(what)


def _msg(text: str, hint: str) -> str:
    return f"{text}\nHint: {hint}" if hint else text


@dataclass(frozen=True)
class Exercise:
    """A registered exercise: its id, points, title and check function."""

    grade_id: str
    points: float
    title: str
    check: Callable[..., CheckResult]


REGISTRY: dict[str, Exercise] = {}


def exercise(grade_id: str, points: float, title: str) -> Callable:
    """Register a check body `(ctx, *learner_objects)` as an exercise check."""
    if grade_id in REGISTRY:
        raise ValueError(f"exercise id {grade_id!r} is registered twice")

    def decorate(body: Callable[..., None]) -> Callable[..., CheckResult]:
        @functools.wraps(body)
        def check(*learner: Any) -> CheckResult:
            result = run(*learner)
            if os.environ.get(STRICT_ENV) == "1" and result.status != "passed":
                raise AssertionError(f"{STRICT_ENV}=1 and a check did not pass:\n{result.text()}")
            return result

        def run(*learner: Any) -> CheckResult:
            ctx = Context()
            try:
                body(ctx, *learner)
            except NotAttempted:
                return CheckResult(
                    grade_id,
                    title,
                    "not attempted",
                    0,
                    points,
                    "Replace `raise NotImplementedError` with your code, then run this cell again.",
                )
            except CheckFailed as exc:
                return CheckResult(grade_id, title, "failed", 0, points, str(exc), ctx.passed)
            return CheckResult(grade_id, title, "passed", points, points, "", ctx.passed)

        REGISTRY[grade_id] = Exercise(grade_id, points, title, check)
        check.grade_id = grade_id
        check.points = points
        return check

    return decorate


def load_all() -> dict[str, Exercise]:
    """Import every `aelab.checks.nbNN` module so that all exercises are registered."""
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("nb"):
            importlib.import_module(f"{__name__}.{info.name}")
    return REGISTRY


def by_function_name() -> dict[str, Exercise]:
    """Registered exercises keyed by the name of their check function."""
    return {ex.check.__name__: ex for ex in load_all().values()}


def results_from_outputs(outputs: list[dict]) -> list[dict]:
    """The check records stored in a notebook cell's outputs."""
    found = []
    for out in outputs:
        data = out.get("data", {})
        if MIME_TYPE in data:
            record = data[MIME_TYPE]
            found.append(json.loads(record) if isinstance(record, str) else record)
    return found
