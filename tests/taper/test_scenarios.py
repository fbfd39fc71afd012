"""Plans for patients as a prescriber would describe them."""

from datetime import date, timedelta

from baclotaper.taper.paces import PaceChanges
from baclotaper.taper.plan import PlanOptions
from baclotaper.taper.schedule import parse_weekdays
from tests.factories import codes, plan


def test_two_years_on_60_mg_tablets_tapers_cautiously_to_zero() -> None:
    p = plan(dose=60, product="tablets:10,20", on_therapy="2y")
    assert p.pace.key == "cautious"
    doses = [s.daily_dose for s in p.steps]
    assert doses[:3] == [55, 50, 45]  # 10 % of 60 is 6 mg: rounded to the smaller measurable cut, 5 mg
    assert doses[-1] == 0
    assert p.steps[0].start == date(2026, 12, 1)
    assert p.steps[0].days == 14
    first = {a.time: a.amount for a in p.steps[0].administrations}
    assert first == {  # 10 mg tablets measure every step: the 20 mg ones are not dispensed
        "morning": "2 × 10 mg tablets",
        "midday": "1 × 10 mg tablet + ½ × 10 mg tablet",
        "bedtime": "2 × 10 mg tablets",
    }
    assert p.steps[-2].administrations[0].time == "bedtime"  # the bedtime dose goes last
    assert "STEP_ABOVE_PRESET" in codes(p)  # 5 mg cuts near the end are more than 10 %


def test_a_liquid_allows_the_hyperbolic_tail() -> None:
    p = plan(dose=20, product="solution:1mg/ml", on_therapy="2y", per_day=2)
    tail = [s.daily_dose for s in p.steps if s.daily_dose <= 10]
    assert tail[:3] == [9.5, 9, 8.5]  # steps shrink to 0.5 mg (0.5 mL) near the end
    assert "LIQUID_CONCENTRATION" in codes(p)
    assert all("mg =" in a.amount and "mL of 1 mg/mL solution" in a.amount for s in p.steps for a in s.administrations)


def test_three_weeks_on_15_mg_comes_off_in_about_two_weeks() -> None:
    p = plan(dose=15, product="tablets:5,10", on_therapy="3w")
    assert p.pace.key == "label"
    assert 7 <= p.total_days <= 14
    assert "SHORT_THERAPY" in codes(p)


def test_alcohol_use_disorder_at_300_mg_comes_down_10_mg_every_2_days_to_80_then_slowly() -> None:
    p = plan(dose=300, product="tablets:10,20", on_therapy="1y", indication="alcohol", per_day=4)
    fast = [s for s in p.steps if s.daily_dose >= 80]
    assert [s.daily_dose for s in fast[:3]] == [290, 280, 270]
    assert all(s.days == 2 for s in fast[:-1])
    assert fast[-1].daily_dose == 80
    after = p.steps[len(fast)]
    assert after.daily_dose < 80
    assert fast[-1].days == 14  # the slow phase starts with the cautious interval
    assert {"ABOVE_MAX_DOSE", "ALCOHOL"} <= codes(p)
    assert 22 <= (fast[-1].start - p.steps[0].start).days <= 46  # 300 → 80 takes about a month (ANSM)


def test_intrathecal_900_mcg_is_weaned_by_percent_of_the_rate() -> None:
    p = plan(dose=900, product="intrathecal:500", on_therapy="6y")
    assert p.unit == "mcg/day"
    assert p.pace.key == "itb_gradual"
    assert p.steps[0].daily_dose == 810
    assert p.steps[0].administrations[0].amount == "810 mcg/day = 1.62 mL/day at 500 mcg/mL"
    assert p.steps[0].days == 7
    assert {"INTRATHECAL", "INTRATHECAL_STOP"} <= codes(p)
    assert p.warnings[0].severity == "danger"


def test_intrathecal_maintenance_target_keeps_the_pump_running() -> None:
    p = plan(dose=400, product="intrathecal:1000", on_therapy="3y", target=200)
    assert p.steps[-1].daily_dose == 200
    assert "INTRATHECAL_STOP" not in codes(p)


def test_risk_factors_each_give_their_warning_with_a_source() -> None:
    p = plan(dose=40, on_therapy="1y", age=78, egfr=35, pregnant=True, sedatives=True, prior_withdrawal=True)
    assert {"OLDER_ADULT", "RENAL", "PREGNANCY", "SEDATIVES", "WITHDRAWAL_HISTORY"} <= codes(p)
    assert all(w.source and w.tag in "LGPC" for w in p.warnings)
    renal = next(w for w in p.warnings if w.code == "RENAL")
    assert "eGFR 35" in renal.message


def test_no_cuts_on_fridays_or_weekends() -> None:
    avoid = parse_weekdays("fri,sat,sun")
    p = plan(dose=40, on_therapy="6m", options=PlanOptions(avoid_weekdays=avoid), start=date(2026, 12, 4))  # a Friday
    assert all(s.start.weekday() not in avoid for s in p.steps)
    assert p.steps[0].start == date(2026, 12, 7)  # moved to Monday, never earlier
    assert all(s.days is None or s.days >= 7 for s in p.steps)


def test_prescriber_speeding_up_is_flagged_with_the_default_named() -> None:
    p = plan(dose=60, on_therapy="2y", options=PlanOptions(pace=PaceChanges(step=20, interval_days=1)))
    found = codes(p)
    assert "PRESCRIBER_FASTER" in found
    assert "STEP_BEYOND_FACTS" in found
    beyond = [w for w in p.warnings if w.code == "STEP_BEYOND_FACTS"]
    assert any("at most 15 mg per step" in w.message for w in beyond)
    assert any("at least 2 days between cuts" in w.message for w in beyond)


def test_custom_steps_are_kept_and_continued_at_the_pace_to_the_target() -> None:
    # 10 mg/day is above the floor: tablets 10 and 20 mg come down one measurable step (5 mg) more.
    p = plan(dose=40, on_therapy="1y", options=PlanOptions(custom=((30, 10), (20, 10), (10, 14))))
    assert [(s.daily_dose, s.days) for s in p.steps] == [(30, 10), (20, 10), (10, 14), (5, 14), (0, None)]
    assert p.pace.key == "custom"


def test_an_uneven_split_is_respected() -> None:
    p = plan(dose=40, product="tablets:10,20", on_therapy="1y", split=(10, 10, 20))
    first = {a.time: a.dose for a in p.steps[0].administrations}
    assert first == {"morning": 10, "midday": 5, "bedtime": 20}  # midday first, bedtime kept


def test_dose_on_a_day_follows_the_calendar() -> None:
    p = plan(dose=60, on_therapy="2y")
    assert p.dose_on(date(2026, 11, 30)) == 60  # before the plan: the current dose
    assert p.dose_on(date(2026, 12, 14)) == 55
    assert p.dose_on(date(2026, 12, 15)) == 50
    assert p.dose_on(p.stop_date + timedelta(days=400)) == 0
