"""Two invitation jobs for the same term at the same moment, on PostgreSQL (threads, each with
its own connection): every family is invited once and sent one message. SQLite runs one writer
at a time; test_invitations.py covers a job run twice there."""

import pytest
from django.db import connection

from familyhub.earlyeducation import services
from familyhub.earlyeducation.models import Invitation
from familyhub.notifications.models import Message
from tests.activities.test_concurrency import run_together
from tests.earlyeducation.conftest import child_row
from tests.earlyeducation.test_import import run
from tests.earlyeducation_factories import TERM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has one writer at a time: nothing runs concurrently to test",
    ),
]


def test_two_jobs_at_once_invite_each_family_once(places, monkeypatch):
    # The import's own job is held back, so that the jobs below find every family uninvited.
    monkeypatch.setattr(services, "_enqueue", lambda *args: None)
    run(
        places,
        [
            child_row(
                postcode=places.whitechapel_postcodes[n % 3],
                ni_number=f"AB{n:06d}A",
                email=f"parent{n}@example.org",
            )
            for n in range(20)
        ],
    )

    assert not Invitation.objects.exists()

    errors = run_together(
        lambda _n: services.invitations_send(places.council.code, TERM.key), [1, 2, 3]
    )

    assert errors == []
    assert Invitation.objects.count() == 20
    assert Message.objects.count() == 20
