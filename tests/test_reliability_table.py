"""docs/reliability.md: every row of its case tables names a test that exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADER = "| # | case | outcome | test |"
CITED = re.compile(r"`(tests/[\w/]+\.py)::(\w+)(?:\[[^`]*\])?`")


def table_rows() -> list[tuple[str, str]]:
    """(row number, test cell) of every table with the case header."""
    rows, inside = [], False
    for line in (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8").splitlines():
        if line.strip() == HEADER:
            inside = True
        elif inside and line.startswith("|") and not line.startswith("|---"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            rows.append((cells[0], cells[-1]))
        elif not line.startswith("|"):
            inside = False
    return rows


def defined_tests(file: Path) -> set[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    return {node.name for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_the_document_has_case_tables():
    assert len(table_rows()) >= 20


@pytest.mark.parametrize(("row", "cell"), table_rows(), ids=[r for r, _ in table_rows()])
def test_each_row_names_tests_that_exist(row, cell):
    cited = CITED.findall(cell)
    assert cited, f"row {row} names no test as tests/FILE.py::TEST"
    for file, name in cited:
        assert (ROOT / file).is_file(), f"row {row}: no {file}"
        assert name in defined_tests(ROOT / file), f"row {row}: no {name} in {file}"
