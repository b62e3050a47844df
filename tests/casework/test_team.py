"""The Team Around the Family: membership involves the member's organisation, consent still
decides what it sees, and meetings record who came."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.casework.rules import episodes_visible_to
from familyhub.casework.services.team import meeting_record, team_member_add, team_member_remove
from familyhub.families.models import Involvement
from familyhub.families.rules import RecordKind, families_visible_to
from tests.accounts.helpers import sign_in_verified
from tests.factories import MembershipFactory


def sees(user, family) -> bool:
    return (
        families_visible_to(user, kind=RecordKind.PEOPLE, now=timezone.now())
        .filter(pk=family.pk)
        .exists()
    )


def test_joining_involves_the_organisation(episode, partner_practitioner, lead_professional):
    assert not sees(partner_practitioner, episode.family)
    member = team_member_add(
        episode=episode,
        worker=partner_practitioner,
        organisation=partner_practitioner.memberships.get().organisation,
        by=lead_professional,
    )
    assert Involvement.objects.filter(
        family=episode.family,
        organisation=member.organisation,
        role=Involvement.Role.TEAM_MEMBER,
        ended__isnull=True,
    ).exists()
    assert sees(partner_practitioner, episode.family)
    assert (
        episodes_visible_to(partner_practitioner, now=timezone.now()).filter(pk=episode.pk).exists()
    )


def test_consent_still_rules(episode, outsider, outsider_organisation, lead_professional):
    """The family did not agree to share with the outsider's organisation: joining the team
    involves it, but it still does not see the family."""
    team_member_add(
        episode=episode, worker=outsider, organisation=outsider_organisation, by=lead_professional
    )
    assert Involvement.objects.filter(family=episode.family, organisation=outsider_organisation)
    assert not sees(outsider, episode.family)
    assert not episodes_visible_to(outsider, now=timezone.now()).filter(pk=episode.pk).exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("lead_professional", True), ("locality_manager", True), ("partner_practitioner", False)],
)
def test_who_may_add(request, episode, partner_organisation, who, allowed):
    request.getfixturevalue("team_member")
    user = request.getfixturevalue(who)
    worker = MembershipFactory(organisation=partner_organisation, role=Role.PRACTITIONER).user
    if allowed:
        team_member_add(episode=episode, worker=worker, organisation=partner_organisation, by=user)
    else:
        with pytest.raises(PermissionDenied):
            team_member_add(
                episode=episode, worker=worker, organisation=partner_organisation, by=user
            )


def test_adding_twice_or_someone_of_no_organisation_is_refused(
    episode, team_member, lead_professional, lead_organisation
):
    with pytest.raises(ValidationError):
        team_member_add(
            episode=episode,
            worker=team_member.worker,
            organisation=team_member.organisation,
            by=lead_professional,
        )
    with pytest.raises(ValidationError):
        team_member_add(
            episode=episode,
            worker=team_member.worker,
            organisation=lead_organisation,
            by=lead_professional,
        )


def test_removing_ends_the_involvement_unless_a_colleague_stays(
    episode, team_member, lead_professional, partner_organisation
):
    colleague = MembershipFactory(organisation=partner_organisation, role=Role.PRACTITIONER).user
    second = team_member_add(
        episode=episode, worker=colleague, organisation=partner_organisation, by=lead_professional
    )
    active = Involvement.objects.filter(
        family=episode.family, organisation=partner_organisation, ended__isnull=True
    )
    team_member_remove(member=team_member, by=lead_professional)
    assert list(active.values_list("worker", flat=True)) == [colleague.pk]
    team_member_remove(member=second, by=lead_professional)
    assert not active.exists()
    lead = episode.team.get(worker=lead_professional)
    with pytest.raises(ValidationError):
        team_member_remove(member=lead, by=lead_professional)


def test_meeting(episode, team_member, lead_professional, outsider):
    lead = episode.team.get(worker=lead_professional)
    meeting = meeting_record(
        episode=episode,
        held_on=timezone.localdate(),
        attended=[lead, team_member],
        family_attended=True,
        notes="Agreed the plan",
        by=team_member.worker,
    )
    assert set(meeting.attended.all()) == {lead, team_member}
    with pytest.raises(ValidationError):
        meeting_record(
            episode=episode,
            held_on=timezone.localdate() + dt.timedelta(days=1),
            attended=[],
            family_attended=False,
            notes="",
            by=lead_professional,
        )
    with pytest.raises(PermissionDenied):
        meeting_record(
            episode=episode,
            held_on=timezone.localdate(),
            attended=[],
            family_attended=False,
            notes="",
            by=outsider,
        )


def test_team_pages(client, episode, team_member, lead_professional, partner_organisation):
    worker = MembershipFactory(organisation=partner_organisation, role=Role.PRACTITIONER)
    sign_in_verified(client, lead_professional)
    url = reverse("casework:team", args=[episode.pk])
    assert "There is a problem" in client.post(url, {}).content.decode()
    assert client.post(url, {"membership": worker.pk}).status_code == 302
    assert episode.team.filter(worker=worker.user, left_on__isnull=True).exists()
    remove = reverse("casework:team-remove", args=[episode.pk, team_member.pk])
    assert client.post(remove).status_code == 302
    team_member.refresh_from_db()
    assert team_member.left_on is not None

    meeting = reverse("casework:meeting", args=[episode.pk])
    page = client.post(meeting, {"held_on": "not a date", "notes": "Kept notes"})
    assert "Kept notes" in page.content.decode()
    lead = episode.team.get(worker=lead_professional)
    response = client.post(
        meeting,
        {
            "held_on": timezone.localdate().strftime("%d/%m/%Y"),
            "attended": [lead.pk],
            "family_attended": "yes",
            "notes": "Kept notes",
        },
    )
    assert response.status_code == 302
    assert episode.meetings.get().notes == "Kept notes"


def test_team_member_may_not_change_the_team(client, episode, team_member):
    sign_in_verified(client, team_member.worker)
    url = reverse("casework:team", args=[episode.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"membership": 1}).status_code == 403
