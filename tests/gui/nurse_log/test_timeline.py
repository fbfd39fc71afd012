"""The timeline's data reduction (no Qt) and its painting, from a few entries to 50 000."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import cast

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from baclotaper.gui.nurse_log.colours import TIER_COLOURS
from baclotaper.gui.nurse_log.timeline_data import Series, TimelineData, reduce
from baclotaper.gui.nurse_log.timeline_view import BOTTOM, TOP, TimelineView
from baclotaper.nurse_log.checklist import Tier
from baclotaper.nurse_log.store import Timeline
from baclotaper.taper.plan import TaperPlan


def timeline(count: int, *, start: datetime, step: timedelta, emergency_at: int | None = None) -> Timeline:
    rng = random.Random(4)
    tiers = cast(tuple[Tier, ...], tuple("emergency" if i == emergency_at else "monitor" for i in range(count)))
    return Timeline(
        entry_ids=tuple(range(1, count + 1)),
        seconds=tuple((start + i * step).timestamp() for i in range(count)),
        totals=tuple(rng.randint(0, 6) for _ in range(count)),
        tiers=tiers,
        vitals={
            "temperature": tuple(None if i % 3 else round(rng.uniform(36, 38), 1) for i in range(count)),
            "heart_rate": tuple(float(rng.randint(60, 100)) for _ in range(count)),
            "systolic": (None,) * count,
            "diastolic": (None,) * count,
            "respiratory_rate": (None,) * count,
        },
    )


def test_reduce_keeps_every_peak_in_at_most_one_column_per_pixel() -> None:
    times = [float(i) for i in range(50_000)]
    values = [0.0] * 50_000
    values[12_345] = 9.0
    columns = reduce(Series(times, values), 0.0, 50_000.0, 400)
    assert len(columns) <= 400
    assert [c.x for c in columns] == sorted({c.x for c in columns})
    assert max(c.high for c in columns) == 9.0
    assert min(c.low for c in columns) == 0.0


def test_reduce_handles_empty_ranges_and_single_points() -> None:
    assert reduce(Series(), 0.0, 10.0, 100) == []
    assert reduce(Series([5.0], [2.0]), 0.0, 10.0, 0) == []
    assert reduce(Series([5.0], [2.0]), 6.0, 10.0, 100) == []
    (only,) = reduce(Series([5.0], [2.0]), 0.0, 10.0, 100)
    assert (only.x, only.first, only.low, only.high, only.last) == (50, 2.0, 2.0, 2.0, 2.0)
    # The last moment of the range lands in the last column, not past it.
    (edge,) = reduce(Series([10.0], [1.0]), 0.0, 10.0, 100)
    assert edge.x == 99


def test_timeline_data_leaves_out_missing_vitals_and_groups_by_tier() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    data = TimelineData.from_timeline(timeline(9, start=start, step=timedelta(hours=4), emergency_at=4))
    assert data.count == 9
    assert len(data.vitals["temperature"]) == 3
    assert len(data.vitals["heart_rate"]) == 9
    assert len(data.by_tier["emergency"]) == 1 and len(data.by_tier["monitor"]) == 8
    assert data.first == start.timestamp()
    empty = TimelineData()
    assert (empty.count, empty.first, empty.last) == (0, None, None)


def _in_total_band(image: QImage, colour: str) -> bool:
    """Whether ``colour`` is painted in the checklist-total band (below the legend, above the vitals)."""
    wanted = QColor(colour).rgb()
    band_bottom = TOP + int((image.height() - TOP - BOTTOM) * 0.35)
    return any(image.pixel(x, y) == wanted for x in range(image.width()) for y in range(TOP + 2, band_bottom))


def test_the_view_draws_50000_entries_with_the_emergency_on_top(qtbot: QtBot, oral_plan: TaperPlan) -> None:
    start = datetime.now(UTC) - timedelta(hours=4 * 50_000)
    data = TimelineData.from_timeline(timeline(50_000, start=start, step=timedelta(hours=4), emergency_at=49_990))
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(640, 380)
    view.set_data(data, oral_plan)
    view.set_dates(None, date.today())
    assert _in_total_band(view.grab().toImage(), TIER_COLOURS["emergency"])
    assert view.accessibleDescription().startswith("50000 entries")
    view.set_data(TimelineData.from_timeline(timeline(50, start=start, step=timedelta(hours=4))), oral_plan)
    assert not _in_total_band(view.grab().toImage(), TIER_COLOURS["emergency"])


def test_the_view_says_when_a_range_is_empty(qtbot: QtBot, oral_plan: TaperPlan) -> None:
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.set_data(TimelineData(), oral_plan)
    view.set_dates(date.today() - timedelta(days=7), date.today())
    assert view.count_in(*view.span()) == 0
    assert view.accessibleDescription().startswith("0 entries")
    assert not view.grab().isNull()
    view.resize(40, 40)  # too small to draw: nothing breaks
    assert not view.grab().isNull()
