import itertools
import random

import pytest

from familyhub.families.identifiers import (
    iter_synthetic_nhs_numbers,
    nhs_number_is_valid,
    normalise_nhs_number,
    normalise_upn,
    synthetic_nhs_number,
    upn_is_valid,
)


@pytest.mark.parametrize(
    "value",
    [
        "9434765919",  # the NHS Data Dictionary's worked example
        "943 476 5919",
        "943-476-5919",
        " 943 476 5919 ",
        "4010232137",  # check digit 7
        "9990000018",
        "9990000050",  # 11 - 0: remainder 0 gives check digit 0 (the "11 becomes 0" rule)
    ],
)
def test_valid_nhs_numbers(value):
    assert nhs_number_is_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "9434765918",  # wrong check digit
        "9434765991",  # neighbouring digits swapped
        "9990000000",  # its first nine digits give check 10: no valid number starts 999000000
        "9990000001",
        "943476591",  # nine digits
        "94347659190",  # eleven
        "943476591X",
        "",
        None,
        "９４３４７６５９１９",  # full-width digits are digits to Python, not to the NHS
    ],
)
def test_invalid_nhs_numbers(value):
    assert not nhs_number_is_valid(value)


def test_check_digit_eleven_is_zero():
    # 999 000 005: 9*10 + 9*9 + 9*8 + 5*2 = 253 = 11 * 23, remainder 0, 11 - 0 = 11 -> 0.
    assert nhs_number_is_valid("9990000050")
    assert not nhs_number_is_valid("9990000051")


def test_check_digit_ten_is_never_valid():
    # 999 000 000: 9*10 + 9*9 + 9*8 = 243, remainder 1, 11 - 1 = 10: no digit fits.
    assert not any(nhs_number_is_valid(f"999000000{digit}") for digit in range(10))


def test_normalise_nhs_number():
    assert normalise_nhs_number("943 476 5919") == "9434765919"
    assert normalise_nhs_number("943-476-5919") == "9434765919"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter an NHS number"),
        ("943 476 591", "10 digits"),
        ("943 476 591A", "digits only"),
        ("943 476 5918", "one of the digits is not right"),
    ],
)
def test_normalise_nhs_number_says_what_is_wrong(raw, message):
    with pytest.raises(ValueError, match=message):
        normalise_nhs_number(raw)


def test_synthetic_nhs_numbers_are_valid_unique_and_in_the_test_range():
    numbers = [synthetic_nhs_number(n) for n in range(5_000)]
    assert len(set(numbers)) == len(numbers)
    assert all(nhs_number_is_valid(number) and number.startswith("999") for number in numbers)
    with pytest.raises(ValueError):
        synthetic_nhs_number(100_000)


def test_iter_synthetic_nhs_numbers():
    first = list(itertools.islice(iter_synthetic_nhs_numbers(), 1000))
    shuffled = list(itertools.islice(iter_synthetic_nhs_numbers(random.Random(1)), 1000))
    for numbers in (first, shuffled):
        assert len(set(numbers)) == 1000
        assert all(nhs_number_is_valid(n) and n.startswith("999") for n in numbers)
    assert first != shuffled


@pytest.mark.parametrize("value", ["B801200005001", "b801 2000 05001", "P207000016049"])
def test_valid_upns(value):
    assert upn_is_valid(value)


def test_temporary_upn_counts_its_last_letter():
    # Characters 2-13 "20700001604" + "A" (value 0): the check letter is recomputed here.
    body = "20700001604A"
    total = sum(
        (int(char) if char.isdigit() else 0) * position
        for position, char in enumerate(body, start=2)
    )
    letter = "ABCDEFGHJKLMNPQRTUVWXYZ"[total % 23]
    assert upn_is_valid(letter + body)
    assert not upn_is_valid(letter + body[:-1] + "B")


@pytest.mark.parametrize(
    "value",
    [
        "A801200005001",  # wrong check letter
        "I801200005001",  # I, O and S are never used
        "B80120000500",  # twelve characters
        "X80120000A001",  # letters only first and last
        "",
        None,
    ],
)
def test_invalid_upns(value):
    assert not upn_is_valid(value)


def test_normalise_upn():
    assert normalise_upn(" b801 2000 05001 ") == "B801200005001"
    with pytest.raises(ValueError, match="first letter"):
        normalise_upn("A801200005001")
    with pytest.raises(ValueError, match="12 characters"):
        normalise_upn("B8012")
