"""Quotes that are not the article's text at their offsets: the graph misquotes its source.

Unlike the other rules this is the graph's own defect, not the article's, so a Violation.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..model import Figure, Finding, Quote
from .common import Rule

RULE = Rule(
    "evidence-quote", "Quote does not match the article", "Violation", "EvidenceQuoteMatchesText",
    "every evidence quote is the article's text between its start and end offsets",
)
RULES = (RULE,)

MISMATCHES = """
SELECT DISTINCT ?selector ?exact ?start ?end ?found ?article ?source WHERE {
  ?evidence oa:hasSource ?article ; oa:hasSelector ?selector .
  ?selector oa:exact ?exact ; oa:start ?start ; oa:end ?end .
  ?article schema:text ?text .
  OPTIONAL { ?article kg:fileName ?source }
  BIND (SUBSTR(?text, ?start + 1, ?end - ?start) AS ?found)
  FILTER (?found != ?exact)
} ORDER BY ?source ?start"""


def check(ctx: Context) -> Iterator[Finding]:
    for row in ctx.select(MISMATCHES):
        source = row.get("source", row["article"])
        quote = Quote(row["exact"], source, row["article"], int(row["start"]), int(row["end"]))
        message = (f"The quote “{row['exact']}” is not what {source} says at characters "
                   f"{row['start']}–{row['end']} (“{row['found']}”).")
        figures = (Figure("quote", row["selector"], "evidence", row["exact"], "", source, quote),)
        yield Finding(RULE.name, "Violation", message, figures,
                      f"text[{row['start']}:{row['end']}] = “{row['found']}”", "offsets")
