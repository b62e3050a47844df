"""Postcode handling: forgiving on input, strict on what counts as a postcode."""

import math
import re
from functools import cache

from django.utils.translation import gettext_lazy as _
from pyproj import Transformer

# The shape of a UK postcode (BS 7666), once spaces are removed and letters upper-cased.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")

METRES_PER_MILE = 1609.344


class PostcodeError(ValueError):
    """A postcode that cannot be used, with a message a member of the public can act on."""


def normalise_postcode(raw: str) -> str:
    """Return the postcode in its standard form ("E1 6AN"), or raise PostcodeError."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    if not compact:
        raise PostcodeError(_("Enter a postcode"))
    match = _POSTCODE.match(compact)
    if not match:
        raise PostcodeError(_("Enter a real postcode, like E1 6AN"))
    return f"{match.group(1)} {match.group(2)}"


def postcode_sector(postcode: str) -> str:
    """The sector of a normalised postcode: outward code and the first digit of the inward."""
    outward, inward = postcode.split(" ")
    return f"{outward} {inward[0]}"


@cache
def _grid_to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def grid_to_latlon(easting: float, northing: float) -> tuple[float, float]:
    """British National Grid metres to WGS84 (latitude, longitude)."""
    longitude, latitude = _grid_to_wgs84().transform(easting, northing)
    return round(latitude, 6), round(longitude, 6)


def grid_distance(e1: float, n1: float, e2: float, n2: float) -> float:
    """Straight-line distance in metres between two grid points."""
    return math.hypot(e1 - e2, n1 - n2)
