"""geo's modules import one another without a cycle.

The graph is read statically from the source (``ast``), imports inside functions included:
an import put inside a function to dodge a cycle is still an edge here. Imports under
``if TYPE_CHECKING:`` never run and are left out; so are imports of other packages (a lazy
``import geopandas`` for start-up speed is no edge of geo's). Importing ``geo.a.b`` also runs
``geo/a/__init__.py``, as Python does for every submodule; that implicit edge is left out
too, or every package would be in a cycle with its own modules.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

GEO = Path(__file__).resolve().parents[1] / "geo"

#: Cycles in modules other work owns, each as one edge of it that a lazy import hides.
#: When one is gone the test says so: remove it from here then.
NOT_YET_CUT: frozenset[tuple[str, str]] = frozenset()


def _modules() -> dict[str, Path]:
    out = {}
    for f in sorted(GEO.rglob("*.py")):
        parts = list(f.relative_to(GEO.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = f
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement in ``node``, at any depth, but not under TYPE_CHECKING."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        children: list[ast.AST] = list(node.orelse)
    else:
        children = list(ast.iter_child_nodes(node))
    for child in children:
        yield from _import_nodes(child)


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The module ``name`` is, or the one it lies in (``geo.x.func`` -> ``geo.x``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _edges(modules: dict[str, Path]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets: set[str] = set()
        for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, *([base] if base else [])])
                # "from geo.extraction import places" imports a module, "... import segment" a name
                names = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                    for a in node.names
                ]
            for name in names:
                target = _known(name, modules) if name.split(".")[0] == "geo" else None
                if target is not None and target != module:
                    targets.add(target)
        graph[module] = targets
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one cycle as a path ``[a, b, ..., a]``, or None (depth-first, sorted order)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                return [*path[path.index(t) :], t]
            if t not in state:
                found = visit(t)
                if found:
                    return found
        path.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def test_geo_has_no_import_cycle() -> None:
    graph = _edges(_modules())
    for a, b in NOT_YET_CUT:
        assert b in graph[a], f"{a} no longer imports {b}: remove the pair from NOT_YET_CUT"
        graph[a].discard(b)
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_reader_sees_lazy_imports_and_skips_type_checking(tmp_path: Path) -> None:
    # The reader itself, on a package written here: a function-level import is an edge, a
    # TYPE_CHECKING one is not, and a cycle made of them is found.
    pkg = tmp_path / "geo"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from geo.b import f\n")
    (pkg / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from geo.c import X\n"
        "def f():\n    from . import a\n    import json\n"
    )
    (pkg / "c.py").write_text("import geo.a\n")
    modules = {
        "geo": pkg / "__init__.py",
        "geo.a": pkg / "a.py",
        "geo.b": pkg / "b.py",
        "geo.c": pkg / "c.py",
    }
    graph = _edges(modules)
    assert graph == {"geo": set(), "geo.a": {"geo.b"}, "geo.b": {"geo.a"}, "geo.c": {"geo.a"}}
    assert _cycle(graph) == ["geo.a", "geo.b", "geo.a"]


def test_extraction_and_the_curation_loop_share_the_resolver_chain() -> None:
    graph = _edges(_modules())
    assert "geo.places" in graph["geo.extraction.places"]
    assert "geo.places" in graph["geo.unresolved"]
    assert "geo.extraction" not in {m.rpartition(".")[0] for m in graph["geo.places"]}
    assert not {"geo.extraction", "geo.unresolved"} & graph["geo.places"]
