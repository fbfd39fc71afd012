"""The bundle is built while the rest of the suite runs: packaging/build.sh starts once the session's
tests are chosen (if the bundle test is among them), and the bundle test runs last, waiting for it."""

from __future__ import annotations

import pytest

from tests.packaging.bundle_build import BundleBuild

FIXTURE = "bundle_build"
_BUILD = pytest.StashKey[BundleBuild]()


def _builds(item: pytest.Item) -> bool:
    return FIXTURE in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_builds)  # stable: the bundle test(s) last, everything else in its order


def pytest_collection_finish(session: pytest.Session) -> None:
    if not session.config.option.collectonly and any(_builds(item) for item in session.items):
        session.config.stash[_BUILD] = BundleBuild()


def pytest_sessionfinish(session: pytest.Session) -> None:
    build = session.config.stash.get(_BUILD, None)
    if build is not None:
        build.stop()


@pytest.fixture(scope="session")
def bundle_build(request: pytest.FixtureRequest) -> BundleBuild:
    """The build started at collection (or now, if this test was chosen some other way)."""
    stash = request.config.stash
    if _BUILD not in stash:
        stash[_BUILD] = BundleBuild()
    return stash[_BUILD]
