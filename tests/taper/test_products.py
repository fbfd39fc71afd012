import pytest

from baclotaper.common.errors import InputError
from baclotaper.taper.products import ProductKind, parse_product


@pytest.mark.parametrize(
    ("spec", "quantum"),
    [
        ("tablets:10,20", 5),  # both scored: halves of 10 mg
        ("tablets:5", 5),  # 5 mg is not scored: no halves
        ("tablets:5+split", 2.5),  # the prescriber allows splitting it
        ("tablets:15,20", 10),  # gcd is 5 mg, yet 5 mg cannot be made from 15 and half of 20
        ("solution:1mg/ml", 0.5),  # 0.5 mL steps
        ("solution:2mg/ml", 1),
        ("suspension:5mg/ml", 2.5),
        ("granules:5,10,20", 5),
        ("intrathecal:500", 1),
    ],
)
def test_each_product_measures_in_its_own_steps(spec: str, quantum: float) -> None:
    assert parse_product(spec).quantum == quantum


def test_tablet_doses_are_written_as_whole_and_half_tablets() -> None:
    product = parse_product("tablets:10")
    assert product.amount(15) == "1 × 10 mg tablet + ½ × 10 mg tablet"
    assert product.plain(15) == "1 and a half 10 mg tablets"
    assert product.amount(5) == "½ × 10 mg tablet"
    assert product.plain(5) == "half a 10 mg tablet"
    assert product.amount(20) == "2 × 10 mg tablets"
    assert product.plain(20) == "2 whole 10 mg tablets"


def test_fewest_pieces_are_chosen() -> None:
    product = parse_product("tablets:5,10,20")
    assert product.amount(25) == "1 × 20 mg tablet + 1 × 5 mg tablet"
    assert product.amount(35) == "1 × 20 mg tablet + 1 × 10 mg tablet + 1 × 5 mg tablet"


def test_unscored_tablets_are_never_halved_unless_allowed() -> None:
    assert not parse_product("tablets:5").can_measure(2.5)
    allowed = parse_product("tablets:5+split")
    assert allowed.can_measure(2.5)
    assert allowed.amount(2.5) == "½ × 5 mg tablet"
    assert allowed.unscored_split == (5.0,)


def test_liquids_are_always_in_mg_with_the_ml_beside_it() -> None:
    assert parse_product("solution:1mg/ml").amount(7.5) == "7.5 mg = 7.5 mL of 1 mg/mL solution"
    assert parse_product("solution:2mg/ml").amount(7) == "7 mg = 3.5 mL of 2 mg/mL solution"
    assert parse_product("suspension:5mg/ml").plain(7.5) == "7.5 mg = 1.5 mL of the 5 mg/mL suspension"


def test_pump_rate_is_written_in_mcg_per_day_with_the_volume() -> None:
    assert parse_product("intrathecal:500").amount(240) == "240 mcg/day = 0.48 mL/day at 500 mcg/mL"
    assert parse_product("intrathecal:2000").amount(350) == "350 mcg/day = 0.175 mL/day at 2000 mcg/mL"


def test_granules_are_whole_packets() -> None:
    product = parse_product("granules:5,10,20")
    assert product.amount(25) == "1 × 20 mg packet + 1 × 5 mg packet"
    assert product.plain(25) == "1 packet of 20 mg and 1 packet of 5 mg"
    assert not product.can_measure(2.5)


def test_product_spec_round_trips() -> None:
    for spec in ["tablets:10,20", "tablets:5,10+split", "solution:1mg/ml", "granules:5,10", "intrathecal:1000mcg/ml"]:
        product = parse_product(spec)
        assert parse_product(product.spec) == product


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("tablets:7", "tablet strength 7 mg is not known; choose from 5, 10, 15, 20, 25 mg"),
        ("tablets:ten", "must be strengths in mg"),
        ("solution:3mg/ml", "no 3 mg/mL oral solution"),
        ("solution", "say the concentration"),
        ("granules:15", "granule packet 15 mg is not made"),
        ("patch:5", "is not a baclofen product"),
        ("intrathecal:50", "screening (bolus) strength"),
        ("intrathecal:750", "750 mcg/mL is not made"),
    ],
)
def test_unknown_products_are_refused_with_the_choices(spec: str, says: str) -> None:
    with pytest.raises(InputError) as info:
        parse_product(spec)
    assert says in info.value.message
    assert info.value.field in ("product", "concentration")


def test_liquid_kinds() -> None:
    assert parse_product("suspension:5mg/ml").kind is ProductKind.SUSPENSION
    assert parse_product("solution:1mg/ml").is_liquid
