"""The engine's Django layer imports without cycles: any module can be imported first.

runtime, inline, taskbodies, resources/activity and activities once imported each other at
module level (runtime → runners → inline → taskbodies → runtime, activity → activities →
runtime); this keeps them apart.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "engine"
FIRST_IMPORTS = [
    "engine.runtime",
    "engine.inline",
    "engine.taskbodies",
    "engine.resources.activity",
    "engine.activities",
    "engine.store",
    "engine.resources.subworkflow",
]


@pytest.mark.parametrize("module", FIRST_IMPORTS)
def test_each_module_imports_first_in_a_fresh_process(module: str) -> None:
    code = f"import django; django.setup(); import {module}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "baton.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_the_engine_layer_has_no_import_cycle() -> None:
    graph = module_graph()
    cycle = find_cycle(graph)
    assert cycle is None, " → ".join(cycle or [])


def test_the_listed_modules_import_none_inside_functions() -> None:
    """What the cycle used to force: imports of engine modules tucked into function bodies."""
    for module in FIRST_IMPORTS:
        tree = ast.parse(source_of(module).read_text())
        inner = [
            node.lineno
            for top in tree.body
            if isinstance(top, ast.FunctionDef | ast.ClassDef)
            for node in ast.walk(top)
            if isinstance(node, ast.ImportFrom) and (node.level or _in_engine(node.module))
        ]
        assert inner == [], f"{module} imports inside a function at lines {inner}"


def module_graph() -> dict[str, set[str]]:
    """Engine module → the engine modules it imports at module level (engine.asl left out)."""
    graph: dict[str, set[str]] = {}
    for path in ENGINE.rglob("*.py"):
        relative = path.relative_to(ROOT).with_suffix("")
        if {"asl", "migrations"} & set(relative.parts):
            continue
        parts = list(relative.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        package = parts if is_package else parts[:-1]
        graph[".".join(parts)] = set(_imports(ast.parse(path.read_text()), package))
    known = set(graph)
    return {name: {d for d in deps if d in known and d != name} for name, deps in graph.items()}


def _imports(tree: ast.Module, package: list[str]) -> list[str]:
    found = []
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
        elif _in_engine(node.module):
            target = str(node.module)
        else:
            continue
        for alias in node.names:  # `from . import runtime` names a module, not the package
            submodule = f"{target}.{alias.name}"
            found.append(submodule if _is_module(submodule) else target)
    return found


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path of modules, or None (depth-first search)."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = "open"
        path.append(name)
        for dep in sorted(graph[name]):
            if state.get(dep) == "open":
                return path[path.index(dep) :] + [dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        state[name] = "done"
        path.pop()
        return None

    for name in sorted(graph):
        if name not in state and (cycle := visit(name)):
            return cycle
    return None


def source_of(module: str) -> Path:
    path = ROOT.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _in_engine(module: str | None) -> bool:
    return module is not None and (module == "engine" or module.startswith("engine."))


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
