"""Imports run one way: handbook (the base) <- accounts <- countries <- legal <- currency,
briefs <- demo; and no module imports inside a function to dodge a cycle (AppConfig.ready()
registering checks and signals is the one allowed place)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ["handbook", "accounts", "countries", "legal", "currency", "briefs", "demo"]
MAY_IMPORT = {
    "handbook": {"accounts"},  # the gate reads the session rules and the secretariat check
    "accounts": {"handbook"},
    "countries": {"handbook", "accounts"},
    "legal": {"handbook", "accounts", "countries"},
    "currency": {"handbook", "accounts", "countries", "legal"},
    "briefs": {"handbook", "accounts", "countries", "legal"},
    "demo": {"handbook", "accounts", "countries", "currency"},  # demo content logs test calls
}
# Known and not yet resolved (in code other work owns): accounts grants a correspondent's
# states through countries (accounts/access.py, accounts/services.py, with late imports), and
# the access-request form reuses the phone validator and the Country list of countries.
# Listed so that nothing else can join them unnoticed.
KNOWN_UPWARD = {
    ("accounts/access.py", "countries"),
    ("accounts/forms.py", "countries"),
    ("accounts/services.py", "countries"),
}


def modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text())


def imported_apps(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = {
        (path, other)
        for path, tree in modules(app)
        for other in imported_apps(tree) - MAY_IMPORT[app] - {app}
    }
    assert wrong <= KNOWN_UPWARD, sorted(wrong - KNOWN_UPWARD)


@pytest.mark.parametrize("app", ["handbook", "countries", "legal", "currency", "briefs", "demo"])
def test_no_import_inside_a_function_except_app_ready(app):
    late = []
    for path, tree in modules(app):
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if path.endswith("apps.py") and function.name == "ready":
                continue
            late += [
                f"{path}:{node.lineno}"
                for node in ast.walk(function)
                if isinstance(node, ast.Import | ast.ImportFrom)
            ]
    assert late == []
