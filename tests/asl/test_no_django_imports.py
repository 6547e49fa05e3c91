"""engine/asl stays pure Python: no module below it imports Django (STYLE.md section 2)."""

from __future__ import annotations

import ast
from pathlib import Path

ASL = Path(__file__).resolve().parents[2] / "engine" / "asl"


def _imported_modules(source: str) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def _imports_django(source: str) -> bool:
    return any(name == "django" or name.startswith("django.") for name in _imported_modules(source))


def test_no_module_under_engine_asl_imports_django() -> None:
    files = sorted(ASL.rglob("*.py"))
    assert files, f"no Python files found under {ASL}"
    offenders = [str(path.relative_to(ASL)) for path in files if _imports_django(path.read_text())]
    assert offenders == []


def test_the_check_sees_every_import_form() -> None:
    assert _imports_django("import django")
    assert _imports_django("from django.db import models")
    assert _imports_django("def f():\n    import django.conf as c\n")
    assert _imports_django("try:\n    from django import forms\nexcept ImportError:\n    pass\n")


def test_the_check_ignores_lookalikes() -> None:
    assert not _imports_django("import djangorestframework_like")
    assert not _imports_django("from . import django")
    assert not _imports_django("text = 'import django'")
