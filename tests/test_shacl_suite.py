"""The W3C SHACL test suite (core and SHACL-SPARQL), run in place from ../shared/conformance.

``auto`` must pass every approved test; ``sparql`` must pass every test it accepts and refuse
the others naming the feature. pySHACL's own results are printed beside them at the end of
the run (``conftest.pytest_terminal_summary``).
"""

from __future__ import annotations

import pytest
from shacl_suite import SUITE, cases, outcome, summary

APPROVED = [c for c in cases() if c.approved] if SUITE.is_dir() else []


def test_the_suite_is_all_there():
    """The core and SHACL-SPARQL folders, as the manifests list them (CI has ../shared)."""
    assert SUITE.is_dir(), f"no W3C SHACL test suite at {SUITE}"
    names = {c.name.split("/")[0] for c in cases()}
    assert names == {"core", "sparql"}
    assert len([c for c in APPROVED if c.name.startswith("core/")]) >= 98
    assert len([c for c in APPROVED if c.name.startswith("sparql/")]) >= 20


@pytest.mark.parametrize("case", APPROVED, ids=str)
def test_auto_passes(case):
    result = outcome(case, "auto")
    assert result.verdict == "pass", result.detail


@pytest.mark.parametrize("case", APPROVED, ids=str)
def test_sparql_passes_or_refuses_by_name(case):
    result = outcome(case, "sparql")
    assert result.verdict in ("pass", "refused"), result.detail
    if result.verdict == "refused":
        assert "sh:" in result.detail or "SPARQL" in result.detail or "$" in result.detail


def test_sparql_covers_most_of_the_suite():
    """Refusals stay the exception: what the engine refuses, auto hands to pySHACL."""
    refused = [c.name for c in APPROVED if outcome(c, "sparql").verdict == "refused"]
    assert len(refused) <= 6, refused


def test_summary_counts_every_engine():
    lines = summary()
    assert [line.split()[0] for line in lines[1:]] == ["auto", "sparql", "pyshacl"]
    assert f"pass {len(APPROVED):3}" in lines[1]
