"""The front door: a family asks for help once, or a practitioner refers, and the multi-agency
access team places the request on the council's continuum of needs and routes it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Organisation
from familyhub.directory.models import Language, Location, Service
from familyhub.families.models import Family, Membership, Person, Sex
from familyhub.places.models import LocalAuthority, Locality


class NeedLevel(models.Model):
    """One level of a council's continuum of needs, with its route and its timers.

    Data, not code: Tower Hamlets has four levels; a council on the Families First "Family Help"
    model configures its own.
    """

    class Route(models.TextChoices):
        SIGNPOST = "signpost", _("Signpost to services")
        HUB_ALLOCATION = "hub_allocation", _("Allocate to the locality hub team")
        SOCIAL_CARE = "social_care", _("Hand over to children's social care now")

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)
    route = models.CharField(max_length=20, choices=Route.choices)

    class Meta:
        ordering = ["local_authority", "number"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "number"], name="need_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.name}"


class TriageStandard(models.Model):
    """How quickly a council's front door contacts a family and decides: its queue's timers."""

    local_authority = models.OneToOneField(LocalAuthority, on_delete=models.CASCADE)
    first_contact_hours = models.PositiveIntegerField(
        default=24, help_text=_("Contact the family within this many hours of the request")
    )
    decision_hours = models.PositiveIntegerField(
        default=72, help_text=_("Decide the level within this many hours of the request")
    )
    # A possible safeguarding concern is decided at once: this is the whole allowance.
    urgent_decision_hours = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Triage standard for {self.local_authority}"


# What insight counts requests by (familyhub/insight/indicators_frontdoor.py), carried in the
# indexes it reads them through (the id too: it counts ids).
INSIGHT_COLUMNS = [
    "id",
    "local_authority",
    "source",
    "language",
    "level",
    "family",
    "help_choices",
    "safeguarding_concern",
    "first_contact_at",
    "decided_at",
]


class SupportRequest(models.Model):
    class Source(models.TextChoices):
        FAMILY = "family", _("The family")
        PRACTITIONER = "practitioner", _("A practitioner")
        # Children's social care stepping a family down into early help, known to the record
        # or not: triage allocates it like any request, and its episode is a step-down.
        STEP_DOWN = "step_down", _("Stepped down by children's social care")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not sent yet")
        NEW = "new", _("Waiting for triage")
        SIGNPOSTED = "signposted", _("Signposted to services")
        ALLOCATED = "allocated", _("Allocated to a hub team")
        HANDED_OVER = "handed_over", _("Handed over to children's social care")
        REFERRED = "referred", _("Sent to a service")

    class Contact(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        EMAIL = "email", _("Email")
        LETTER = "letter", _("Letter")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    reference = models.CharField(max_length=12, unique=True)
    # The secret in a family's "save and come back later" link.
    resume_token = models.CharField(max_length=64, unique=True)
    # Sent with the final form: a second submission with the same key finds the same request.
    submission_key = models.UUIDField(unique=True, null=True, blank=True)
    source = models.CharField(max_length=15, choices=Source.choices)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.DRAFT)
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referrer_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A practitioner's referral straight to a directory service that accepts referrals.
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )

    class Answer(models.TextChoices):
        """Where a referral to a service has got to, in the states DfE's "Connect families to
        support" uses. Blank for every request that did not go straight to a service."""

        NEW = "new", _("New")
        OPENED = "opened", _("Opened")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")

    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True, db_index=True)

    class Requester(models.TextChoices):
        PARENT = "parent", _("I am a parent or carer")
        YOUNG_PERSON = "young_person", _("I am a young person")

    class Help(models.TextChoices):
        MONEY = "money", _("Money, bills or debt")
        HOUSING = "housing", _("Housing or a safe place to live")
        PARENTING = "parenting", _("Being a parent, like sleep, behaviour or routines")
        BABY = "baby", _("Pregnancy or a new baby")
        SCHOOL = "school", _("School, nursery or childcare")
        HEALTH = "health", _("Health or feeling low, worried or stressed")
        SEND = "send", _("Special educational needs or disability (SEND)")
        HOME = "home", _("Arguments or violence at home")
        DRUGS = "drugs", _("Drugs or alcohol")
        TALK = "talk", _("Someone to talk to")
        NOT_SURE = "not_sure", _("I am not sure")

    requester = models.CharField(max_length=15, choices=Requester.choices, blank=True)
    # What the family told us, in their own words, and the kinds of help they ticked.
    worries = models.TextField(_("what is worrying you"), blank=True)
    help_choices = models.JSONField(default=list, blank=True)
    help_wanted = models.TextField(_("what help you would like"), blank=True)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, null=True, blank=True)
    interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    contact_name = models.CharField(_("name"), max_length=150, blank=True)
    contact_method = models.CharField(max_length=10, choices=Contact.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address_1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    # None until the question is answered: "no" and "not asked yet" are different answers.
    consent_to_share = models.BooleanField(null=True, default=None)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    safeguarding_concern = models.BooleanField(
        _("a child may be at risk of harm"), null=True, default=None
    )
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    # The triage decision.
    level = models.ForeignKey(NeedLevel, on_delete=models.PROTECT, null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    locality = models.ForeignKey(Locality, on_delete=models.SET_NULL, null=True, blank=True)
    hub = models.ForeignKey(Location, on_delete=models.SET_NULL, null=True, blank=True)
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    family = models.ForeignKey(
        Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["local_authority", "status"], name="request_la_status"),
            # A family's requests by date: whether a request came within a year of another
            # (insight's re-referrals) is one probe of this index per request.
            models.Index(fields=["family", "submitted_at"], name="request_family_sent"),
            # A council's or a locality's requests sent in a stretch of time, with what insight
            # counts them by: on PostgreSQL its indicators read these indexes alone, never the
            # wide rows (a year of a locality is thousands of rows spread over the table).
            models.Index(
                fields=["local_authority", "submitted_at"],
                include=INSIGHT_COLUMNS,
                name="request_la_sent",
            ),
            models.Index(
                fields=["locality", "submitted_at"],
                include=INSIGHT_COLUMNS,
                name="request_locality_sent",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def help_labels(self) -> list[str]:
        """The kinds of help ticked, in words."""
        labels = dict(self.Help.choices)
        return [str(labels[key]) for key in self.help_choices if key in labels]


class RequestPerson(models.Model):
    """Somebody the request is about, as the family or referrer described them."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=10, choices=Membership.Role.choices)
    given_name = models.CharField(_("first name"), max_length=100, blank=True)
    family_name = models.CharField(_("last name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    nhs_number = models.CharField(_("NHS number"), max_length=10, blank=True)
    # The person in the shared record this turned out to be, once a human confirmed it.
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True)

    def __str__(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p) or self.role


class ReferralAnswer(models.Model):
    """One step of a referral to a service: who at the service moved it on, when, and why
    (a decline's reason, a completion's outcome). The referrer reads these; the audit trail
    keeps its own record."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(max_length=10, choices=SupportRequest.Answer.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} {self.answer}"
