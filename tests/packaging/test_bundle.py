"""The desktop app builds from this checkout and passes its smoke test (packaging/smoke_test.sh: the
plan's files byte for byte what Python makes, the window's first paint offscreen, every library found,
the menu entry installed), and the folder stays under the size aim of README's performance table."""

from __future__ import annotations

from pathlib import Path

from tests.packaging.bundle_build import BundleBuild

SIZE_AIM_MIB = 120  # README's table and bench/run_all.py: "installed bundle < 120 MiB"


def _folder_mib(folder: Path) -> float:
    """Bytes of every file under ``folder`` (as ``du --apparent-size`` and bench/run_all.py), in MiB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def test_the_app_builds_and_passes_its_smoke_test(bundle_build: BundleBuild) -> None:
    done = bundle_build.wait()
    assert done.returncode == 0, f"packaging/build.sh failed (exit {done.returncode}); its last lines:\n{done.tail()}"
    assert "smoke test: passed" in done.output, f"the smoke test did not run; build.sh said:\n{done.tail()}"
    size = _folder_mib(done.app)
    assert size < SIZE_AIM_MIB, f"the app folder is {size:.0f} MiB, over the {SIZE_AIM_MIB} MiB aim"
