"""The names of days and months that Django's date formatting looks up (django.utils.dates),
written here so that makemessages puts them in this project's catalogues.

Django ships Bengali names but no Somali ones: without these, a Somali page would say "Monday
1 December" among Somali words. The same messages as Django's, so its date filter and
date_format find the translations in locale/so. The pages' dates use "l" (DAYS), "F" (MONTHS)
and "M" (SHORT_MONTHS, capitalised by Django).
"""

from django.utils.translation import gettext_lazy as _

DAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"),
        _("Sunday"))  # fmt: skip
MONTHS = (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"),
          _("August"), _("September"), _("October"), _("November"), _("December"))  # fmt: skip
SHORT_MONTHS = (_("jan"), _("feb"), _("mar"), _("apr"), _("may"), _("jun"), _("jul"), _("aug"),
                _("sep"), _("oct"), _("nov"), _("dec"))  # fmt: skip
