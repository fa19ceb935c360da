"""The embedded store: a pyoxigraph store queried in this process."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from ..database import is_database, open_generation, published
from ..errors import QueryError
from ..export import distinct_triples
from ..store import has_default_graph, load_query_store, merge_of
from .base import query_form
from .results import Results, Term, check_deadline, from_oxigraph, row_of


class OxigraphStore:
    """An embedded pyoxigraph store; the default graph is the union of all graphs.

    From a file, the default graph holds their merge (``kg.store.load_query_store``), each
    triple once; a store with named graphs only is queried through pyoxigraph's union.
    """

    union_default_graph = True

    def __init__(self, store: ox.Store, path: Path | None = None,
                 generation: Path | None = None):
        self.store, self.path = store, path  # the graph file or store folder it came from
        self.generation = generation  # of a store folder: the generation opened
        self.merged = has_default_graph(store) and next(store.named_graphs(), None) is not None

    @classmethod
    def from_file(cls, path: Path) -> OxigraphStore:
        if is_database(path):
            generation = published(path)
            return cls(open_generation(path, generation), path, generation)
        return cls(load_query_store(path), path)

    def query(self, sparql: str, *, limit: int | None = None, deadline: float | None = None,
              max_bytes: int | None = None, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = (), base_iri: str | None = None) -> Results:
        """Run in this process: only for queries already checked or written by the code
        (``kg.worker`` runs users' queries)."""
        query_form(sparql)
        options = _dataset_options(default_graphs, named_graphs, union=not self.merged)
        with _as_query_errors():
            answer = self.store.query(sparql, base_iri=base_iri, **options)
        return from_oxigraph(answer, limit, deadline, max_bytes)

    def solutions(self, sparql: str, *, deadline: float | None = None
                  ) -> Iterator[dict[str, Term]]:
        if query_form(sparql) != "select":
            raise QueryError("only a SELECT query has rows")
        answer = None
        try:
            with _as_query_errors():  # evaluation errors surface while iterating
                answer = self.store.query(sparql, **_dataset_options((), (), not self.merged))
                names = tuple(v.value for v in answer.variables)
                for n, solution in enumerate(answer):
                    if n % 256 == 0:
                        check_deadline(deadline)
                    yield row_of(solution, names)
        finally:  # pyoxigraph's answer may only be dropped on the thread that made it: here,
            answer = None  # not wherever the exception's traceback ends up

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad, streamed graph by graph."""
        if self.merged:  # the default graph only repeats the named graphs
            return (q for q in self.store if not isinstance(q.graph_name, ox.DefaultGraph))
        return iter(self.store)

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple once: a merged store's default graph, streamed; else the quads'
        triples, those already seen held to leave them out."""
        return merge_of(self.store) if self.merged else distinct_triples(self.store)


@contextmanager
def _as_query_errors() -> Iterator[None]:
    """pyoxigraph's syntax and evaluation errors as QueryError."""
    try:
        yield
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {str(exc).strip()}") from None
    except OSError as exc:
        raise QueryError(str(exc).strip()) from None


def _dataset_options(default_graphs: Sequence[str], named_graphs: Sequence[str],
                     union: bool = True) -> dict:
    options: dict = {"use_default_graph_as_union": union and not default_graphs}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    return options
