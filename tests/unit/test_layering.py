"""Imports flow one way: domain <- projections <- scheduler <- api; domain uses only stdlib and eventsourcing."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"domain": {"domain", "eventsourcing"}}


def imported_roots(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def test_domain_imports_only_the_standard_library_and_eventsourcing():
    outside = {root: files for root, files in imported_roots("domain").items()
               if root not in sys.stdlib_module_names and root not in ALLOWED["domain"]}
    assert outside == {}, f"domain imports {outside}"


@pytest.mark.parametrize(("package", "forbidden"), [
    ("domain", {"projections", "scheduler", "api"}),
    ("projections", {"scheduler", "api", "fastapi", "apscheduler"}),
    ("scheduler", {"api", "fastapi"}),
])
def test_imports_flow_one_way(package, forbidden):
    wrong = {root: files for root, files in imported_roots(package).items() if root in forbidden}
    assert wrong == {}, f"{package} imports {wrong}"
