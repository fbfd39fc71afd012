"""The plan as JSON: what ``--format json`` prints and, with a schema version, the ``.baclotaper`` file."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from baclotaper import __version__
from baclotaper.common import atomic, paths
from baclotaper.common.errors import InputError, PlanFileError
from baclotaper.taper.build import build_plan, rebuild
from baclotaper.taper.durations import Duration
from baclotaper.taper.paces import PaceChanges
from baclotaper.taper.plan import PlanOptions, RevisionNote, TaperPlan
from baclotaper.taper.plan_check import check_document, check_plan, max_file_bytes
from baclotaper.taper.products import parse_product
from baclotaper.taper.pump import forecast
from baclotaper.taper.regimen import Indication, Regimen
from baclotaper.taper.schedule import WEEKDAY_NAMES
from baclotaper.taper.sequence import StepKind, StepSpec

SCHEMA_VERSION = 1
FORMAT_NAME = "baclotaper-plan"
SUFFIX = paths.PLAN_SUFFIX


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def regimen_to_dict(r: Regimen) -> dict[str, Any]:
    return {
        "route": str(r.route),
        "product": r.product.spec,
        "product_description": r.product.description,
        "daily_dose": _num(r.daily_dose),
        "per_day": r.administrations_per_day,
        "split": [_num(d) for d in r.split] if r.split is not None else None,
        "on_therapy": str(r.on_therapy),
        "start": r.start.isoformat(),
        "target": _num(r.target),
        "age": r.age,
        "egfr": r.egfr,
        "dialysis": r.dialysis,
        "prior_withdrawal": r.prior_withdrawal,
        "pregnant": r.pregnant,
        "due_date": r.due_date.isoformat() if r.due_date else None,
        "sedatives": r.sedatives,
        "spinal_injury_t6": r.spinal_injury_t6,
        "communication_difficulty": r.communication_difficulty,
        "indication": str(r.indication),
        "jurisdiction": r.jurisdiction,
        "details": dict(r.extra),
    }


def options_to_dict(o: PlanOptions) -> dict[str, Any]:
    return {
        "pace": o.pace.pace,
        "interval_days": o.pace.interval_days,
        "step": o.pace.step,
        "percent": o.pace.percent,
        "above_max_step": o.pace.above_max_step,
        "above_max_interval_days": o.pace.above_max_interval_days,
        "custom": [[_num(d), n] for d, n in o.custom] if o.custom is not None else None,
        "cut_order": list(o.cut_order) if o.cut_order else None,
        "avoid_weekdays": [WEEKDAY_NAMES[d] for d in sorted(o.avoid_weekdays)],
        "concentration_change": [_num(x) for x in o.concentration_change] if o.concentration_change else None,
        "all_strengths": o.all_strengths,
        "offered_strengths": [_num(x) for x in o.offered_strengths] if o.offered_strengths else None,
    }


def revision_to_dict(note: RevisionNote) -> dict[str, Any]:
    return {
        "number": note.number,
        "created": note.created.isoformat(),
        "author": note.author,
        "reason": note.reason,
        "changes": list(note.changes),
        "latest": note.latest,
    }


def revision_from_dict(d: Any) -> RevisionNote:
    if not isinstance(d, dict):
        raise PlanFileError("plan: 'revision' has the wrong type")
    try:
        created = datetime.fromisoformat(str(d["created"]))
        note = RevisionNote(
            number=int(d["number"]),
            created=created,
            author=str(d["author"]),
            reason=str(d.get("reason") or ""),
            changes=tuple(str(c) for c in d.get("changes", ())),
            latest=int(d["latest"]) if d.get("latest") is not None else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanFileError(f"plan: the revision details are damaged ({exc})") from None
    if note.number < 1 or created.tzinfo is None:
        raise PlanFileError("plan: the revision details are damaged (number below 1 or time without zone)")
    return note


def plan_to_dict(plan: TaperPlan) -> dict[str, Any]:
    """The plan as plain JSON-ready data; no timestamps (other than a saved revision's), so the
    same plan gives the same JSON."""
    revision = {"revision": revision_to_dict(plan.revision)} if plan.revision is not None else {}
    return _plan_dict(plan) | revision


def _plan_dict(plan: TaperPlan) -> dict[str, Any]:
    pace = plan.pace
    return {
        "unit": plan.unit,
        "route": str(plan.regimen.route),
        "regimen": regimen_to_dict(plan.regimen),
        "options": options_to_dict(plan.options),
        "pace": {
            "name": pace.key,
            "title": pace.title,
            "summary": pace.summary,
            "phases": [p.describe(plan.regimen.product.dose_unit) for p in pace.phases],
            "source": pace.source,
            "tag": pace.tag,
            "reasons": list(pace.reasons),
            "chosen_by": pace.chosen_by,
            "changes": list(pace.changes),
        },
        "starting_administrations": [asdict(a) | {"dose": _num(a.dose)} for a in plan.starting_administrations],
        "steps": [
            {
                "number": s.number,
                "start": s.start.isoformat(),
                "end": s.end.isoformat() if s.end else None,
                "days": s.days,
                "daily_dose": _num(s.daily_dose),
                "kind": str(s.kind),
                "note": s.note,
                "flags": list(s.flags),
                "administrations": [asdict(a) | {"dose": _num(a.dose)} for a in s.administrations],
            }
            for s in plan.steps
        ],
        "stop_date": plan.stop_date.isoformat(),
        "pump": _pump(plan),
        "warnings": [asdict(w) | {"steps": list(w.steps)} for w in plan.warnings],
    }


def _pump(plan: TaperPlan) -> dict[str, Any] | None:
    try:
        ahead = forecast(plan)
    except InputError:
        return None  # the plan carries a PUMP_DETAILS_INVALID warning instead
    if ahead is None:
        return None

    def day(d: date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "filled_on": day(ahead.filled_on),
        "volume_ml": _num(ahead.volume_ml),
        "low_volume_alarm_ml": _num(ahead.alarm_ml),
        "alarm_on": day(ahead.alarm_on),
        "empty_on": day(ahead.empty_on),
        "refill_from": day(ahead.refill_from),
        "refill_by": day(ahead.refill_by),
        "summary": ahead.describe(),
    }


def dumps(plan: TaperPlan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False)


def file_dict(plan: TaperPlan) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
    } | plan_to_dict(plan)


def save(plan: TaperPlan, path: Path) -> None:
    """Write the plan file atomically (a crash never leaves half a file)."""
    atomic.write_text(Path(path), json.dumps(file_dict(plan), indent=2, ensure_ascii=False) + "\n")


# ----- reading


def _need(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise PlanFileError(f"{where}: '{key}' is missing; the file is truncated or not a BacloTaper plan")
    value = obj[key]
    if not isinstance(value, kind):
        raise PlanFileError(f"{where}: '{key}' has the wrong type")
    return value


def regimen_from_dict(d: dict[str, Any]) -> Regimen:
    split = d.get("split")
    return Regimen(
        product=parse_product(str(d["product"])),
        daily_dose=float(d["daily_dose"]),
        on_therapy=Duration.parse(str(d["on_therapy"])),
        start=date.fromisoformat(str(d["start"])),
        per_day=int(d.get("per_day", 3)),
        split=tuple(float(x) for x in split) if split else None,
        target=float(d.get("target", 0)),
        age=d.get("age"),
        egfr=d.get("egfr"),
        dialysis=bool(d.get("dialysis", False)),
        prior_withdrawal=bool(d.get("prior_withdrawal", False)),
        pregnant=bool(d.get("pregnant", False)),
        due_date=date.fromisoformat(str(d["due_date"])) if d.get("due_date") else None,
        sedatives=bool(d.get("sedatives", False)),
        spinal_injury_t6=bool(d.get("spinal_injury_t6", False)),
        communication_difficulty=bool(d.get("communication_difficulty", False)),
        indication=Indication(d.get("indication", "spasticity")),
        jurisdiction=str(d.get("jurisdiction", "US")),
        extra={str(k): str(v) for k, v in (d.get("details") or {}).items()},
    )


def options_from_dict(d: dict[str, Any]) -> PlanOptions:
    custom = d.get("custom")
    return PlanOptions(
        pace=PaceChanges(
            pace=d.get("pace"),
            interval_days=d.get("interval_days"),
            step=d.get("step"),
            percent=d.get("percent"),
            above_max_step=d.get("above_max_step"),
            above_max_interval_days=d.get("above_max_interval_days"),
        ),
        custom=tuple((float(a), int(b)) for a, b in custom) if custom else None,
        cut_order=tuple(d["cut_order"]) if d.get("cut_order") else None,
        avoid_weekdays=frozenset(WEEKDAY_NAMES.index(x) for x in d.get("avoid_weekdays") or ()),
        concentration_change=_pair(d.get("concentration_change")),
        all_strengths=bool(d.get("all_strengths", False)),
        offered_strengths=tuple(float(x) for x in d["offered_strengths"]) if d.get("offered_strengths") else None,
    )


def _pair(value: Any) -> tuple[float, float] | None:
    if not value:
        return None
    rate, strength = value
    return float(rate), float(strength)


def plan_from_dict(doc: dict[str, Any]) -> TaperPlan:
    """Rebuild a plan from its JSON: the regimen and options, then the saved steps as they were
    (hand edits, holds and step backs included), laid out and checked again."""
    check_document(doc)
    try:
        regimen = regimen_from_dict(_need(doc, "regimen", dict, "plan"))
        options = options_from_dict(_need(doc, "options", dict, "plan"))
        raw_steps = _need(doc, "steps", list, "plan")
        if not raw_steps:
            raise PlanFileError("plan: it has no steps")
        specs = [
            StepSpec(
                dose=float(_need(s, "daily_dose", (int, float), f"step {i}")),
                days=s.get("days"),
                kind=StepKind(s.get("kind", "cut")),
                note=str(s.get("note") or ""),
                flags=tuple(str(f) for f in s.get("flags") or ()),
            )
            for i, s in enumerate(raw_steps, start=1)
        ]
        base = build_plan(regimen, options)
    except InputError as exc:
        raise PlanFileError(f"the plan's {exc.field.replace('_', ' ')}: {exc.message}") from None
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, PlanFileError):
            raise
        raise PlanFileError(f"the plan is damaged or not a BacloTaper plan ({exc})") from None
    for spec in specs[:-1]:
        if not isinstance(spec.days, int) or spec.days < 1:
            raise PlanFileError("a step other than the last has no length; the file is damaged")
    try:
        plan = check_plan(rebuild(base, specs))
    except InputError as exc:
        raise PlanFileError(f"the plan's {exc.field.replace('_', ' ')}: {exc.message}") from None
    if doc.get("revision") is not None:
        plan = replace(plan, revision=revision_from_dict(doc["revision"]))
    return plan


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key written twice: a reader of the file sees the first value, JSON keeps the last."""
    doc: dict[str, Any] = {}
    for key, value in pairs:
        if key in doc:
            raise PlanFileError(f"the plan file gives '{key[:40]}' twice; the file is damaged or hand-edited")
        doc[key] = value
    return doc


def _no_constant(name: str) -> Any:
    raise PlanFileError(f"the plan file holds '{name}', which is not a number; the file is damaged")


def loads(text: str) -> TaperPlan:
    """Read and check a plan from its JSON text (a file, the recovery copy, a stored revision)."""
    if len(text) > max_file_bytes():
        raise PlanFileError(f"the plan file is too large ({len(text):,} characters; at most {max_file_bytes():,})")
    # A byte order mark, as some Windows editors write: the text after it is the plan.
    text = text.removeprefix("\ufeff")
    try:
        doc = json.loads(text, parse_constant=_no_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"not a BacloTaper plan file (not JSON: {exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise PlanFileError("not a BacloTaper plan file (nested too deeply)") from None
    except PlanFileError:
        raise
    except ValueError:  # an integer of thousands of digits
        raise PlanFileError("not a BacloTaper plan file (it holds a number of thousands of digits)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise PlanFileError("not a BacloTaper plan file")
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PlanFileError("the plan file has no schema version; it is damaged")
    if version < 1:
        raise PlanFileError(f"plan, 'schema_version': {version} is outside 1–{SCHEMA_VERSION}; the file is damaged")
    if version > SCHEMA_VERSION:
        raise PlanFileError(
            f"the plan file is from a newer BacloTaper (schema {version}; this version reads up to {SCHEMA_VERSION})"
        )
    return plan_from_dict(doc)


def _read_plan_text(path: Path) -> str:
    """The file's text, refusing what is not an ordinary file (a FIFO would block for ever) or too large."""
    most = max_file_bytes()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise PlanFileError(f"{path}: is a folder, not a plan file")
        if not stat.S_ISREG(info.st_mode):
            raise PlanFileError(f"{path}: is not an ordinary file (a device, pipe or socket)")
        if info.st_size > most:
            raise PlanFileError(f"{path}: the plan file is too large ({info.st_size:,} bytes; at most {most:,})")
        data = fh.read(most + 1)
    if len(data) > most:
        raise PlanFileError(f"{path}: the plan file is too large (more than {most:,} bytes)")
    return data.decode("utf-8")


def load(path: Path) -> TaperPlan:
    try:
        text = _read_plan_text(Path(path))
    except PlanFileError:
        raise  # already says what is wrong with the file
    except FileNotFoundError:
        raise PlanFileError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise PlanFileError(f"{path}: not a BacloTaper plan file (not text)") from None
    except IsADirectoryError:
        raise PlanFileError(f"{path}: is a folder, not a plan file") from None
    except (OSError, ValueError) as exc:  # ValueError: a name the system cannot take (a NUL)
        raise PlanFileError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        return loads(text)
    except PlanFileError as exc:
        raise PlanFileError(f"{path}: {exc}") from None
