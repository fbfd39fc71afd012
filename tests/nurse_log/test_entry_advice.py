"""A saved entry's advice, worked out again from what it recorded: what the window shows for the
latest entry and an open emergency, and what ``log revise --entry`` checks against."""

from datetime import UTC, datetime

from baclotaper.nurse_log.checklist import Tier
from baclotaper.nurse_log.entry_advice import entry_advice
from baclotaper.nurse_log.store import LogEntry
from baclotaper.taper.regimen import Route

OBSERVED = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)


def saved(scores: dict[str, int], tier: Tier, vitals: dict[str, float] | None = None, days: int | None = 2) -> LogEntry:
    return LogEntry(
        id=7, patient_id=1, plan_id=1, revision=1, step_index=1, days_since_cut=days,
        observed_at=OBSERVED, recorded_at=OBSERVED, recorded_by="AB", scores=scores, vitals=vitals or {},
        spasticity=None, notes="", tier=tier, total=sum(scores.values()), supersedes=None, superseded_by=None,
    )  # fmt: skip


def test_confusion_after_a_refill_stays_mixed_on_screen_with_nothing_to_accept() -> None:
    advice = entry_advice(saved({"confusion": 2, "pump_refill_or_rate_increase": 1}, "emergency"), Route.INTRATHECAL)
    assert (advice.tier, advice.picture) == ("emergency", "mixed")
    assert advice.banner.startswith("EMERGENCY ASSESSMENT NOW")
    assert advice.proposals == ()


def test_an_overdose_recorded_as_an_emergency_keeps_its_words_and_offers_no_step_back() -> None:
    # Drowsiness alone is "call the prescriber" today; recorded as an emergency it stays one.
    advice = entry_advice(saved({"drowsiness": 1}, "emergency"), Route.ORAL)
    assert advice.tier == "emergency"
    assert "OVERDOSE" in advice.banner and "Do NOT give more baclofen" in advice.banner
    assert advice.proposals == ()


def test_a_pump_entry_read_on_the_oral_checklist_leaves_out_the_pump_items_not_the_emergency() -> None:
    advice = entry_advice(saved({"pump_two_tone_alarm": 1, "insomnia": 1}, "emergency"), Route.ORAL)
    assert advice.tier == "emergency"
    assert {r.subject for r in advice.reasons} == {"insomnia"}


def test_a_stored_vital_outside_todays_entry_range_is_left_out_not_fatal() -> None:
    advice = entry_advice(saved({}, "call_prescriber", {"temperature": 29.0, "heart_rate": 115}), Route.ORAL)
    assert [r.subject for r in advice.reasons] == ["heart_rate"]
    assert advice.tier == "call_prescriber"
