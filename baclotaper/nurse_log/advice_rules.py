"""The advice rules of ``resources/advice.toml`` as typed records, parsed once per process.

Every rule keeps its source and evidence tag, so the advice can say where each reason comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from baclotaper.common import data
from baclotaper.nurse_log.checklist import Suggests, Tier, all_items, as_suggests, as_tier, vital_signs
from baclotaper.taper.regimen import Route


@dataclass(frozen=True)
class Text:
    """A text shown to staff, with where it comes from."""

    text: str
    source: str
    tag: str
    headline: str = ""  # the few words in large print on the emergency banner ("" = the text)


@dataclass(frozen=True)
class VitalRule:
    sign: str
    vital: str
    at_least: bool
    value: float
    tier: Tier
    reason: str
    source: str
    tag: str
    suggests: Suggests = "withdrawal"

    def triggered_by(self, value: float) -> bool:
        return value >= self.value if self.at_least else value <= self.value


@dataclass(frozen=True)
class Combination:
    """Signs that together escalate: one sign of each list present -> ``tier``."""

    id: str
    name: str
    each_of: tuple[frozenset[str], ...]
    tier: Tier
    source: str
    tag: str

    def fires(self, signs: frozenset[str]) -> bool:
        return all(group & signs for group in self.each_of)


@dataclass(frozen=True)
class OnsetWindow:
    first_day: int
    last_day: int
    source: str
    tag: str


@dataclass(frozen=True)
class PumpEarly:
    items: frozenset[str]
    tier: Tier
    advice: Text


@dataclass(frozen=True)
class Rules:
    total_call_prescriber_at: int
    total_source: str
    total_tag: str
    hold_days: int
    proposals: Text
    retry_interval_factor: float
    retry_source: str
    retry_tag: str
    onset: Mapping[Route, OnsetWindow]
    vital_rules: tuple[VitalRule, ...]
    combinations: tuple[Combination, ...]
    mixed_at_least: Tier
    mixed: Text
    # Pump signs meaning delivery has stopped: withdrawal evidence when overdose signs are present too
    # (their source and tag are beside them in advice.toml).
    delivery_stopped: frozenset[str]
    # Items after which overdose is as likely as withdrawal (a pump refill): "both" signs are mixed.
    overdose_context: frozenset[str]
    renal: Text
    pump_early: PumpEarly
    pump_alarms: Mapping[str, Text]
    # Keys: emergency_<route>, overdose_emergency_<route>, mixed_<route>, overdose_call,
    # call_prescriber, monitor, none.
    banners: Mapping[str, str]
    banner_texts: Mapping[str, Text]
    onset_note: str
    # The paper checklist's section headings: emergency, overdose_emergency, overdose_call,
    # call_prescriber, monitor.
    paper_headings: Mapping[str, Text]


def _text(raw: Mapping[str, Any]) -> Text:
    text = str(raw["text"])
    return Text(text=text, source=str(raw["source"]), tag=str(raw["tag"]), headline=str(raw.get("headline", text)))


def _vital_rule(raw: Mapping[str, Any], known_vitals: frozenset[str]) -> VitalRule:
    when = str(raw["when"])
    if when not in ("at_least", "at_most"):
        raise ValueError(f"advice.toml: 'when' must be at_least or at_most, not {when!r}")
    vital = str(raw["vital"])
    if vital not in known_vitals:
        raise ValueError(f"advice.toml: unknown vital sign {vital!r}")
    return VitalRule(
        sign=str(raw["sign"]),
        vital=vital,
        at_least=when == "at_least",
        value=float(raw["value"]),
        tier=as_tier(str(raw["tier"])),
        reason=str(raw["reason"]),
        source=str(raw["source"]),
        tag=str(raw["tag"]),
        suggests=as_suggests(str(raw["suggests"])),
    )


def _combination(raw: Mapping[str, Any], known: frozenset[str]) -> Combination:
    groups = tuple(frozenset(str(s) for s in group) for group in raw["each_of"])
    unknown = sorted(s for group in groups for s in group if s not in known)
    if unknown or len(groups) < 2:
        raise ValueError(f"advice.toml: combination {raw['id']}: unknown signs {unknown} or fewer than 2 lists")
    return Combination(
        id=str(raw["id"]),
        name=str(raw["name"]),
        each_of=groups,
        tier=as_tier(str(raw["tier"])),
        source=str(raw["source"]),
        tag=str(raw["tag"]),
    )


def _banners(raw: Mapping[str, Any]) -> dict[str, Text]:
    texts: dict[str, Text] = {}
    for key in ("emergency", "overdose_emergency", "mixed"):
        for route in Route:
            texts[f"{key}_{route.value}"] = _text(raw[key][route.value])
    for key in ("overdose_call", "call_prescriber", "monitor", "none"):
        texts[key] = _text(raw[key])
    return texts


@cache
def rules() -> Rules:
    """The advice rules, parsed and checked once per process."""
    raw = data.load("advice")
    known_vitals = frozenset(v.id for v in vital_signs())
    vital_rules = tuple(_vital_rule(r, known_vitals) for r in raw["vital_rules"])
    items = frozenset(item.id for item in all_items())
    signs = items | {r.sign for r in vital_rules}
    pump_items = frozenset(str(i) for i in raw["pump_early"]["items"])
    alarms = {str(k): _text(v) for k, v in raw["pump_alarms"].items()}
    stopped = frozenset(str(i) for i in raw["mixed"]["delivery_stopped"])
    context = frozenset(str(i) for i in raw["mixed"]["overdose_context"])
    if not pump_items <= items or not set(alarms) <= items or not stopped | context <= set(alarms):
        raise ValueError(
            "advice.toml: pump_early items and pump_alarms must be checklist item ids, "
            "and mixed.delivery_stopped and mixed.overdose_context pump items with a text"
        )
    banner_texts = _banners(raw["banners"])
    return Rules(
        total_call_prescriber_at=int(raw["total"]["call_prescriber_at"]),
        total_source=str(raw["total"]["source"]),
        total_tag=str(raw["total"]["tag"]),
        hold_days=int(raw["hold"]["days"]),
        proposals=Text("", str(raw["proposals"]["source"]), str(raw["proposals"]["tag"])),
        retry_interval_factor=float(raw["step_back"]["retry_interval_factor"]),
        retry_source=str(raw["step_back"]["source"]),
        retry_tag=str(raw["step_back"]["tag"]),
        onset={
            Route(route): OnsetWindow(
                first_day=int(w["first_day"]),
                last_day=int(w["last_day"]),
                source=str(w["source"]),
                tag=str(w["tag"]),
            )
            for route, w in raw["onset"].items()
        },
        vital_rules=vital_rules,
        combinations=tuple(_combination(c, signs) for c in raw["combinations"]),
        mixed_at_least=as_tier(str(raw["mixed"]["at_least"])),
        mixed=Text("", str(raw["mixed"]["source"]), str(raw["mixed"]["tag"])),
        delivery_stopped=stopped,
        overdose_context=context,
        renal=_text(raw["renal"]),
        pump_early=PumpEarly(
            items=pump_items, tier=as_tier(str(raw["pump_early"]["tier"])), advice=_text(raw["pump_early"])
        ),
        pump_alarms=alarms,
        banners={key: text.text for key, text in banner_texts.items()},
        banner_texts=banner_texts,
        onset_note=str(raw["onset_note"]["text"]),
        paper_headings={str(key): _text(value) for key, value in raw["paper_headings"].items()},
    )
