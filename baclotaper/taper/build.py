"""Making a plan: ``build_plan`` turns a regimen and the prescriber's choices into a checked
:class:`TaperPlan`; ``rebuild`` lays out a changed list of steps (a hand edit, a hold, a step back)
the same way and checks it again.
"""

from __future__ import annotations

from dataclasses import replace

from baclotaper.taper import concentration
from baclotaper.taper.paces import choose_pace
from baclotaper.taper.plan import PlanOptions, TaperPlan, materialize, starting_split
from baclotaper.taper.plan_warnings import plan_warnings
from baclotaper.taper.products import offered
from baclotaper.taper.regimen import Regimen
from baclotaper.taper.sequence import CONTINUED, StepSpec, custom_sequence, ending_words, taper_sequence
from baclotaper.taper.strengths import fewest_strengths, narrows


def build_plan(regimen: Regimen, options: PlanOptions | None = None) -> TaperPlan:
    """The default plan for ``regimen`` with the prescriber's ``options``.

    Raises :class:`InputError` naming the field when the input cannot make a plan.
    """
    options = options or PlanOptions()
    regimen.validate()
    regimen, options = _dispensed(regimen, options)
    pace = choose_pace(regimen, options.pace)
    if options.custom is not None:
        specs = custom_sequence(regimen, options.custom, pace)
        summary = "The prescriber's own steps"
        if any(s.note.startswith(CONTINUED) for s in specs):
            summary += f"; below them {pace.title.lower()}, {ending_words(regimen)}"
        pace = replace(
            pace,
            key="custom",
            title="Custom steps",
            summary=summary,
            source="Prescriber's choice",
            tag="C",
            chosen_by="prescriber",
            reasons=("steps entered by the prescriber",),
        )
    else:
        pace = replace(pace, summary=f"{pace.summary}; {ending_words(regimen)}")
        specs = taper_sequence(regimen, pace)
    if options.concentration_change is not None:
        concentration.check(regimen, options.concentration_change)
        interval = pace.phase_for(options.concentration_change[0]).interval_days
        specs = concentration.insert(regimen, specs, options.concentration_change, interval)
    steps = materialize(regimen, options, specs)
    plan = TaperPlan(regimen, options, pace, steps, ())
    return replace(plan, warnings=plan_warnings(plan))


def _dispensed(regimen: Regimen, options: PlanOptions) -> tuple[Regimen, PlanOptions]:
    """The regimen with only the strengths the plan needs (the offered ones kept in the options)."""
    product = regimen.product
    if options.all_strengths or not narrows(product):
        return regimen, options
    if options.offered_strengths:
        product = replace(product, strengths=offered(product, options.offered_strengths))
        regimen = replace(regimen, product=product)
    fewest = fewest_strengths(product, tuple(set(starting_split(regimen, options))))
    if fewest == product:
        return regimen, replace(options, offered_strengths=None)
    offer = tuple(s.mg for s in product.strengths)
    return replace(regimen, product=fewest), replace(options, offered_strengths=offer)


def rebuild(plan: TaperPlan, specs: list[StepSpec]) -> TaperPlan:
    """The same plan with a changed list of steps, laid out and checked again."""
    if specs[-1].days is not None:
        specs = [*specs[:-1], replace(specs[-1], days=None)]
    steps = materialize(plan.regimen, plan.options, specs, watch_after_cuts=False, length_field="days")
    # Changed steps are no longer the saved revision the plan came from: its paper must not say
    # "revision 3" over steps revision 3 does not have (the store numbers the next revision itself).
    new = replace(plan, steps=steps, warnings=(), revision=None)
    return replace(new, warnings=plan_warnings(new))
