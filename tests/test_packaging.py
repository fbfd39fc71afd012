"""The desktop entry and AppStream metadata are valid and share one app ID."""

import re
import subprocess
from pathlib import Path

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
