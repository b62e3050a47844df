"""Filters for showing a family record: masked identifiers and ages."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def masked_nhs(number: str) -> str:
    """Only the last 4 digits: enough to tell records apart, too little to copy elsewhere."""
    if not number:
        return ""
    return _("ending %(digits)s") % {"digits": number[-4:]}


def _age_on(born: dt.date, today: dt.date) -> tuple[int, int]:
    months = (today.year - born.year) * 12 + today.month - born.month
    if today.day < born.day:
        months -= 1
    return divmod(max(months, 0), 12)


@register.filter
def age(person, today: dt.date | None = None) -> str:
    """ "4 years", "9 months", or "due 3 May 2026" for an unborn child."""
    today = today or timezone.localdate()
    if person.date_of_birth is None:
        if person.due_date is not None:
            return _("due %(date)s") % {"date": f"{person.due_date:%-d %b %Y}"}
        return ""
    years, months = _age_on(person.date_of_birth, today)
    if years >= 2:
        return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    months += years * 12
    return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
