"""The fewest tablet strengths (or packet sizes) that still measure every step.

A pharmacist dispenses one or two strengths, not four: the plan keeps only as many of the
strengths the prescriber offered as it needs to measure the same grid of doses, unless the
prescriber asks for all of them.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from itertools import combinations

from baclotaper.common import data
from baclotaper.common.numbers import EPS
from baclotaper.taper.products import Product, ProductKind


def narrows(product: Product) -> bool:
    return product.kind in (ProductKind.TABLETS, ProductKind.GRANULES) and len(product.strengths) > 1


@cache
def fewest_strengths(product: Product, doses: tuple[float, ...]) -> Product:
    """The smallest subset of ``product``'s strengths with the same measurable step that can make
    every dose in ``doses`` (each one administration); among subsets of one size, the one needing
    the fewest pieces (then halves) for every dose up to the largest."""
    if not narrows(product):
        return product
    top = max(doses, default=product.quantum)
    grid = [product.quantum * k for k in range(1, int(top / product.quantum + EPS) + 1)]
    # Fewer strengths must not mean a handful of tablets per dose.
    most = max(_max_pieces(), *(_pieces(product, d) for d in (*doses, *grid)))
    for size in range(1, len(product.strengths)):
        best: tuple[tuple[int, int], Product] | None = None
        for chosen in combinations(product.strengths, size):
            candidate = replace(product, strengths=chosen)
            if abs(candidate.quantum - product.quantum) > EPS:
                continue
            if not all(candidate.can_measure(d) and _pieces(candidate, d) <= most for d in (*doses, *grid)):
                continue
            cost = _cost(candidate, grid)
            if best is None or cost < best[0]:
                best = (cost, candidate)
        if best is not None:
            return best[1]
    return product


def _max_pieces() -> int:
    return int(data.sourced(data.load("products")["tablets"]["max_pieces_per_dose"]).value)


def _pieces(product: Product, dose: float) -> int:
    return sum(p.count for p in product.pieces(dose) or ())


def _cost(product: Product, doses: list[float]) -> tuple[int, int]:
    pieces = halves = 0
    for dose in doses:
        for piece in product.pieces(dose) or ():
            pieces += piece.count
            halves += piece.count if piece.half else 0
    return pieces, halves
