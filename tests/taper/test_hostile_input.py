"""What the engine refuses from any caller (the window, the plan file, a script): one message
naming the field, never a traceback or a plan that cannot be reopened."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from baclotaper.common.errors import InputError
from baclotaper.taper import edits, planfile
from baclotaper.taper.build import build_plan
from baclotaper.taper.paces import PaceChanges
from baclotaper.taper.plan import PlanOptions
from tests.factories import plan, regimen


@pytest.mark.parametrize("split", [(math.nan,) * 3, (math.inf, 5.0, 5.0), (10.0, math.nan, 20.0)])
def test_a_split_that_is_not_numbers_is_refused_naming_the_split(split: tuple[float, ...]) -> None:
    with pytest.raises(InputError) as caught:
        build_plan(regimen(30, "tablets:5,10,20", split=split))
    assert caught.value.field == "split"


def test_a_target_that_is_not_a_number_is_refused_naming_the_target() -> None:
    with pytest.raises(InputError) as caught:
        build_plan(regimen(30, "solution:1mg/ml", target=math.nan))
    assert caught.value.field == "target"


def test_a_plan_past_the_last_year_a_plan_file_holds_is_refused_when_built_and_when_held() -> None:
    slow = PlanOptions(pace=PaceChanges(percent=1, interval_days=90))
    with pytest.raises(InputError, match="after 2100-12-31") as caught:
        plan(1106, "intrathecal:500", "3y", slow, start=date(2027, 8, 30))
    assert caught.value.field == "interval_days"
    near = plan(60, "tablets:10,20", "2y", PlanOptions(pace=PaceChanges(interval_days=90)), start=date(2098, 3, 1))
    assert near.stop_date.year == 2100
    assert planfile.loads(json.dumps(planfile.file_dict(near))).stop_date == near.stop_date
    with pytest.raises(InputError, match="after 2100-12-31") as caught:
        edits.insert_hold(near, 0, 90)
    assert caught.value.field == "days"
