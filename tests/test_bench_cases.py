"""Every benchmark module answers the call `bench/run.py` makes (a merge once left one on an older signature, and
`bench/run.py` stopped before measuring anything)."""

import importlib
import inspect
from pathlib import Path

import pytest

MODULES = sorted(path.stem for path in (Path(__file__).resolve().parent.parent / "bench").glob("cases_*.py"))


def test_the_benchmark_modules_are_found():
    assert "cases_outreach" in MODULES and len(MODULES) >= 4


@pytest.mark.parametrize("name", MODULES)
def test_a_benchmark_module_takes_the_arguments_run_py_gives(name):
    module = importlib.import_module(f"bench.{name}")
    parameters = list(inspect.signature(module.cases).parameters)
    assert parameters == ["http_for", "check", "raw", "admin_changelist", "Case", "vacuum"], name
