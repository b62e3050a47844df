"""factory_boy factories for Start for Life, named by state.

notification = BirthNotificationFactory()          # a baby born 10 days ago, by text
pregnancy = PregnancyNotificationFactory()
invitation = InvitationFactory()                    # waiting for a welcome session
SentInvitationFactory(), MilestoneDoneFactory()
"""

import datetime as dt

import factory
from django.utils import timezone

from familyhub.families.models import Membership
from familyhub.startforlife.models import Invitation, Milestone, MilestoneDone, Notification
from tests.factories import StaffFactory
from tests.families_factories import FamilyFactory, PersonFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


class BirthNotificationFactory(factory.django.DjangoModelFactory):
    """A birth ten days ago, notified by the maternity unit, the parent asking for texts."""

    class Meta:
        model = Notification
        skip_postgeneration_save = True

    family = factory.SubFactory(FamilyFactory)
    local_authority = factory.SelfAttribute("family.local_authority")
    kind = Notification.Kind.BIRTH
    key = factory.Sequence(lambda n: f"birth:999{n:07d}:2026-01-01:1")
    notifying_service = "Royal London Hospital maternity"
    notified_on = factory.LazyFunction(lambda: days_ago(8))
    born_on = factory.LazyFunction(lambda: days_ago(10))
    baby = factory.SubFactory(
        PersonFactory,
        local_authority=factory.SelfAttribute("..family.local_authority"),
        date_of_birth=factory.SelfAttribute("..born_on"),
    )
    channel = "sms"
    contact = "07700 900982"
    language = "en-gb"

    @factory.post_generation
    def household(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            role = Membership.Role.CHILD if self.born_on else Membership.Role.UNBORN
            Membership.objects.get_or_create(
                family=self.family, person=self.baby, defaults={"role": role}
            )


class PregnancyNotificationFactory(BirthNotificationFactory):
    """A pregnancy due in three months."""

    kind = Notification.Kind.PREGNANCY
    key = factory.Sequence(lambda n: f"pregnancy:999{n:07d}:2026-09-01")
    born_on = None
    due_date = factory.LazyFunction(lambda: days_ago(-90))
    baby = factory.SubFactory(
        PersonFactory,
        unborn=True,
        local_authority=factory.SelfAttribute("..family.local_authority"),
        due_date=factory.SelfAttribute("..due_date"),
    )


class InvitationFactory(factory.django.DjangoModelFactory):
    """A birth's invitation, waiting for a welcome session."""

    class Meta:
        model = Invitation

    notification = factory.SubFactory(BirthNotificationFactory)
    family = factory.SelfAttribute("notification.family")
    born_on = factory.SelfAttribute("notification.born_on")


class SentInvitationFactory(InvitationFactory):
    status = Invitation.Status.SENT
    sent_at = factory.LazyFunction(timezone.now)


class MilestoneDoneFactory(factory.django.DjangoModelFactory):
    """The new birth visit, done on the baby's 12th day."""

    class Meta:
        model = MilestoneDone

    baby = factory.SubFactory(
        PersonFactory, date_of_birth=factory.LazyFunction(lambda: days_ago(20))
    )
    family = factory.SubFactory(
        FamilyFactory, local_authority=factory.SelfAttribute("..baby.local_authority")
    )
    milestone = Milestone.NEW_BIRTH_VISIT
    done_on = factory.LazyAttribute(lambda o: o.baby.date_of_birth + dt.timedelta(days=12))
    recorded_by = factory.SubFactory(StaffFactory)
