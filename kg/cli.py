"""The `kg` command: a thin click layer over the library."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .errors import KgError
from .settings import Settings
from .validate import ENGINES, REPORT_FORMATS


class KgGroup(click.Group):
    """Turns library errors into one-line messages with a non-zero exit."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            raise click.ClickException(str(exc)) from None


def settings_of(ctx: click.Context) -> Settings:
    return ctx.find_object(Settings) or Settings.from_env()


@click.group(cls=KgGroup)
@click.option("--base", envvar="KG_BASE", help="Base IRI for minted resources.")
@click.version_option(package_name="vngov-kg")
@click.pass_context
def main(ctx: click.Context, base: str | None) -> None:
    """Turn Vietnamese government reports into a linked-data knowledge graph.

    \b
    Example:
      kg build seeds/ --out build/kg.trig
      kg validate --data build/kg.trig
      kg query meetings-targets --data build/kg.trig
    """
    ctx.obj = Settings.from_env(base=base)


data_option = click.option("--data", type=click.Path(path_type=Path), default=None,
                           help="Graph file (default: the build output).")


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Store folder to update (default build/kg.oxigraph), or a graph file to "
                   "write, its suffix picking the format (.trig, .nq, .jsonld).")
@click.option("--strict", is_flag=True,
              help="Write nothing if any source cannot be read.")
@click.option("--timings", is_flag=True,
              help="Show on stderr how long each phase of a store's build took.")
@click.option("--compact", is_flag=True,
              help="Compact the store after updating it: lookups slow down a little with "
                   "each update, until it is compacted (minutes for a large store).")
@click.pass_context
def build(ctx, sources: tuple[Path, ...], out: Path | None, strict: bool,
          timings: bool, compact: bool) -> None:
    """Read articles (files or folders; default seeds/) into the store.

    The store (build/kg.oxigraph/) holds a graph per article; building again re-reads only
    the articles whose text changed and drops those that are gone. Each file that cannot be
    read gets one line on stderr naming it; the others are still built. Exit 0 when every
    source was read, 1 when any failed (with --strict, or when no article could be read,
    the previous store or graph file is left untouched, as it is by a build that fails).

    \b
    Example:
      kg build seeds/
      kg build seeds/ --out build/kg.trig
    """
    from .build import build as run_build
    from .build import output_format, unchanged_files
    from .database import is_database
    from .errors import WriteError
    from .identity import check_base
    from .sources import read_sources
    from .store import writable_target

    s = settings_of(ctx)
    out, sources = out or s.out, sources or (s.seeds,)
    if not is_database(out):
        output_format(out)  # an output it cannot write fails before any article is read
        writable_target(out)
    check_base(s.base)
    started = time.perf_counter()
    found = read_sources(sources, known=unchanged_files(out, s.base))
    reading = time.perf_counter() - started
    lines, failed = [shown(p) for p in found.problems], len(found.failures)
    if (failed and strict) or not found.articles:
        why = (f"{failed} source(s) failed and --strict is set" if found.articles else
               f"no article to build in {', '.join(map(str, sources))}")
        if len(lines) == 1 and failed:  # one bad file: its own message is the one line
            why, lines = shown(found.problems[0].message), []
        click.echo("\n".join(lines), err=True, nl=bool(lines))
        raise click.ClickException(f"{why}; {out} not written")
    click.echo("\n".join(lines), err=True, nl=bool(lines))
    try:
        with _progress(len(found.paths), "reading articles") as advance:
            report = run_build(found.articles, out, s.base, progress=advance, compact=compact)
    except WriteError as exc:  # the output folder is not writable, the disk is full...
        raise click.ClickException(f"{exc}; {out} not written") from None
    except OSError as exc:
        raise click.ClickException(f"{exc.filename or out}: cannot write "
                                   f"({exc.strerror or exc}); {out} not written") from None
    for failure in report.failures:  # a file changed between reading and building
        click.echo(shown(f"error: {failure.message}"), err=True)
    for note in report.notes:
        click.echo(shown(f"note: {note}"), err=True)
    paths = {a.name: a.path for a in found.articles}
    for name in report.empty:
        click.echo(shown(f"note: {paths.get(name)}: no facts found"), err=True)
    counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in report.counts.items())
    again = "" if report.total == report.extracted else f" ({report.extracted} read again)"
    click.echo(f"built {report.out}: {report.total} articles{again}, {report.triples} triples"
               f" ({counts})")
    if timings:
        phases = {"reading the files": reading, **report.phases,
                  "in all": time.perf_counter() - started}
        click.echo("\n".join(f"{seconds:10.1f} s  {name}" for name, seconds in phases.items()),
                   err=True)
    if failed or report.failures:
        sys.exit(1)


@main.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--into", type=click.Path(path_type=Path), required=True,
              help="Folder of pages to fill; `kg build` reads it.")
@click.option("--allow", multiple=True, metavar="HOST",
              help="Fetch only from this host and its subdomains (repeatable).")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two requests to one host (robots.txt Crawl-delay if longer).")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Retries of a request that failed for a transient reason (timeout, 5xx, 429).")
@click.option("--backoff", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds before the first retry; doubled before each next one.")
def fetch(urls: tuple[str, ...], into: Path, allow: tuple[str, ...], delay: float,
          retries: int, backoff: float) -> None:
    """Fetch news pages from feeds (RSS/Atom), sitemaps or page URLs into a folder.

    Each page is saved once as HOST/NAME.html with a hidden record of its URL, date and
    HTTP validators; fetching again asks only for what changed. robots.txt is obeyed.
    One line per URL on stderr; exit 1 when any page failed.

    \b
    Example:
      kg fetch https://baochinhphu.vn/rss/kinh-te.rss --into pages/ --allow baochinhphu.vn
      kg build pages/
    """
    from .fetch import Policy
    from .fetch import fetch as run_fetch

    policy = Policy(delay, retries, backoff, allow=tuple(h.lower() for h in allow))
    report = run_fetch(urls, into, policy, progress=_echo_outcome,
                       notify=lambda message: click.echo(f"note: {message}", err=True))
    counts = ", ".join(f"{report.count(s)} {s}" for s in
                       ("saved", "updated", "unchanged", "skipped", "failed"))
    click.echo(f"fetched into {into}: {counts}")
    if report.failures:
        sys.exit(1)


def _echo_outcome(outcome) -> None:
    where = f" -> {outcome.path}" if outcome.status in ("saved", "updated") else ""
    why = f" ({outcome.message})" if outcome.message and not where else ""
    if outcome.status in ("failed", "skipped"):
        click.echo(f"{'error' if outcome.status == 'failed' else 'note'}: {outcome.message}",
                   err=True)
    else:
        click.echo(f"{outcome.status:9} {outcome.url}{where}{why}", err=True)


def shown(text) -> str:
    """``text`` safe for any terminal: undecodable bytes of file names and control characters
    written as escapes (a file name may hold both)."""
    text = str(text).encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text)


@contextmanager
def _progress(total: int, what: str) -> Iterator[Callable[[], None] | None]:
    """A progress bar on a terminal's stderr (rich); nothing when stderr is a file or a pipe."""
    if not sys.stderr.isatty() or total < 50:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda: bar.advance(task)


@main.command()
@data_option
@click.option("--shapes", type=click.Path(path_type=Path), default=None,
              help="SHACL shapes: a graph file (Turtle, RDF/XML, JSON-LD...) or a folder of "
                   "*.ttl files (default: shapes/).")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
              help="sparql: the shapes as SPARQL on pyoxigraph (fast; refuses what it does not "
                   "cover); pyshacl: the reference; auto: sparql unless it refuses the shapes.")
@click.option("--format", "fmt", type=click.Choice(list(REPORT_FORMATS)), default="text",
              show_default=True,
              help="text: one line per result; turtle: a standard sh:ValidationReport; json.")
@click.option("--per-article", is_flag=True,
              help="Validate each article graph on its own (rules across articles are skipped).")
@click.option("--timings", is_flag=True, help="Show the ten slowest checks (sparql engine).")
@click.pass_context
def validate(ctx, data: Path | None, shapes: Path | None, engine: str, fmt: str,
             per_article: bool, timings: bool) -> None:
    """Validate a graph against SHACL shapes; exit 1 when it has violations.

    Any graph file (TriG, Turtle, N-Quads, N-Triples, JSON-LD, RDF/XML) and any shapes,
    not only the project's. Warnings and infos are reported but do not fail.

    \b
    Example:
      kg validate --data build/kg.trig
      kg validate --data my-data.ttl --shapes my-shapes.ttl --format turtle
      kg validate --engine pyshacl --per-article
    """
    from .validate import render_report, validate_file

    s = settings_of(ctx)
    times: list = []
    report = validate_file(data or s.out, shapes or s.shapes, engine, per_article, times)
    click.echo(render_report(report, fmt), nl=False)
    for seconds, check in sorted(times, key=lambda t: -t[0])[:10 if timings else 0]:
        click.echo(f"{seconds:8.3f} s  {check.label}", err=True)
    if report.violations:
        sys.exit(1)


@main.command()
@click.argument("name")
@data_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
              default="table", show_default=True, help="Output format.")
@click.option("--endpoint", default=None, help="Query a remote SPARQL endpoint instead.")
@click.pass_context
def query(ctx, name: str, data: Path | None, fmt: str, endpoint: str | None) -> None:
    """Run a named query from queries/ (or a .rq file) and print the answer.

    \b
    Example:
      kg query cq-observations --data build/kg.trig --format csv
    """
    from .query import load_query, render_rows, run_select, stream_file_select

    s = settings_of(ctx)
    label, sparql = load_query(name, s.queries)
    if endpoint:
        from .sparql import RemoteStore

        result = run_select(RemoteStore(endpoint, timeout=60), sparql, label)
        rows = iter([result.columns, *result.text_rows()])
    else:  # streamed: a full answer is written as it comes, in bounded memory
        rows = stream_file_select(data or s.out, sparql, label, s.query_memory)
    for piece in render_rows(rows, fmt):
        click.echo(piece, nl=False)


@main.command()
@data_option
@click.option("--endpoint", required=True,
              help="The store's SPARQL query endpoint (http://localhost:7878/query) or its root "
                   "URL (http://localhost:7878/), where the endpoints are found.")
@click.option("--update", "update_url", default=None,
              help="SPARQL Update endpoint (default: the store's usual one beside --endpoint).")
@click.option("--store", "store_url", default=None,
              help="Graph Store Protocol endpoint (default: the store's usual one).")
@click.option("--protocol", type=click.Choice(["auto", "gsp", "update"]), default="auto",
              show_default=True,
              help="gsp: HTTP PUT per graph; update: DROP + INSERT DATA; auto: gsp where offered.")
@click.option("--user", envvar="KG_ENDPOINT_USER", default=None,
              help="User for HTTP authentication; the password comes from KG_ENDPOINT_PASSWORD.")
@click.option("--prune/--no-prune", default=True, show_default=True,
              help="Remove the graphs an earlier push made that the file no longer has "
                   "(never graphs kg push did not make).")
@click.option("--timeout", type=click.FloatRange(min=0.001), default=30, show_default=True,
              help="Seconds to connect, and to wait for each part of an answer.")
@click.option("--deadline", type=click.FloatRange(min=0.001), default=300, show_default=True,
              help="Seconds one graph's request may take in all.")
@click.option("--max-failures", type=click.IntRange(min=1), default=3, show_default=True,
              help="Stop after this many graphs in a row fail.")
@click.pass_context
def push(ctx, data: Path | None, endpoint: str, update_url: str | None, store_url: str | None,
         protocol: str, user: str | None, prune: bool, timeout: float, deadline: float,
         max_failures: int) -> None:
    """Publish the graph to a SPARQL 1.1 store, one named graph per request.

    One graph per article, plus the shared entities, the ontology and the shapes; each is
    replaced whole, so pushing again duplicates nothing, and the graphs an earlier push made
    that the file no longer has are removed (--no-prune keeps them). Exit 1 if any graph
    failed (the others are still pushed; push again to complete); after --max-failures
    graphs in a row fail, the push stops.

    \b
    Example:
      kg push --endpoint http://localhost:7878/query
      kg query cq-meetings --endpoint http://localhost:7878/query
    """
    import os

    from .push import Endpoints, Limits
    from .push import push as run_push

    s = settings_of(ctx)
    auth = (user, os.environ.get("KG_ENDPOINT_PASSWORD", "")) if user else None
    limits = Limits(timeout, timeout, deadline)
    endpoints = Endpoints.find(endpoint, update_url, store_url, limits, auth)
    report = run_push(data or s.out, endpoints, s.base,
                      {"ontology": s.ontology, "shapes": s.shapes}, protocol, auth,
                      limits, prune, max_failures)
    for line in push_lines(report):
        click.echo(line, err=True)
    protocols = sorted({r.protocol for r in report.pushed})
    removed = sum(r.ok for r in report.removed)
    click.echo(f"pushed {len(report.pushed)} of {len(report.results) + report.untried} graphs "
               f"({report.triples} triples) to {endpoint} by "
               f"{' and '.join(protocols) or 'nothing'}; removed {removed} gone graph(s)")
    if report.failed or report.stopped or not all(r.ok for r in report.removed):
        sys.exit(1)


def push_lines(report) -> list[str]:
    """One line per failed graph, except that a run stopped by failures in a row says so once."""
    results = list(report.results)
    while report.stopped and results and not results[-1].ok:
        results.pop()  # the failures in a row that stopped the run: one line below
    lines = [f"error: {r.graph}: {r.error}" for r in results if not r.ok]
    if report.stopped:
        lines.append(f"error: stopped: {report.stopped}; {report.untried} graph(s) not tried")
    lines += [f"error: {r.graph}: {r.error}" for r in report.removed if not r.ok]
    return lines


@main.command()
@data_option
@click.option("--format", "fmt", default="turtle", show_default=True,
              help="turtle, json-ld, nt, trig, nquads or rdf-xml.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.pass_context
def export(ctx, data: Path | None, fmt: str, out: Path | None) -> None:
    """Export the graph in another RDF format.

    \b
    Example:
      kg export --format json-ld --out build/kg.jsonld
    """
    from .export import export_to

    s = settings_of(ctx)
    if out:
        from .store import open_atomic

        with open_atomic(out) as target:
            export_to(data or s.out, fmt, target)
        click.echo(f"wrote {out}")
    else:
        stdout = click.get_binary_stream("stdout")
        export_to(data or s.out, fmt, stdout)
        stdout.flush()


@main.command(name="eval")
@click.option("--gold", type=click.Path(path_type=Path), required=True, multiple=True,
              help="Folder of gold YAML files, one per article (repeatable).")
@click.option("--texts", type=click.Path(path_type=Path), multiple=True,
              help="Article texts of the n-th --gold folder, when not beside it (repeatable).")
@click.option("--data", type=click.Path(path_type=Path), default=None,
              help="Graph file to score (default: build the gold folders' texts in memory).")
@click.option("--details", is_flag=True,
              help="Per article: missed facts, false alarms and not-strict matches, with quotes.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
@click.pass_context
def eval_(ctx, gold: tuple[Path, ...], texts: tuple[Path, ...], data: Path | None,
          details: bool, fmt: str) -> None:
    """Score the graph against gold facts: P, R, F1, strict F1, fields and series per type.

    \b
    Example:
      kg eval --gold ../shared/gold/seeds
      kg eval --gold ../shared/gold/seeds --gold ../shared/dev/economy/gold --format json
    """
    from .evaluate import evaluate_sets, load_gold
    from .evaluate.contract import contract_rows, contract_store, fact_quotes, texts_for
    from .evaluate.render import report_json, score_table
    from .query import render

    s = settings_of(ctx)
    sets = {str(g): load_gold(g) for g in gold}
    store = contract_store(s, data, [] if data else texts_for(gold, texts))
    combined, per_set = evaluate_sets(contract_rows(s, store), sets, fact_quotes(s, store))
    if fmt == "json":
        click.echo(json.dumps(report_json(combined, per_set), indent=2, ensure_ascii=False))
        return
    click.echo(render(score_table(combined), "table"), nl=False)
    for line in report_lines(combined, per_set, details):
        click.echo(line)


def report_lines(report, per_set: dict, details: bool) -> list[str]:
    from .evaluate.render import summary_line

    lines = ["", "field accuracy:"]
    lines += [f"  {kind:14} {field:18} {correct}/{total} = {acc:.2f}"
              for kind, field, correct, total, acc in report.field_rows()]
    if details:
        lines += detail_lines(report)
    series = report.series
    lines += [f"macro-F1: {report.macro_f1:.3f}",
              f"strict macro-F1: {report.strict_macro_f1:.3f}",
              f"series F1: {series.f1:.3f} (P {series.precision:.3f}, R {series.recall:.3f}; "
              f"{series.both} of {series.predicted_pairs} predicted and "
              f"{series.gold_pairs} gold same-series pairs)"]
    if len(per_set) > 1:
        lines += ["", "per gold folder:"]
        lines += [summary_line(f"  {name}", r) for name, r in per_set.items()]
        lines.append(summary_line("  all", report))
    return lines


def detail_lines(report) -> list[str]:
    """Per article: missed gold facts, false alarms and not-strict matches, with quotes."""
    groups = (("missed", report.misses), ("false alarm", report.spurious),
              ("not strict", report.not_strict))
    by_source: dict[str, list[str]] = {}
    for label, findings in groups:
        for f in findings:
            lines = by_source.setdefault(f.source, [])
            lines.append(f"    {label} {f.kind}: {f.description}")
            if f.quote:
                lines.append(f"      quote: \u201c{' '.join(f.quote.split())}\u201d")
    lines = ["", "details:"]
    for source in sorted(by_source):
        lines += [f"  {source}", *by_source[source]]
    return lines + [""]


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--kind", default=None, help="Only facts of this kind (e.g. observations).")
def explain(file: Path, kind: str | None) -> None:
    """Show each fact read from one article, with its quote and the rule that found it.

    \b
    Example:
      kg explain seeds/000_b240ef3e8c42c86b.txt --kind observations
    """
    from .explain import explain_article

    for line in explain_article(file, kind):
        click.echo(line)


@main.command()
@data_option
@click.option("--endpoint", default=None, help="Publish a remote SPARQL endpoint instead.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Answer one GET for PATH in-process, print it and exit (no socket).")
@click.option("--accept", default="text/html", show_default=True, help="Accept header for --get.")
@click.option("--public-url", default=None, envvar="KG_PUBLIC_URL",
              help="Address the server is reached at (default: each request's own).")
@click.pass_context
def serve(ctx, data: Path | None, endpoint: str | None, host: str, port: int,
          get_path: str | None, accept: str, public_url: str | None) -> None:
    """Publish the graph as linked data: pages, dereferenceable IRIs, SPARQL, dumps.

    \b
    Example:
      kg serve --data build/kg.trig --port 8000
      kg serve --get /sparql?query=ASK{} --accept application/sparql-results+json
    """
    from .sparql import open_store
    from .web import create_app, get
    from .web import serve as run_server
    from .web.app import data_time

    s = settings_of(ctx)
    if public_url:
        s = Settings.from_env(base=s.base, public_url=public_url)
    path = data or (None if endpoint else s.out)
    store = open_store(path, endpoint, s.query_timeout)
    app = create_app(store, s, data_time(path))
    if get_path:
        status, _, body = get(app, get_path, accept)
        click.echo(body.decode("utf-8", "replace"), nl=False)
        if status >= 400:
            sys.exit(1)
        return
    click.echo(f"serving {endpoint or data or s.out} at http://{host}:{port}/ "
               f"(IRIs under {s.base})", err=True)
    run_server(app, host, port)


@main.command()
@data_option
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "html", "json"]),
              default="table", show_default=True, help="Report format.")
@click.option("--fail-on", type=click.Choice(["violation", "warning"]), default="violation",
              show_default=True, help="Exit 1 on findings of this severity or worse.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="File to write the report to (default: standard output).")
@click.pass_context
def audit(ctx, data: Path | None, fmt: str, fail_on: str, out: Path | None) -> None:
    """Check the articles against each other: dates, changes, plans, units, titles, targets.

    Exit 0 when there are only warnings, 1 on violations (or on warnings with
    --fail-on warning).

    \b
    Example:
      kg audit --data build/kg.trig
      kg audit --format html --out build/audit.html
    """
    from .audit import audit as run_audit
    from .audit import render as render_audit

    s = settings_of(ctx)
    report = run_audit(data or s.out, queries=s.queries)
    text = render_audit(report, fmt)
    if out:
        from .store import write_atomic

        write_atomic(out, text.encode("utf-8"))
        click.echo(f"wrote {out}: {report.summary()}")
    else:
        click.echo(text, nl=False)
    if report.fails(fail_on):
        sys.exit(1)


if __name__ == "__main__":
    main()
