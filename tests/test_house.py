"""The house: how the package is put together."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO


def import_graph() -> dict[str, set[str]]:
    """Each module of tui/ and the modules of tui/ it imports, anywhere in it
    (at the top, inside a function, or for type checking only)."""
    modules = {}
    for path in (REPO / "tui").rglob("*.py"):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                found.append([*path[path.index(dep) :], dep])
            elif dep not in state:
                visit(dep)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_no_import_cycle_in_tui():
    graph = import_graph()
    assert "tui.app" in graph and "tui.widgets.commands" in graph
    assert cycles(graph) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c", "a"]]


# -- the fast path in one place -------------------------------------------------

FAST = REPO / "tui" / "fast"


def textual_private_names() -> tuple[set[str], set[str]]:
    """(every underscored name Textual defines: methods, attributes, module
    names; its underscored modules)."""
    import textual

    root = Path(textual.__file__).parent
    names: set[str] = set()
    modules: set[str] = set()
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if any(part.startswith("_") and not part.startswith("__") for part in parts):
            modules.add(".".join(parts).removesuffix(".__init__"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = node.name
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                name = node.attr
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                name = node.id
            else:
                continue
            if name.startswith("_") and not name.startswith("__"):
                names.add(name)
    return names, modules


def private_uses(source: str, names: set[str]) -> list[tuple[int, str]]:
    """Where ``source`` names a Textual private module or name: imports of
    ``textual._x`` or of an underscored name from Textual; and, in a module
    that imports Textual at all, any attribute, method or class attribute
    called like one of Textual's private names (reading one, overriding one,
    or setting one on a Textual object: all the same risk)."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    uses_textual = False
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "textual":
            uses_textual = True
            if any(part.startswith("_") for part in node.module.split(".")):
                found.append((node.lineno, f"imports {node.module}"))
            found += [(node.lineno, f"imports {alias.name}") for alias in node.names if alias.name.startswith("_")]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "textual":
                    uses_textual = True
                    if any(part.startswith("_") for part in parts):
                        found.append((node.lineno, f"imports {alias.name}"))
    if not uses_textual:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in names:
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in names:
                    found.append((item.lineno, f"def {item.name}"))
                targets = item.targets if isinstance(item, ast.Assign) else [getattr(item, "target", None)]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id in names:
                        found.append((item.lineno, f"{target.id} ="))
    return sorted(set(found))


def test_nothing_outside_the_fast_path_names_a_textual_private():
    names, _ = textual_private_names()
    assert {"_compositor", "_dirty_widgets", "_on_key", "_bindings"} <= names  # the list is real
    offences = []
    for folder in ("tui", "tests", "bench"):
        for path in sorted((REPO / folder).rglob("*.py")):
            if path.is_relative_to(FAST):
                continue
            for line, what in private_uses(path.read_text(encoding="utf-8"), names):
                offences.append(f"{path.relative_to(REPO)}:{line}: {what}")
    assert not offences, "\n".join(offences)


def test_the_private_name_finder_finds_them():
    names = {"_compositor", "_on_key", "_bindings", "_nodes"}
    source = (
        "from textual.widget import Widget\n"
        "from textual._compositor import Compositor\n"
        "from textual.app import _private\n"
        "class W(Widget):\n"
        "    _nodes = 1\n"
        "    async def _on_key(self, event): pass\n"
        "    def ok(self): return self.screen._compositor\n"
        "    def _mine(self): return self._bindings\n"
    )
    assert [what for _, what in private_uses(source, names)] == [
        "imports textual._compositor",
        "imports _private",
        "_nodes =",
        "def _on_key",
        "._compositor",
        "._bindings",
    ]
    assert private_uses("class Lock:\n    def _lock(self): return self._nodes\n", names) == []


#: The core: what a board is and what the user chose and did. No Textual in it,
#: so the command line, the tests and whatever comes next can use it alone.
CORE = [
    "bodies",
    "body_text",
    "browse",
    "clipboard",
    "config",
    "dirs",
    "editor",
    "export",
    "fact_filters",
    "facts",
    "fields",
    "filters",
    "hunt_view",
    "jobs",
    "library",
    "marks",
    "posting",
    "reposts",
    "search",
    "session",
    "site",
    "store",
    "text",
]


def test_the_core_never_imports_textual():
    graph = import_graph()
    for name in CORE:
        module = f"tui.{name}"
        reached, todo = set(), [module]
        while todo:
            node = todo.pop()
            if node not in reached:
                reached.add(node)
                todo.extend(graph[node])
        assert {m for m in reached if m != "tui" and m.removeprefix("tui.") not in CORE} == set(), module
        for path in reached:
            file = REPO / ("tui/__init__.py" if path == "tui" else path.replace(".", "/") + ".py")
            source = file.read_text(encoding="utf-8")
            tree = ast.parse(source)
            imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
            imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            assert not {m for m in imported if m.split(".")[0] in ("textual", "rich")}, path


def test_loading_a_board_loads_no_textual():
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from tui import session, store, config; "
        "s = session.Session(Path(sys.argv[1]), config.Config(), store.StateStore(), None); "
        "s.take(s.load(lambda done, total: None)); assert s.count == 5; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "data")], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip() == "[]"


# -- sizes ------------------------------------------------------------------------

#: The main screen composes and routes; the work is in tui/parts/.
MAIN_SCREEN_LINES = 300
CLASS_LINES = 300
#: Classes over CLASS_LINES already, capped at their size: they may shrink, not grow.
KNOWN_LARGE = {
    "tui/marks.py:Marks": 660,
    "tui/bodies.py:BodyIndex": 417,
    "tui/widgets/posting_detail.py:PostingDetail": 388,
}


def class_sizes() -> dict[str, int]:
    """Lines of every class in tui/ (nested ones too), by "path:Name"."""
    sizes = {}
    for path in sorted((REPO / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno is not None
                sizes[f"{path.relative_to(REPO).as_posix()}:{node.name}"] = node.end_lineno - node.lineno + 1
    return sizes


def test_the_main_screen_and_every_class_stay_small():
    lines = len((REPO / "tui" / "main_screen.py").read_text(encoding="utf-8").splitlines())
    assert lines <= MAIN_SCREEN_LINES, f"tui/main_screen.py has {lines} lines: move the work into tui/parts/"
    sizes = class_sizes()
    assert set(KNOWN_LARGE) <= set(sizes)  # the exceptions are real (a class renamed: update them)
    over = {name: size for name, size in sizes.items() if size > KNOWN_LARGE.get(name, CLASS_LINES)}
    assert not over, over
