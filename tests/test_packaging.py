"""The desktop entry and AppStream metadata are valid and share one app ID."""

import ast
import os
import re
import subprocess
import tomllib
from pathlib import Path
from xml.etree import ElementTree

from baclotaper import __version__
from baclotaper.common.data import resource_path
from baclotaper.common.paths import APP_ID

PACKAGING = Path(__file__).resolve().parents[1] / "packaging"


def test_desktop_entry_is_valid() -> None:
    desktop = PACKAGING / f"{APP_ID}.desktop"
    result = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    assert f"Icon={APP_ID}" in desktop.read_text()


def test_appstream_metadata_is_valid() -> None:
    metainfo = PACKAGING / f"{APP_ID}.metainfo.xml"
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
    assert f"<id>{APP_ID}</id>" in metainfo.read_text()
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in metainfo.read_text()


def test_icon_and_installer_use_the_same_id() -> None:
    assert resource_path(f"icons/{APP_ID}.svg").is_file()
    spec = (PACKAGING / "baclotaper.spec").read_text()
    assert re.search(rf'APP_ID = "{re.escape(APP_ID)}"', spec)


# ----- one version, and what the bundle leaves out

ROOT = PACKAGING.parent


def _spec_list(name: str) -> list[str]:
    """A list of strings assigned at the top of the PyInstaller spec (the spec is not importable)."""
    tree = ast.parse((PACKAGING / "baclotaper.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return [str(ast.literal_eval(element)) for element in getattr(node.value, "elts", [])]
    raise AssertionError(f"{name} is not in the spec")


def _app_imports() -> set[str]:
    """Every module the app's code imports (at the top or in a function)."""
    found: set[str] = set()
    for path in (ROOT / "baclotaper").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
    return found


def test_the_version_comes_from_one_place() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "baclotaper.__version__"}
    releases = ElementTree.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot().findall("releases/release")
    assert releases[0].get("version") == __version__  # the newest release is the app's version
    assert releases[0].find("description") is not None  # with its release notes


def test_the_metainfo_screenshots_are_in_docs() -> None:
    root = ElementTree.parse(PACKAGING / f"{APP_ID}.metainfo.xml").getroot()
    images = [image.text or "" for image in root.iter("image")]
    assert len(images) >= 2
    for url in images:
        assert (ROOT / "docs" / "screenshots" / url.rsplit("/", 1)[-1]).is_file(), url


def test_the_bundle_leaves_out_nothing_the_app_imports() -> None:
    imports = _app_imports()
    for module in _spec_list("EXCLUDED_MODULES"):
        users = [name for name in imports if name == module or name.startswith(f"{module}.")]
        assert not users, f"the spec leaves out {module}, which the app imports"
    qt_modules = {name.split(".")[1] for name in imports if name.startswith("PySide6.Qt")}
    assert {"QtCore", "QtGui", "QtWidgets", "QtPdf", "QtPrintSupport"} <= qt_modules
    patterns = _spec_list("EXCLUDED_BINARIES")
    for qt in qt_modules:
        for path in (f"PySide6/Qt/lib/libQt6{qt[2:]}.so.6", f"PySide6/{qt}.abi3.so"):
            assert not any(re.search(p, path) for p in patterns), f"the spec leaves out {path}"
    for kept in ("PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqwayland.so",
                 "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
                 "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
                 "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so"):  # fmt: skip
        assert not any(re.search(p, kept) for p in patterns), f"the spec leaves out {kept}"
    assert any(re.search(p, "PySide6/Qt/lib/libQt6Quick.so.6") for p in patterns)


def test_the_build_script_builds_and_smoke_tests() -> None:
    for name in ("build.sh", "smoke_test.sh", "install.sh"):
        script = PACKAGING / name
        assert os.access(script, os.X_OK), f"{name} is not executable"
        result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    build = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    assert "packaging/baclotaper.spec" in build and "smoke_test.sh" in build
    smoke = (PACKAGING / "smoke_test.sh").read_text(encoding="utf-8")
    for check in ("--version", "--pdf", "BACLOTAPER_EXIT_AFTER_FIRST_PAINT=1", "QT_QPA_PLATFORM=offscreen", "ldd"):
        assert check in smoke


def test_the_plan_file_type_is_registered_for_the_file_manager(tmp_path: Path) -> None:
    """shared-mime-info compiles the type; the desktop entry names it and opens the file it gets."""
    from baclotaper.taper.planfile import SUFFIX

    source = PACKAGING / f"{APP_ID}.mime.xml"
    packages = tmp_path / "packages"
    packages.mkdir()
    (packages / source.name).write_text(source.read_text())
    result = subprocess.run(["update-mime-database", "-V", str(tmp_path)], capture_output=True, text=True, check=False)
    # It always notes that a temporary folder is not in XDG_DATA_DIRS; anything else is a problem.
    problems = [line for line in result.stderr.splitlines() if "rror" in line or "arning" in line or "nvalid" in line]
    assert result.returncode == 0 and not problems, result.stderr
    globs = (tmp_path / "globs2").read_text()
    assert f"application/x-baclotaper-plan:*{SUFFIX}" in globs
    assert (tmp_path / "application" / "x-baclotaper-plan.xml").is_file()
    desktop = (PACKAGING / f"{APP_ID}.desktop").read_text()
    assert "MimeType=application/x-baclotaper-plan;" in desktop
    assert re.search(r"^Exec=baclotaper %f$", desktop, re.MULTILINE)
