"""Money: exact integer arithmetic that refuses floats and mixed currencies."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from remit_common.money import (
    CURRENCY_EXPONENTS,
    CurrencyMismatchError,
    Money,
    is_active_currency,
    minor_unit_exponent,
)

CURRENCIES = sorted(CURRENCY_EXPONENTS)
amounts = st.integers(min_value=-(10**15), max_value=10**15)


def money_in(currency: str) -> st.SearchStrategy[Money]:
    return amounts.map(lambda a: Money(amount_minor=a, currency=currency))


@st.composite
def same_currency(draw: st.DrawFn, n: int) -> list[Money]:
    currency = draw(st.sampled_from(CURRENCIES))
    return [draw(money_in(currency)) for _ in range(n)]


def test_json_shape_is_exact() -> None:
    money = Money(amount_minor=1234, currency="USD")
    assert money.model_dump_json() == '{"amount_minor":1234,"currency":"USD"}'
    assert Money.model_validate_json(money.model_dump_json()) == money


@pytest.mark.parametrize(
    ("code", "exponent"), [("JPY", 0), ("USD", 2), ("EUR", 2), ("KWD", 3), ("BHD", 3), ("CLP", 0)]
)
def test_minor_unit_exponents(code: str, exponent: int) -> None:
    assert minor_unit_exponent(code) == exponent
    assert Money(amount_minor=1, currency=code).exponent == exponent


@pytest.mark.parametrize("code", ["XXX", "XTS", "XAU", "USN", "CLF", "usd", "US", "ABC", ""])
def test_inactive_fund_test_and_malformed_codes_are_not_currencies(code: str) -> None:
    assert not is_active_currency(code)
    with pytest.raises(ValidationError) as excinfo:
        Money(amount_minor=1, currency=code)
    assert excinfo.value.errors()[0]["loc"] == ("currency",)


@pytest.mark.parametrize("bad", [12.5, 12.0, "12", True, False, None, Decimal("12")])
def test_amount_must_be_a_real_int(bad: object) -> None:
    with pytest.raises(ValidationError) as excinfo:
        Money(amount_minor=bad, currency="USD")  # type: ignore[arg-type]
    message = str(excinfo.value)
    assert "amount_minor must be an integer number of minor units" in message


@pytest.mark.parametrize(
    "raw",
    [
        '{"amount_minor": 12.5, "currency": "USD"}',
        '{"amount_minor": 12.0, "currency": "USD"}',
        '{"amount_minor": "12", "currency": "USD"}',
        '{"amount_minor": true, "currency": "USD"}',
    ],
)
def test_amount_must_be_a_json_integer(raw: str) -> None:
    with pytest.raises(ValidationError, match="must be an integer"):
        Money.model_validate_json(raw)


def test_amount_fits_a_bigint() -> None:
    Money(amount_minor=2**63 - 1, currency="USD")
    with pytest.raises(ValidationError):
        Money(amount_minor=2**63, currency="USD")


def test_frozen_and_hashable() -> None:
    money = Money(amount_minor=1, currency="EUR")
    with pytest.raises(ValidationError):
        money.amount_minor = 2  # type: ignore[misc]
    assert len({money, Money(amount_minor=1, currency="EUR")}) == 1


def test_arithmetic_and_predicates() -> None:
    a, b = Money(amount_minor=1000, currency="USD"), Money(amount_minor=250, currency="USD")
    assert a + b == Money(amount_minor=1250, currency="USD")
    assert a - b == Money(amount_minor=750, currency="USD")
    assert -b == Money(amount_minor=-250, currency="USD")
    assert abs(-b) == b
    assert b < a and a > b and a >= a and b <= a
    assert sum([a, b, b], Money.zero("USD")) == Money(amount_minor=1500, currency="USD")
    assert Money.zero("JPY").is_zero() and a.is_positive() and (-a).is_negative()
    assert max([a, b]) == a


def test_decimal_conversions_never_use_floats() -> None:
    assert Money.from_decimal("12.50", "USD") == Money(amount_minor=1250, currency="USD")
    assert Money.from_decimal(Decimal("1.234"), "KWD").amount_minor == 1234
    assert Money(amount_minor=1250, currency="USD").as_decimal() == Decimal("12.50")
    assert str(Money(amount_minor=5, currency="JPY")) == "5 JPY"
    with pytest.raises(ValueError, match="decimal places"):
        Money.from_decimal("1.5", "JPY")
    with pytest.raises(TypeError):
        Money.from_decimal(1.5, "USD")  # type: ignore[arg-type]


@pytest.mark.parametrize("op", ["__add__", "__sub__", "__lt__", "__le__", "__gt__", "__ge__"])
def test_mixing_currencies_is_refused(op: str) -> None:
    usd, eur = Money(amount_minor=1, currency="USD"), Money(amount_minor=1, currency="EUR")
    with pytest.raises(CurrencyMismatchError, match="USD and EUR") as excinfo:
        getattr(usd, op)(eur)
    assert isinstance(excinfo.value, ValueError)
    assert usd != eur


def test_only_money_combines_with_money() -> None:
    with pytest.raises(TypeError):
        Money(amount_minor=1, currency="USD") + 1  # type: ignore[operator]


@given(same_currency(3))
def test_addition_is_associative(ms: list[Money]) -> None:
    a, b, c = ms
    assert (a + b) + c == a + (b + c)


@given(same_currency(2))
def test_addition_is_commutative(ms: list[Money]) -> None:
    a, b = ms
    assert a + b == b + a


@given(same_currency(1))
def test_a_minus_a_is_zero_in_the_same_currency(ms: list[Money]) -> None:
    (a,) = ms
    assert (a - a).is_zero()
    assert a - a == Money.zero(a.currency)
    assert a + (-a) == Money.zero(a.currency)


@given(same_currency(4))
def test_sum_stays_in_its_currency_and_is_exact(ms: list[Money]) -> None:
    currency = ms[0].currency
    total = sum(ms, Money.zero(currency))
    assert total.currency == currency
    assert total.amount_minor == sum(m.amount_minor for m in ms)


@given(st.sampled_from(CURRENCIES), st.sampled_from(CURRENCIES), amounts, amounts)
def test_never_mixes_currencies(c1: str, c2: str, x: int, y: int) -> None:
    a, b = Money(amount_minor=x, currency=c1), Money(amount_minor=y, currency=c2)
    if c1 == c2:
        assert (a + b).currency == c1
    else:
        with pytest.raises(CurrencyMismatchError):
            a + b
        with pytest.raises(CurrencyMismatchError):
            a - b
        with pytest.raises(CurrencyMismatchError):
            sum([a, b], Money.zero(c1))


@given(same_currency(1))
def test_json_round_trip(ms: list[Money]) -> None:
    (a,) = ms
    assert Money.model_validate_json(a.model_dump_json()) == a
    assert Money.from_decimal(a.as_decimal(), a.currency) == a
