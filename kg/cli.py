"""The `kg` command: a thin click layer over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import KgError
from .settings import Settings


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
              help="Graph file to write; the suffix picks the format (.trig, .nq, .jsonld).")
@click.option("--strict", is_flag=True,
              help="Write nothing if any source cannot be read.")
@click.pass_context
def build(ctx, sources: tuple[Path, ...], out: Path | None, strict: bool) -> None:
    """Read articles (files or folders; default seeds/) and write the graph.

    Each file that cannot be read gets one line on stderr naming it; the others are
    still built. Exit 0 when every source was read, 1 when any failed (with --strict,
    or when no article could be read, the previous graph file is left untouched).

    \b
    Example:
      kg build seeds/ --out build/kg.trig
    """
    from .build import build as run_build
    from .sources import read_sources

    s = settings_of(ctx)
    out, sources = out or s.out, sources or (s.seeds,)
    found = read_sources(sources)
    lines, failed = [str(p) for p in found.problems], len(found.failures)
    if (failed and strict) or not found.articles:
        why = (f"{failed} source(s) failed and --strict is set" if found.articles else
               f"no article to build in {', '.join(map(str, sources))}")
        if len(lines) == 1:  # one bad file: its own message is the one line
            why, lines = found.problems[0].message, []
        click.echo("\n".join(lines), err=True, nl=bool(lines))
        raise click.ClickException(f"{why}; {out} not written")
    click.echo("\n".join(lines), err=True, nl=bool(lines))
    report = run_build(found.paths, out, s.base)
    for failure in report.failures:  # a file changed between reading and building
        click.echo(f"error: {failure.message}", err=True)
    paths = {a.name: a.path for a in found.articles}
    for article in report.articles:
        if next(article.all_facts(), None) is None:
            click.echo(f"note: {paths.get(article.meta.name)}: no facts found", err=True)
    counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in report.counts.items())
    click.echo(f"built {report.out}: {len(report.articles)} articles, {report.triples} triples"
               f" ({counts})")
    if failed or report.failures:
        sys.exit(1)


@main.command()
@data_option
@click.option("--shapes", type=click.Path(path_type=Path), default=None,
              help="Folder of SHACL shapes (default: shapes/).")
@click.pass_context
def validate(ctx, data: Path | None, shapes: Path | None) -> None:
    """Validate the graph against the SHACL shapes; exit 1 on violations.

    \b
    Example:
      kg validate --data build/kg.trig
    """
    from .store import load_dataset
    from .validate import validate as run_validate

    s = settings_of(ctx)
    report = run_validate(load_dataset(data or s.out), shapes or s.shapes)
    for result in report.results:
        click.echo(f"{result.severity}: {result.message} [{result.focus}"
                   f"{' ' + result.path if result.path else ''}]")
    violations = len(report.violations)
    click.echo(f"{'conforms' if report.conforms else 'does not conform'}: "
               f"{violations} violations, {len(report.results) - violations} other results")
    if violations:
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
    from .query import load_query, render, run_select

    s = settings_of(ctx)
    label, sparql = load_query(name, s.queries)
    if endpoint:
        from .remote import run_remote_select

        result = run_remote_select(endpoint, sparql, label)
    else:
        from .store import load_store

        result = run_select(load_store(data or s.out), sparql, label)
    click.echo(render(result, fmt), nl=False)


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
    from .export import export as run_export

    s = settings_of(ctx)
    payload = run_export(data or s.out, fmt)
    if out:
        from .store import write_atomic

        write_atomic(out, payload)
        click.echo(f"wrote {out}")
    else:
        click.echo(payload.decode("utf-8"), nl=False)


@main.command(name="eval")
@click.option("--gold", type=click.Path(path_type=Path), required=True,
              help="Folder of gold YAML files, one per article.")
@data_option
@click.option("--details", is_flag=True, help="List missed and spurious facts.")
@click.pass_context
def eval_(ctx, gold: Path, data: Path | None, details: bool) -> None:
    """Score the graph against gold facts: precision, recall, F1 per type.

    \b
    Example:
      kg eval --gold ../shared/gold/seeds
    """
    from .evaluate import evaluate, load_gold
    from .query import render
    from .scoring import contract_rows, score_table

    s = settings_of(ctx)
    golds = load_gold(gold)
    rows = contract_rows(s, data, golds)
    report = evaluate(rows, golds)
    click.echo(render(score_table(report), "table"), nl=False)
    for line in report_lines(report, details):
        click.echo(line)


def report_lines(report, details: bool) -> list[str]:
    lines = ["", "field accuracy:"]
    lines += [f"  {kind:14} {field:18} {correct}/{total} = {acc:.2f}"
              for kind, field, correct, total, acc in report.field_rows()]
    if details:
        lines += ["", "missed:"] + [f"  {m}" for m in report.misses]
        lines += ["", "spurious:"] + [f"  {m}" for m in report.spurious]
    lines.append(f"macro-F1: {report.macro_f1:.3f}")
    return lines


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


if __name__ == "__main__":
    main()
