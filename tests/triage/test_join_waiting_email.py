"""A join that waits tells the council's locality managers: one message each, in the outbox
with the PendingJoin (gone with it if the decision rolls back), naming the request's reference
and the joins page only, never the family."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from familyhub.families.models import Person, Sex
from familyhub.frontdoor.models import NeedLevel
from familyhub.frontdoor.services import front_door_set_up
from familyhub.notifications import notify
from familyhub.notifications.models import Message
from familyhub.triage.models import PendingJoin
from familyhub.triage.services import request_decide
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory
from tests.families_factories import (
    ConsentFactory,
    FamilyFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.frontdoor_factories import RequestPersonFactory, SubmittedRequestFactory

BORN = dt.date(2020, 2, 17)
JOINS_LINK = "https://familyhub.example.org/staff/triage/joins/"


class RolledBack(Exception):
    pass


@pytest.fixture
def waiting_join(postcodes, council, council_organisation):
    """Everything for a join that waits: Yusuf's household shares with Early Help only, the
    request's lead is in health visiting, so consent and answer disagree."""
    front_door_set_up(local_authority=council)
    household = FamilyFactory(local_authority=council, name="Ahmed", postcode="E1 1BB")
    yusuf = PersonFactory(
        local_authority=council,
        given_name="Yusuf",
        family_name="Ahmed",
        date_of_birth=BORN,
        sex=Sex.MALE,
        postcode="E1 1BB",
        nhs_number="",
    )
    MembershipFactory(family=household, person=yusuf, role="child")
    InvolvementFactory(family=household, organisation=council_organisation)
    ConsentFactory(family=household, organisations=[council_organisation])
    request = SubmittedRequestFactory(
        local_authority=council, postcode="E1 1BB", family_name="Ahmed", child=None
    )
    described = RequestPersonFactory(
        request=request, given_name="Yusuf", family_name="Ahmed", date_of_birth=BORN, sex="male"
    )
    triage = StaffFactory(organisation=council_organisation, role="triage")
    lead = StaffFactory(
        organisation=OrganisationFactory(name="Health visiting", local_authority=council),
        role="lead_professional",
    )

    def decide(**extra):
        return request_decide(
            request=request,
            level=NeedLevel.objects.get(local_authority=council, number=2),
            reason="Known to early help.",
            lead_professional=lead,
            triage_organisation=council_organisation,
            matches={described.pk: yusuf},
            by=triage,
            **extra,
        )

    return request, decide


def test_each_locality_manager_of_the_council_is_told_once(
    waiting_join, council, council_organisation
):
    request, decide = waiting_join
    managers = [
        StaffFactory(organisation=council_organisation, role="locality_manager"),
        StaffFactory(
            organisation=OrganisationFactory(local_authority=council), role="locality_manager"
        ),
    ]
    elsewhere = StaffFactory(
        organisation=OrganisationFactory(
            local_authority=LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")
        ),
        role="locality_manager",
    )
    StaffFactory(organisation=council_organisation, role="lead_professional")

    decide(joins_link=JOINS_LINK)

    pending = PendingJoin.objects.get(request=request)
    messages = Message.objects.filter(template="join_waiting")
    assert sorted(message.to for message in messages) == sorted(m.email for m in managers)
    assert elsewhere.email not in {message.to for message in messages}
    for message in messages:
        assert message.personalisation == {
            "reference": request.reference,
            "link": JOINS_LINK,
            "service_name": message.personalisation["service_name"],
        }
        assert message.idempotency_key.startswith(f"join_waiting:{pending.pk}:")
        assert message.language == "en-gb"


def test_without_a_link_the_message_names_the_joins_page(waiting_join, council_organisation):
    _, decide = waiting_join
    StaffFactory(organisation=council_organisation, role="locality_manager")

    decide()

    message = Message.objects.get(template="join_waiting")
    assert message.personalisation["link"] == reverse("triage:joins")


def test_the_message_is_rolled_back_with_the_join(waiting_join, council_organisation):
    _, decide = waiting_join
    StaffFactory(organisation=council_organisation, role="locality_manager")

    with pytest.raises(RolledBack), transaction.atomic():
        decide(joins_link=JOINS_LINK)
        assert Message.objects.filter(template="join_waiting").count() == 1
        raise RolledBack

    assert not PendingJoin.objects.exists()
    assert not Message.objects.filter(template="join_waiting").exists()


def test_the_email_names_the_request_and_nothing_about_the_family(waiting_join, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    request, _ = waiting_join

    notify.send(
        "join_waiting",
        to="manager@example.org",
        personalisation={"reference": request.reference, "link": JOINS_LINK, "service_name": "FH"},
    )

    (email,) = mail.outbox
    text = email.subject + email.body
    assert request.reference in email.subject
    assert JOINS_LINK in email.body
    for personal in ("Yusuf", "Ahmed", "E1 1BB", "2020"):
        assert personal not in text


def test_the_triage_page_sends_the_joins_pages_full_address(
    client, staff_sign_in, waiting_join, council, council_organisation
):
    request, _ = waiting_join
    StaffFactory(organisation=council_organisation, role="locality_manager")
    triage = StaffFactory(organisation=council_organisation, role="triage")
    lead = StaffFactory(
        organisation=OrganisationFactory(name="School nursing", local_authority=council),
        role="lead_professional",
    )
    described = request.people.get(role="child")
    yusuf = Person.objects.get(given_name="Yusuf", households__isnull=False)
    staff_sign_in(triage)

    response = client.post(
        reverse("triage:detail", args=[request.pk]),
        {
            "level": NeedLevel.objects.get(local_authority=council, number=2).pk,
            "reason": "Known to early help.",
            "lead_professional": lead.pk,
            f"match_{described.pk}": str(yusuf.pk),
        },
    )

    assert response.status_code == 302
    assert PendingJoin.objects.filter(request=request).exists()
    message = Message.objects.get(template="join_waiting")
    assert message.personalisation["link"] == "http://testserver/staff/triage/joins/"
