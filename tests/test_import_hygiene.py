"""The layers hold: the domain imports no UI, CLI or SQL; services and renderers no UI or CLI.

Each check runs in a fresh interpreter so that modules imported by other tests do not mask a
violation.
"""

import subprocess
import sys

import pytest

CHECKS = [
    ("slacheck.domain", {"textual", "click", "sqlite3", "sqlite_utils", "rich"}),
    # sqlite-utils imports click itself, so the services layer is checked statically below.
    ("slacheck.services", {"textual"}),
    ("slacheck.report", {"textual", "click", "sqlite3", "sqlite_utils"}),
]


def modules_loaded_by(package: str) -> set[str]:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print('\\n'.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.mark.parametrize("package, forbidden", CHECKS)
def test_layer_does_not_import(package, forbidden):
    assert modules_loaded_by(package) & forbidden == set()


def test_cli_start_does_not_import_textual():
    code = "import sys; from slacheck.cli import main; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_services_and_renderers_never_import_click_themselves():
    from pathlib import Path

    import slacheck

    root = Path(slacheck.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for folder in ("services", "report", "domain", "store", "config")
        for path in (root / folder).glob("*.py")
        if any(line.strip().startswith(("import click", "from click")) for line in path.read_text().splitlines())
    ]
    assert offenders == []
