"""The rules of the house that code can check: a Qt-free core, data that ships with the package."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import baclotaper

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(baclotaper.__file__).parent


def _rooms() -> set[str]:
    """The package's top-level rooms (taper, nurse_log, exports, cli, common, gui) and lone modules."""
    names = set()
    for path in PACKAGE.iterdir():
        if path.name.startswith(("_", ".")):
            continue
        if path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists()):
            names.add(f"baclotaper.{path.stem}")
    return names


def _core_modules() -> set[str]:
    return _rooms() - {"baclotaper.gui"}


def _packages() -> set[str]:
    return {"baclotaper." + ".".join(p.parent.relative_to(PACKAGE).parts) for p in PACKAGE.rglob("*/__init__.py")}


def _contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {str(c["name"]): c for c in config["tool"]["importlinter"]["contracts"]}


def test_the_import_contract_covers_every_core_module() -> None:
    contract = _contracts()["The core never imports Qt"]
    assert "PySide6" in contract["forbidden_modules"]
    missing = _core_modules() - set(contract["source_modules"])
    assert not missing, f"add these core modules to the import-linter contract: {sorted(missing)}"


def test_the_layers_name_every_room() -> None:
    """A new room (or a module dropped at the top level) must be placed in the layers."""
    contracts = _contracts()
    assert _rooms() == {
        "baclotaper.common",
        "baclotaper.taper",
        "baclotaper.nurse_log",
        "baclotaper.exports",
        "baclotaper.cli",
        "baclotaper.gui",
    }, "place the new room in the import-linter layer contracts and in this list"
    engine = contracts["The taper engine never imports the log, the exports, the command line or the window"]
    assert set(engine["forbidden_modules"]) >= _rooms() - {"baclotaper.taper", "baclotaper.common"}
    helpers = contracts["The common helpers import no room"]
    common = {f"baclotaper.common.{p.stem}" for p in (PACKAGE / "common").glob("[!_]*.py")}
    assert common - set(helpers["source_modules"]) == {"baclotaper.common.settings"}


def test_every_package_is_checked_for_import_circles() -> None:
    acyclic = _contracts()["No import circles inside the core or the window"]
    missing = {p for p in _packages() if any((PACKAGE.joinpath(*p.split(".")[1:])).glob("*.py"))} - set(
        acyclic["ancestors"]
    )
    assert not missing, f"add to the acyclic contract's ancestors: {sorted(missing)}"


def test_the_import_contract_is_kept() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_runs_without_loading_qt() -> None:
    modules = sorted(_core_modules())
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + ("bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\nassert not bad, bad\n")
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_resources_are_found_from_an_installed_wheel(tmp_path: Path) -> None:
    """Built and installed away from the checkout, the package still finds its data."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("baclotaper-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"baclotaper/resources/{p.name}" for p in (ROOT / "resources").glob("*.toml")}
    assert shipped <= names
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(site)}
    probe = (
        "import baclotaper, baclotaper.common.data as d\n"
        "assert str(baclotaper.__file__).startswith(" + repr(str(site)) + "), baclotaper.__file__\n"
        "print(sorted(d.load('paces')['presets'])[0], d.load('products')['tablets']['default_strengths'])\n"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r})\n" + probe],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    ).stdout
    assert out.strip() == "cautious [5, 10, 15, 20]"


def test_every_package_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        "baclotaper." + ".".join(p.parent.relative_to(PACKAGE).parts) if p.parent != PACKAGE else "baclotaper"
        for p in PACKAGE.rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
