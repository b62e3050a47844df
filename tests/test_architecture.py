"""The apps form a stack and imports only go down it.

A lower app never imports a higher one: where a lower app seems to need a higher one, the higher
one calls down instead (triage calls casework to open an episode; the project-level context
processor asks each app which staff areas to offer). Migrations are left out: their historical
state may name any model. The stack is written out here, not read from the code under test.
"""

import ast
from pathlib import Path

from django.apps import apps

PROJECT = Path(__file__).resolve().parent.parent / "familyhub"

# Bottom first. A new app takes its place here, above everything it uses.
STACK = [
    "places",
    "audit",
    "accounts",
    "notifications",
    "staffaccounts",
    "pages",
    "directory",
    "families",
    "frontdoor",
    "casework",
    "retention",
    "socialcare",
    "triage",
    "activities",
    "earlyeducation",
    "startforlife",
    "feedback",
    "dataprotection",
    "oversight",
    "insight",
    "home",
    "demo",
]


def imported_apps(source: str) -> set[str]:
    """The familyhub apps a module's source imports, by their folder name."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "familyhub" and len(parts) > 1:
                found.add(parts[1])
    return found


def upward_imports(root: Path, stack: list[str]) -> list[str]:
    """Every import in root/<app>/ of an app above <app>, as 'file: app imports higher'."""
    position = {app: index for index, app in enumerate(stack)}
    problems = []
    for path in sorted(root.glob("*/**/*.py")):
        relative = path.relative_to(root)
        app = relative.parts[0]
        if app not in position or "migrations" in relative.parts:
            continue
        for target in imported_apps(path.read_text()):
            if target in position and position[target] > position[app]:
                problems.append(f"{relative}: {app} imports {target}, which is above it")
    return problems


def test_no_app_imports_an_app_above_it():
    assert upward_imports(PROJECT, STACK) == []


def test_every_familyhub_app_has_a_place_in_the_stack():
    installed = {
        config.name.split(".")[1]
        for config in apps.get_app_configs()
        if config.name.startswith("familyhub.")
    }
    folders = {path.parent.name for path in PROJECT.glob("*/apps.py")}
    assert installed - set(STACK) == set()
    assert folders - set(STACK) == set()


def test_the_check_finds_an_upward_import(tmp_path):
    (tmp_path / "places").mkdir()
    (tmp_path / "places" / "models.py").write_text("from familyhub.casework import rules\n")
    (tmp_path / "casework").mkdir()
    (tmp_path / "casework" / "rules.py").write_text("import familyhub.places.models\n")
    (tmp_path / "places" / "migrations").mkdir()
    (tmp_path / "places" / "migrations" / "0001.py").write_text("import familyhub.casework\n")

    assert upward_imports(tmp_path, ["places", "casework"]) == [
        "places/models.py: places imports casework, which is above it"
    ]
