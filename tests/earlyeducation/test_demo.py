"""The demo's 2-year-old offer: two terms' lists across every locality, invitations by every
channel, take-ups, loaded once however often it runs."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from familyhub.earlyeducation.models import Eligibility, EligibleChild, Invitation, TakeUp
from familyhub.earlyeducation.rules import term_of
from familyhub.earlyeducation.selectors import take_up_figures
from familyhub.places.models import LocalAuthority

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_offer_once(demo_borough):
    call_command("load_demo_two_year_offer", verbosity=0)
    counts = (EligibleChild.objects.count(), Eligibility.objects.count(), TakeUp.objects.count())
    call_command("load_demo_two_year_offer", verbosity=0)

    assert (
        EligibleChild.objects.count(),
        Eligibility.objects.count(),
        TakeUp.objects.count(),
    ) == counts
    children, eligibilities, take_ups = counts
    assert 300 <= children < eligibilities  # some children are on both terms' lists
    assert take_ups > 50
    assert Invitation.objects.count() == eligibilities
    assert set(Invitation.objects.values_list("channel", flat=True)) == {"email", "sms", "letter"}
    assert all(invitation.providers for invitation in Invitation.objects.all())
    council = LocalAuthority.objects.get(code="E09000030")
    rows, total = take_up_figures(council.code, term_of(timezone.localdate()))
    assert len(rows) == 4
    assert all(row.eligible and row.eligible >= 5 for row in rows)
    assert total.percent is not None
