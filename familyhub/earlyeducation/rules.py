"""The 2-year-old offer's decisions: terms and who is 2 in them, how a child is known again,
who may do what, and how a family is invited.

Who may do what (each one function below, used by pages, the home card and the navigation):

- import a termly list: the council's data analysts and administrators (the people who
  receive DWP's file; the import report names rows by number and column, never a person);
- print the letters for families without an email address or mobile number: the council's
  administrators (business support posts them). The list is the council's own, given by DWP
  to invite these families, not the shared family record: no consent or involvement applies,
  and every letter list read is audited, child by child;
- record that a child took up a place: administrators, by the eligibility code a provider
  reports (the form shows nobody's details);
- see the take-up figures: locality managers, data analysts and administrators, for their
  own council, counts only, numbers under 5 suppressed.
"""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from familyhub.accounts.models import Role, User
from familyhub.accounts.selectors import memberships_of
from familyhub.earlyeducation.models import Invitation, Season

IMPORT_ROLES = (Role.DATA_ANALYST, Role.ADMINISTRATOR)
LETTER_ROLES = (Role.ADMINISTRATOR,)
TAKE_UP_ROLES = (Role.ADMINISTRATOR,)
FIGURES_ROLES = (Role.LOCALITY_MANAGER, Role.DATA_ANALYST, Role.ADMINISTRATOR)
# Every role that has some page here, for the staff navigation.
OFFER_ROLES = tuple(dict.fromkeys(IMPORT_ROLES + LETTER_ROLES + TAKE_UP_ROLES + FIGURES_ROLES))

# Published counts below this are shown as "fewer than 5" (design/domain.md).
SUPPRESS_BELOW = 5

# The funding periods: a term's first day (month, day) and last day.
TERM_DATES = {
    Season.SPRING: ((1, 1), (3, 31)),
    Season.SUMMER: ((4, 1), (8, 31)),
    Season.AUTUMN: ((9, 1), (12, 31)),
}
SEASON_ORDER = [Season.SPRING, Season.SUMMER, Season.AUTUMN]

_NI_NUMBER = re.compile(r"^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")


def _authorities_for(user: User | AnonymousUser, roles: tuple[str, ...]) -> list[str]:
    return sorted({held.local_authority_id for held in memberships_of(user) if held.role in roles})


def import_authority_ids(user: User | AnonymousUser) -> list[str]:
    """The councils whose termly list the user may import."""
    return _authorities_for(user, IMPORT_ROLES)


def letter_authority_ids(user: User | AnonymousUser) -> list[str]:
    """The councils whose letter list (names and addresses) the user may print."""
    return _authorities_for(user, LETTER_ROLES)


def take_up_authority_ids(user: User | AnonymousUser) -> list[str]:
    """The councils for which the user may record a child's take-up."""
    return _authorities_for(user, TAKE_UP_ROLES)


def figures_authority_ids(user: User | AnonymousUser) -> list[str]:
    """The councils whose take-up figures the user may see."""
    return _authorities_for(user, FIGURES_ROLES)


def has_offer_pages(user: User | AnonymousUser) -> bool:
    """Whether to offer the 2-year-old offer in the staff navigation."""
    return bool(_authorities_for(user, OFFER_ROLES))


@dataclass(frozen=True)
class Term:
    year: int
    season: str

    @property
    def key(self) -> str:
        return f"{self.year}-{self.season}"

    @property
    def starts(self) -> dt.date:
        month, day = TERM_DATES[Season(self.season)][0]
        return dt.date(self.year, month, day)

    @property
    def ends(self) -> dt.date:
        month, day = TERM_DATES[Season(self.season)][1]
        return dt.date(self.year, month, day)

    @property
    def order(self) -> tuple[int, int]:
        """Sorts terms by time (their names would sort autumn first)."""
        return self.year, SEASON_ORDER.index(Season(self.season))

    @property
    def label(self) -> str:
        return f"{Season(self.season).label} {self.year}"

    def __str__(self) -> str:
        return str(self.label)


def term_from_key(key: str) -> Term | None:
    """ "2026-autumn" → the term, or None for anything else."""
    year, _sep, season = (key or "").partition("-")
    if not (year.isdigit() and len(year) == 4 and season in Season.values):
        return None
    return Term(int(year), season)


def term_of(day: dt.date) -> Term:
    """The term a day falls in."""
    for season in SEASON_ORDER:
        term = Term(day.year, season)
        if term.starts <= day <= term.ends:
            return term
    raise AssertionError("the three terms cover the year")


def terms_around(day: dt.date) -> list[Term]:
    """The terms a list may be for: the one before, this one and the next two."""
    order = [Term(day.year + dy, season) for dy in (-1, 0, 1) for season in SEASON_ORDER]
    here = order.index(term_of(day))
    return order[here - 1 : here + 3]


def birthday(date_of_birth: dt.date, years: int) -> dt.date:
    """The day a child turns `years` (a 29 February birthday falls on 1 March)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + years)
    except ValueError:
        return dt.date(date_of_birth.year + years, 3, 1)


def is_two_in(date_of_birth: dt.date, term: Term) -> bool:
    """Funded from the term after the second birthday, to the end of the term of the third:
    the second birthday is before the term starts, the third not before it."""
    return birthday(date_of_birth, 2) < term.starts <= birthday(date_of_birth, 3)


def normalise_ni_number(raw: str) -> str:
    return re.sub(r"\s+", "", raw or "").upper()


def is_ni_number(value: str) -> bool:
    return bool(_NI_NUMBER.match(value))


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def child_key(
    *,
    local_authority_id: str,
    ni_number: str,
    date_of_birth: dt.date,
    first_name: str,
    last_name: str,
) -> str:
    """The same child on every list of the council (twins differ by name): a hash, so the
    parent's NI number recognises the child and is never stored."""
    text = "|".join(
        [
            local_authority_id,
            normalise_ni_number(ni_number),
            date_of_birth.isoformat(),
            _fold(first_name),
            _fold(last_name),
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def invitation_channel(*, email: str, mobile: str, texts_can_be_sent: bool) -> str:
    """Email if the family has an address (room for the providers), else a text message where
    this deployment can send one, else a letter."""
    if email:
        return Invitation.Channel.EMAIL
    if mobile and texts_can_be_sent:
        return Invitation.Channel.SMS
    return Invitation.Channel.LETTER


def suppressed(count: int) -> int | None:
    """A published count, or None when it is 1 to 4 (0 tells nobody anything)."""
    return None if 0 < count < SUPPRESS_BELOW else count


def take_up_percent(eligible: int, took_up: int) -> int | None:
    """Took up as a whole percentage of eligible; None when either count is suppressed."""
    if eligible == 0 or suppressed(eligible) is None or suppressed(took_up) is None:
        return None
    return round(100 * took_up / eligible)
