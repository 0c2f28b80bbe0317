"""excitable.formatting: numbers in prose never in e-notation, rounded as asked, with true minus signs."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from excitable.formatting import GROUP_SEPARATOR, MINUS, for_people


@pytest.mark.parametrize("value, digits, expected", [
    (1.45e-05, 3, "1.45 × 10⁻⁵"),
    (6.9, 2, "6.9"),
    (6.9e0, 1, "7"),
    (0.0123, 2, "0.012"),
    (0.001, 2, "0.0010"),
    (9.99e-4, 2, "0.0010"),       # rounds up into the decimal range
    (9.94e-4, 2, "9.9 × 10⁻⁴"),
    (4200.0, 2, "4200"),
    (1234567.0, 3, "1.23 × 10⁶"),
    (2.0, 2, "2.0"),
    (0.0, 2, "0.0"),
    (-3.2e-7, 2, MINUS + "3.2 × 10⁻⁷"),
    (-65.0, 2, MINUS + "65"),
    (123.456, 2, "120"),
    (52753.4, 5, "52,753"),                 # five digits and more: grouped in threes
    (68918.2, 3, "68,900"),
    (999_999.0, 6, "999,999"),
    (-12345.6, 6, MINUS + "12,345.6"),     # the whole part only; the true minus stays in front
    (9999.0, 4, "9999"),                        # four digits: not grouped
    (1000.0, 4, "1000"),
    (0.00123456, 6, "0.00123456"),              # decimals: not grouped
])
def test_for_people(value, digits, expected):
    assert for_people(value, digits) == expected


def test_sign_marks_positive_changes_only():
    assert for_people(0.5, 1, sign=True) == "+0.5"
    assert for_people(-0.5, 1, sign=True) == MINUS + "0.5"
    assert for_people(0.0, 1, sign=True) == "0"


def test_bounds_move_the_switch_to_powers_of_ten():
    assert for_people(0.005, 1, small=1e-2) == "5 × 10⁻³"
    assert for_people(50_000, 1, large=1e4) == "5 × 10⁴"
    assert for_people(123_456_789, 9, large=1e12) == "123,456,789"


def test_groups_survive_the_repr_that_eval_shows():
    # {eval} shows a string's repr without its quotes: a narrow no-break space would read "52\u202f753"
    assert GROUP_SEPARATOR == ","
    assert repr(for_people(52_752.7, 5)) == "'52,753'"
    assert for_people(20_000.0, 2, sign=True) == "+20" + GROUP_SEPARATOR + "000"


@pytest.mark.parametrize("kwargs", [{"digits": 0}, {"digits": 1.5}, {"digits": True},
                                    {"small": 0}, {"small": 10, "large": 1}])
def test_bad_arguments_are_named(kwargs):
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=name):
        for_people(1.0, **({"digits": 2} | kwargs))


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_non_finite_values_are_refused(value):
    with pytest.raises(ValueError, match="value"):
        for_people(value)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(1, 5))
def test_never_e_notation_and_reads_back(value, digits):
    text = for_people(value, digits)
    assert not re.search(r"\de[+-]?\d", text)
    assert "-" not in text
    assert text.isprintable() and " " not in text.replace(" × 10", "")  # {eval} shows the repr: nothing escaped
    number = text.replace(MINUS, "-").replace(GROUP_SEPARATOR, "")
    number = number.replace(" × 10", "e").translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+"))
    assert float(number) == pytest.approx(value, rel=10 ** (1 - digits), abs=1e-300)
