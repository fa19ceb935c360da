"""The modules of kg import each other without cycles.

Read from the source (``ast``), not by importing: every ``import`` counts, at module level and
inside functions alike, since an import deferred into a function is the same dependency run
later (and deferring is how a cycle hides); only imports under ``if TYPE_CHECKING:`` are left
out, as they never run. Importing ``kg.a.b`` runs ``kg/a/__init__.py`` first, so it counts as
importing the package ``kg.a`` too, except from inside ``kg.a``, and except the root ``kg``,
the public API over every module, which no module of kg imports.
"""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import kg

ROOT = "kg"

# Cycles known and left to mend, each as its modules from the first by name. A new cycle fails
# the test, and so does one of these once it is gone: then delete it here.
KNOWN_CYCLES: set[tuple[str, ...]] = set()


def module_files() -> dict[str, Path]:
    """Every module of kg by dotted name, packages as their ``__init__.py``."""
    files = {ROOT: Path(kg.__file__)}
    for info in pkgutil.walk_packages(kg.__path__, f"{ROOT}."):
        folder = Path(info.module_finder.path)
        name = info.name.rpartition(".")[2]
        files[info.name] = folder / name / "__init__.py" if info.ispkg else folder / f"{name}.py"
    return files


def imported_names(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that runs, wherever it stands."""
    found = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom,
            modules: set[str]) -> set[str]:
    """The modules of kg that one import statement names (relative ones resolved)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in modules}
    base = node.module or ""
    if node.level:
        package = module if is_package else module.rpartition(".")[0]
        parts = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join(parts + ([node.module] if node.module else []))
    if base not in modules:
        return set()
    # ``from pkg import name``: the submodule pkg.name when there is one, else pkg itself.
    return {f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names}


def with_packages(module: str, target: str) -> set[str]:
    """The target and the packages whose ``__init__`` importing it runs (not kg, not our own)."""
    parts = target.split(".")
    names = {".".join(parts[:n]) for n in range(2, len(parts) + 1)}
    return {n for n in names if n != module and not module.startswith(n + ".")}


def import_graph() -> dict[str, set[str]]:
    """Each module of kg with the modules of kg it imports."""
    files = module_files()
    modules = set(files)
    graph = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        graph[module] = {name for node in imported_names(tree)
                         for target in targets(module, is_package, node, modules)
                         for name in with_packages(module, target)}
    return graph


def cycles(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """Every elementary cycle, each from its first module by name (Johnson's idea, plainly:
    cycles through ``start`` that use no module before it)."""
    found = set()
    for start in sorted(graph):
        stack = [(start, (start,))]
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    found.add(path)
                elif nxt > start and nxt not in path:
                    stack.append((nxt, path + (nxt,)))
    return found


def shown(cycle: tuple[str, ...]) -> str:
    return " -> ".join(cycle + cycle[:1])


GRAPH = import_graph()
FOUND = cycles(GRAPH)


def test_the_walk_sees_every_module_and_their_imports():
    assert {"kg.cli", "kg.validate.compile", "kg.evaluate.score", "kg.web.app"} <= set(GRAPH)
    assert "kg.validate.check" in GRAPH["kg.validate.compile"]
    assert "kg.evaluate.match" in GRAPH["kg.evaluate.score"]  # ``from . import match as m``
    assert {"kg.web", "kg.web.app"} <= GRAPH["kg.cli"]  # its package runs first


def test_function_level_imports_count():
    assert "kg.store" in GRAPH["kg.validate"]  # imported inside validate_file


def test_no_module_imports_the_root_package():
    assert not [module for module, imported in GRAPH.items() if ROOT in imported]


def test_no_new_import_cycle():
    new = sorted(FOUND - KNOWN_CYCLES)
    assert not new, "import cycles:\n" + "\n".join(shown(c) for c in new)


def test_the_known_cycles_are_still_there():
    gone = sorted(KNOWN_CYCLES - FOUND)
    assert not gone, ("mended, delete from KNOWN_CYCLES:\n" + "\n".join(shown(c) for c in gone))


def test_the_search_finds_a_cycle_and_names_it():
    graph = {"kg.a": {"kg.b"}, "kg.b": {"kg.c"}, "kg.c": {"kg.a", "kg.d"}, "kg.d": set()}
    assert cycles(graph) == {("kg.a", "kg.b", "kg.c")}
    assert shown(("kg.a", "kg.b", "kg.c")) == "kg.a -> kg.b -> kg.c -> kg.a"
