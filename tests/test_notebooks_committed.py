"""Every committed notebook is a clean, complete, top-to-bottom run."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb found"


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request) -> dict:
    return json.loads(request.param.read_text())


def _code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_kernelspec_is_python3(notebook):
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_execution_counts_run_one_to_n(notebook):
    counts = [c["execution_count"] for c in _code_cells(notebook)]
    assert counts == list(range(1, len(counts) + 1)), (
        f"commit notebooks executed top to bottom (make notebooks): execution counts are {counts}"
    )


def test_no_stored_errors_or_stderr_noise(notebook):
    for cell in _code_cells(notebook):
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"stored error: {out.get('ename')}"
            if out["output_type"] == "stream" and out["name"] == "stderr":
                text = "".join(out["text"])
                assert "Traceback" not in text and "absl" not in text, text[:500]


def test_committed_in_full_mode(notebook):
    text = "".join("".join(o.get("text", "")) for c in _code_cells(notebook) for o in c["outputs"])
    assert "mode: quick" not in text, "commit the full-mode outputs (make notebooks)"


def test_opens_with_a_title_then_setup_and_parameters(notebook):
    first = notebook["cells"][0]
    assert first["cell_type"] == "markdown" and "".join(first["source"]).startswith("# ")
    sources = ["".join(c["source"]) for c in _code_cells(notebook)]
    assert re.search(r"cfg = setup\(seed=\d+\)", sources[0]), "first code cell calls setup()"
    tagged = [c for c in _code_cells(notebook) if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged `parameters`"


def test_start_here_lists_every_notebook():
    start = (REPO / "notebooks" / "00_start_here.ipynb").read_text()
    for path in NOTEBOOKS:
        assert f"]({path.name})" in start, f"00_start_here does not link {path.name}"
