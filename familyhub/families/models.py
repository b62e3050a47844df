"""The shared family record: households, people, who is involved, the chronology, and consent.

One record across agencies, so families tell their story once. What a member of staff may see is
decided in `families.rules`; every read and change is written to the audit trail.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Organisation
from familyhub.directory.models import Language, Location
from familyhub.places.models import LocalAuthority, Locality


class Family(models.Model):
    """A household: the people who live together and the help around them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    # A short reference staff can read out on the phone.
    reference = models.CharField(max_length=12, unique=True)
    name = models.CharField(_("family name"), max_length=120)
    address_1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    locality = models.ForeignKey(Locality, on_delete=models.SET_NULL, null=True, blank=True)
    hub = models.ForeignKey(Location, on_delete=models.SET_NULL, null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Not known")


class Ethnicity(models.TextChoices):
    """The ethnic groups of the 2021 Census in England and Wales (ONS, 19 categories), as the
    person describes themselves, with "prefer not to say" and "not asked yet" so that a blank
    never has to be guessed at. The labels carry their high-level group, as the census has it."""

    ASIAN_BANGLADESHI = "asian_bangladeshi", _("Asian, Asian British or Asian Welsh: Bangladeshi")
    ASIAN_CHINESE = "asian_chinese", _("Asian, Asian British or Asian Welsh: Chinese")
    ASIAN_INDIAN = "asian_indian", _("Asian, Asian British or Asian Welsh: Indian")
    ASIAN_PAKISTANI = "asian_pakistani", _("Asian, Asian British or Asian Welsh: Pakistani")
    ASIAN_OTHER = (
        "asian_other",
        _("Asian, Asian British or Asian Welsh: any other Asian background"),
    )
    BLACK_AFRICAN = (
        "black_african",
        _("Black, Black British, Black Welsh, Caribbean or African: African"),
    )
    BLACK_CARIBBEAN = (
        "black_caribbean",
        _("Black, Black British, Black Welsh, Caribbean or African: Caribbean"),
    )
    BLACK_OTHER = (
        "black_other",
        _(
            "Black, Black British, Black Welsh, Caribbean or African: any other Black, "
            "Black British or Caribbean background"
        ),
    )
    MIXED_WHITE_ASIAN = "mixed_white_asian", _("Mixed or Multiple ethnic groups: White and Asian")
    MIXED_WHITE_BLACK_AFRICAN = (
        "mixed_white_black_african",
        _("Mixed or Multiple ethnic groups: White and Black African"),
    )
    MIXED_WHITE_BLACK_CARIBBEAN = (
        "mixed_white_black_caribbean",
        _("Mixed or Multiple ethnic groups: White and Black Caribbean"),
    )
    MIXED_OTHER = (
        "mixed_other",
        _("Mixed or Multiple ethnic groups: any other Mixed or Multiple ethnic background"),
    )
    WHITE_BRITISH = "white_british", _("White: English, Welsh, Scottish, Northern Irish or British")
    WHITE_IRISH = "white_irish", _("White: Irish")
    WHITE_GYPSY_TRAVELLER = "white_gypsy_traveller", _("White: Gypsy or Irish Traveller")
    WHITE_ROMA = "white_roma", _("White: Roma")
    WHITE_OTHER = "white_other", _("White: any other White background")
    OTHER_ARAB = "other_arab", _("Other ethnic group: Arab")
    OTHER_ANY = "other_any", _("Other ethnic group: any other ethnic group")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")
    NOT_ASKED = "not_asked", _("Not asked yet")


class Person(models.Model):
    """Somebody in a family's record, an unborn child included. The same person is kept once
    across requests and agencies: see `families.matching`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    given_name = models.CharField(_("first name"), max_length=100, blank=True)
    family_name = models.CharField(_("last name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # An unborn child has a due date and no date of birth.
    due_date = models.DateField(_("due date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    nhs_number = models.CharField(_("NHS number"), max_length=10, blank=True, db_index=True)
    upn = models.CharField(_("unique pupil number"), max_length=13, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    languages = models.ManyToManyField(Language, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    send = models.BooleanField(_("special educational needs or disabilities"), default=False)
    ehc_plan = models.BooleanField(_("education, health and care plan"), default=False)
    ethnicity = models.CharField(
        _("ethnic group"), max_length=30, choices=Ethnicity.choices, default=Ethnicity.NOT_ASKED
    )
    # Set when this record was merged into another; undone from the audit trail.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["local_authority", "date_of_birth"], name="person_la_dob"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_of_birth__isnull=True) | models.Q(due_date__isnull=True),
                name="person_born_or_due",
            )
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part) or str(
            _("Unborn baby")
        )


class Membership(models.Model):
    """A person's place in a household."""

    class Role(models.TextChoices):
        CHILD = "child", _("Child or young person")
        UNBORN = "unborn", _("Unborn child")
        PARENT = "parent", _("Parent")
        CARER = "carer", _("Carer")
        ADULT = "adult", _("Other adult")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="households")
    role = models.CharField(max_length=10, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["family", "person"], name="family_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Relationship(models.Model):
    class Kind(models.TextChoices):
        PARENT_OF = "parent_of", _("is a parent of")
        CARER_OF = "carer_of", _("is a carer of")
        SIBLING_OF = "sibling_of", _("is a brother or sister of")
        PARTNER_OF = "partner_of", _("is the partner of")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()} {self.other}"


class Involvement(models.Model):
    """An agency, and a named worker, working with the family for a time."""

    class Role(models.TextChoices):
        LEAD_PROFESSIONAL = "lead_professional", _("Lead professional")
        TEAM_MEMBER = "team_member", _("Team Around the Family member")
        HUB_TEAM = "hub_team", _("Locality hub team")
        ACCESS_TEAM = "access_team", _("Front door access team")
        PRACTITIONER = "practitioner", _("Practitioner")
        SOCIAL_CARE = "social_care", _("Children's social care")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="involvements")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    started = models.DateField()
    ended = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "ended"], name="involvement_org_open")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class ChronologyEvent(models.Model):
    """A significant event in the family's life, as any involved agency recorded it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="chronology")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    occurred_on = models.DateField(_("date"))
    summary = models.CharField(_("what happened"), max_length=200)
    detail = models.TextField(_("details"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-recorded_at"]
        indexes = [models.Index(fields=["family", "-occurred_on"], name="chronology_family_date")]

    def __str__(self) -> str:
        return f"{self.occurred_on}: {self.summary}"


class LawfulBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (UK GDPR 6(1)(a))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (6(1)(c))")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (6(1)(d))")
    PUBLIC_TASK = "public_task", _("Public task (6(1)(e))")


class Consent(models.Model):
    """What a family agreed to share, with which organisations, for what, and how."""

    class Scope(models.TextChoices):
        WHOLE_RECORD = "whole_record", _("The whole family record")
        CONTACT_DETAILS = "contact_details", _("Names and contact details only")
        CHRONOLOGY = "chronology", _("Events and notes")

    class Given(models.TextChoices):
        ONLINE = "online", _("Online, in the request form")
        WRITTEN = "written", _("In writing")
        VERBAL = "verbal", _("Spoken, recorded by a practitioner")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="consents")
    given_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True)
    scope = models.CharField(max_length=20, choices=Scope.choices)
    organisations = models.ManyToManyField(Organisation, related_name="+")
    purpose = models.CharField(_("why"), max_length=300)
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices)
    given_at = models.DateTimeField()
    given_how = models.CharField(max_length=10, choices=Given.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_how = models.CharField(max_length=10, choices=Given.choices, blank=True)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.given_at:%d %b %Y})"


class SafeguardingOverride(models.Model):
    """Sharing without consent to protect a child: by a named role, with a reason, flagged."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="overrides")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices)
    starts = models.DateTimeField()
    ends = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Override for {self.organisation} from {self.starts:%d %b %Y}"
