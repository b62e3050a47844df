"""The demo year leaves its casework accounts notices to read: the year's new cases and answers
to referrals (those of the last fortnight still unread, as staff would have read the older ones)
and, from the day's job, the plan actions coming due."""

import pytest
from django.utils import timezone

from familyhub.demo.history import NOTICES_UNREAD_FOR, load_demo_history
from familyhub.notifications.models import Notice
from familyhub.places.models import LocalAuthority

pytestmark = pytest.mark.django_db

UNREAD = {
    "lead.professional@example.org": {Notice.Kind.ACTION_DUE},
    "health.visitor@example.org": {Notice.Kind.ACTION_DUE},
    "school.practitioner@example.org": {Notice.Kind.REFERRAL_ANSWERED},
}


def test_the_casework_accounts_have_notices_to_read(demo_borough):
    load_demo_history(LocalAuthority.objects.get(code="E09000030"), families=120)

    unread = Notice.objects.filter(read_at__isnull=True)
    for email, kinds in UNREAD.items():
        assert kinds <= set(unread.filter(recipient__email=email).values_list("kind", flat=True))
    assert Notice.objects.filter(
        recipient__email="lead.professional@example.org", kind=Notice.Kind.NEW_CASE
    ).exists()
    old = timezone.now() - NOTICES_UNREAD_FOR
    assert not unread.exclude(kind=Notice.Kind.ACTION_DUE).filter(created__lt=old).exists()
