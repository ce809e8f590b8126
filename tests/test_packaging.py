"""The installed package is complete: a wheel built from setup.py carries what a site needs
at run time, migrations first (issue 10, defect 9: only editable installs could migrate)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "ckanext-digicanvis" / "ckanext" / "digicanvis"
# What setup.py maps into the ckanext.digicanvis namespace, and what it reads to build.
SOURCES = ("setup.py", "pyproject.toml", "ckanext-digicanvis", "harvest", "schemas")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """A wheel built offline from a copy of the sources (building in the clone would leave an
    egg-info there that shadows the editable install's entry points)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "vendor"))
        else:
            shutil.copy2(path, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "--disable-pip-version-check", "-q", "-w", str(out), str(source)], check=True, timeout=300)
    (built,) = out.glob("ckanext_digicanvis-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


def in_wheel(folder: Path) -> set[str]:
    """The files under an extension folder as the wheel names them."""
    return {f"ckanext/digicanvis/{path.relative_to(EXTENSION).as_posix()}"
            for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts}


def test_the_wheel_carries_every_migration(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    migrations = in_wheel(EXTENSION / "migration")

    assert "ckanext/digicanvis/migration/digicanvis/env.py" in migrations
    assert any("/versions/" in name for name in migrations)
    assert migrations <= names, sorted(migrations - names)


def test_the_wheel_carries_templates_translations_data_and_schemas(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())

    for folder in ("templates", "data"):
        assert in_wheel(EXTENSION / folder) <= names, folder
    assert "ckanext/digicanvis/config_declaration.yaml" in names
    assert "ckanext/digicanvis/assets/map.js" in names
    assert any(name.endswith("/LC_MESSAGES/ckanext-digicanvis.po") for name in names)
    assert {"ckanext/digicanvis/schemas/project.yaml", "ckanext/digicanvis/schemas/local_body.yaml"} <= names
