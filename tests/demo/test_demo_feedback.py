"""The demo's family feedback: after a (short) year of history and registers, each closed
episode a family can be written to and each attended booking was invited once, about 40%
answered after their invitation, and loading again changes nothing."""

import pytest
from django.core.management import call_command

from familyhub.audit.selectors import ChainWalk, audit_chain_problems
from familyhub.casework.models import Episode
from familyhub.demo.activities import load_demo_activities
from familyhub.demo.feedback import load_demo_feedback
from familyhub.demo.history import load_demo_history
from familyhub.feedback.models import Answer, Invitation
from familyhub.places.models import LocalAuthority

pytestmark = pytest.mark.django_db


def test_the_demo_invites_once_and_about_four_in_ten_answer(demo_borough):
    council = LocalAuthority.objects.get(code="E09000030")
    load_demo_history(council, families=60)
    load_demo_activities(council, weeks_back=8)

    loaded = load_demo_feedback(council)

    invitations = Invitation.objects.filter(local_authority=council)
    assert loaded.invited == invitations.count() > 20
    assert (
        invitations.filter(about="episode").count()
        <= Episode.objects.filter(status=Episode.Status.CLOSED).count()
    )
    assert invitations.filter(about="episode").exists()
    assert invitations.filter(about="session").exists()
    answers = Answer.objects.filter(invitation__local_authority=council).select_related(
        "invitation"
    )
    assert loaded.answered == answers.count()
    assert 0.25 < answers.count() / invitations.count() < 0.55
    assert all(a.invitation.sent_at < a.answered_at for a in answers)
    assert answers.exclude(better="").exists()
    assert list(audit_chain_problems(ChainWalk())) == []

    call_command("load_demo_feedback", verbosity=0)

    assert Invitation.objects.count() == loaded.invited
    assert Answer.objects.count() == loaded.answered
