"""The desktop app builds from this checkout and passes its smoke test (packaging/smoke_test.sh: the
plan's files byte for byte what Python makes, the window's first paint offscreen, every library found,
the menu entry installed), and the folder stays under the size aim of README's performance table."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packaging.bundle_build import BundleBuild

SIZE_AIM_MIB = 120  # README's table and bench/run_all.py: "installed bundle < 120 MiB"


def _folder_mib(folder: Path) -> float:
    """Bytes of every file under ``folder`` (as ``du --apparent-size`` and bench/run_all.py), in MiB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def test_the_app_builds_and_passes_its_smoke_test(bundle_build: BundleBuild) -> None:
    done = bundle_build.wait()
    if done.returncode != 0:  # the build's own words, not pytest's repr of them
        pytest.fail(
            f"packaging/build.sh failed (exit {done.returncode}): {done.what_failed()}\nits last lines:\n{done.tail()}",
            pytrace=False,
        )
    if "smoke test: passed" not in done.output:
        pytest.fail(f"packaging/build.sh ran no smoke test; its last lines:\n{done.tail()}", pytrace=False)
    size = _folder_mib(done.app)
    assert size < SIZE_AIM_MIB, f"the app folder is {size:.0f} MiB, over the {SIZE_AIM_MIB} MiB aim"
