"""Reads for places."""

from django.utils.translation import gettext as _

from familyhub.places.models import Postcode
from familyhub.places.rules import PostcodeError, normalise_postcode


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
