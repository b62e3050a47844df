"""Identifiers that follow a person between agencies: the NHS number and the unique pupil number.

Both carry a check character, so a mistyped number is caught at the door instead of silently
matching (or failing to match) somebody else.
"""

import random
import re
from collections.abc import Iterator

# Spaces and hyphens are how people write NHS numbers ("943 476 5919", "943-476-5919").
_SEPARATORS = re.compile(r"[\s-]+")

# The NHS reserves numbers starting 999 for testing: they are never issued to a patient, so
# synthetic data made from them can never point at a real person.
TEST_NHS_PREFIX = "999"


def _nhs_check_digit(first_nine: str) -> int | None:
    """The NHS Data Dictionary mod-11 check digit: weights 10 down to 2, 11 - remainder, 11 is
    0, and 10 means no valid number can be made from these nine digits (None)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def _compact(raw: str | None) -> str:
    return _SEPARATORS.sub("", raw or "")


def nhs_number_is_valid(value: str | None) -> bool:
    """True if `value` is ten digits (spaces and hyphens allowed) with the right check digit."""
    digits = _compact(value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    return _nhs_check_digit(digits[:9]) == int(digits[9])


def normalise_nhs_number(raw: str | None) -> str:
    """The NHS number as ten digits with no spaces, or ValueError with a message to show."""
    digits = _compact(raw)
    if not digits:
        raise ValueError("Enter an NHS number")
    if not digits.isascii() or not digits.isdigit():
        raise ValueError("An NHS number is made of digits only, like 943 476 5919")
    if len(digits) != 10:
        raise ValueError("An NHS number has 10 digits, like 943 476 5919")
    if _nhs_check_digit(digits[:9]) != int(digits[9]):
        raise ValueError("Check the NHS number: one of the digits is not right")
    return digits


def synthetic_nhs_number(n: int) -> str:
    """The n-th synthetic NHS number (0 <= n < 100,000), always valid, always in the 999 test
    range, and different for every n: for factories that need a unique number per call.

    The nine digits are 9990 + n (five digits); when those nine digits have no valid check
    digit, 9991 + n is used instead. The fourth digit has weight 7, so the swap moves the
    remainder from 1 to 8 and the check digit exists; the two series never collide because each
    n uses exactly one of them.
    """
    if not 0 <= n < 100_000:
        raise ValueError("n must be between 0 and 99,999")
    for fourth in "01":
        first_nine = f"{TEST_NHS_PREFIX}{fourth}{n:05d}"
        check = _nhs_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"
    raise AssertionError("unreachable: the second series always has a check digit")


def iter_synthetic_nhs_numbers(rng: random.Random | None = None) -> Iterator[str]:
    """Every valid NHS number in the 999 test range (about 909,000), each once: in order, or
    shuffled by `rng` for benchmarks that want them scattered."""
    suffixes: list[int] | range = range(1_000_000)
    if rng is not None:
        suffixes = list(suffixes)
        rng.shuffle(suffixes)
    for suffix in suffixes:
        first_nine = f"{TEST_NHS_PREFIX}{suffix:06d}"
        check = _nhs_check_digit(first_nine)
        if check is not None:
            yield f"{first_nine}{check}"


# --- Unique pupil number (DfE) ------------------------------------------------------------------

# The check letters, and the values of a temporary UPN's last letter: I, O and S are never used.
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN = re.compile(r"^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$")


def _upn_check_letter(last_twelve: str) -> str:
    """DfE: characters 2 to 13 times their position (2..13), summed, modulo 23, as a letter; a
    temporary UPN's final letter counts as its place in the check-letter alphabet."""
    total = 0
    for position, char in enumerate(last_twelve, start=2):
        value = int(char) if char.isdigit() else _UPN_LETTERS.index(char)
        total += value * position
    return _UPN_LETTERS[total % 23]


def upn_is_valid(value: str | None) -> bool:
    """True if `value` is a unique pupil number (permanent or temporary) with the right check
    letter. Spaces are ignored and letters may be lower case."""
    upn = _compact(value).upper()
    if not _UPN.match(upn):
        return False
    return _upn_check_letter(upn[1:]) == upn[0]


def normalise_upn(raw: str | None) -> str:
    """The UPN in capitals with no spaces, or ValueError with a message to show."""
    upn = _compact(raw).upper()
    if not upn:
        raise ValueError("Enter a unique pupil number")
    if not _UPN.match(upn):
        raise ValueError("A unique pupil number is a letter then 12 characters, like B801200005001")
    if _upn_check_letter(upn[1:]) != upn[0]:
        raise ValueError("Check the unique pupil number: the first letter does not fit the rest")
    return upn
