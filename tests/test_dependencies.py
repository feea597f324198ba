"""The apps depend on each other one way: common at the bottom, then municipalities,
surveys, reports and privacy beside each other above surveys, and emognad (settings,
urls) on top. A module that imports upwards fails here with its name and import."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BELOW = {
    "common": set(),
    "municipalities": {"common"},
    "surveys": {"common", "municipalities"},
    "reports": {"common", "municipalities", "surveys"},
    "privacy": {"common", "municipalities", "surveys"},
    "emognad": {"common", "municipalities", "surveys", "reports", "privacy"},
}


def imported_apps(path: Path) -> set[tuple[str, str]]:
    """(app, the module named) for every project import in the file, lazy ones included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {(name.split(".")[0], name) for name in names if name.split(".")[0] in BELOW}
    return found


@pytest.mark.parametrize("app", sorted(BELOW))
def test_an_app_imports_only_the_apps_below_it(app):
    upwards = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for other, module in imported_apps(path)
        if other != app and other not in BELOW[app]
    ]

    assert upwards == []
