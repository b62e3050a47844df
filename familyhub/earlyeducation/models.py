"""The 2-year-old offer: the children on DWP's termly lists, their eligibility each term, the
invitation each family got, and the places they took up.

    EligibleChild   one child, however many lists name them (child_key, unique)
    Eligibility     that child on one term's list (one per child per term), with its code
    ListImport      one uploaded list: who, when, how many rows kept, and the refused ones
    Invitation      the one invitation an eligibility gets (email, text or letter)
    TakeUp          the child took up a funded place: where and from when
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.directory.models import Service
from familyhub.places.models import LocalAuthority, Locality


class Season(models.TextChoices):
    """The three funding periods of the year, named as councils name the terms."""

    SPRING = "spring", _("Spring")
    SUMMER = "summer", _("Summer")
    AUTUMN = "autumn", _("Autumn")


class EligibleChild(models.Model):
    """A child a DWP list named. A later list updates the name, address and contact details;
    `child_key` (rules.child_key: a hash of the parent's National Insurance number, the child's
    date of birth and name) finds the same child again without keeping the NI number."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    child_key = models.CharField(max_length=64, unique=True)
    first_name = models.CharField(_("child's first name"), max_length=100)
    last_name = models.CharField(_("child's last name"), max_length=100)
    date_of_birth = models.DateField(_("child's date of birth"))
    parent_name = models.CharField(_("parent or carer"), max_length=200)
    address_1 = models.CharField(max_length=200)
    address_2 = models.CharField(max_length=200, blank=True)
    address_3 = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=8)
    email = models.EmailField(blank=True)
    mobile = models.CharField(max_length=20, blank=True)
    language = models.CharField(max_length=10, default="en-gb")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "eligible children"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def address_lines(self) -> list[str]:
        return [line for line in (self.address_1, self.address_2, self.address_3) if line]


class ListImport(models.Model):
    """One termly list as it was uploaded, and what became of its rows. `problems` holds
    [row number, reason] pairs: reasons name the column, never the value (no personal data)."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    term_year = models.PositiveSmallIntegerField()
    term_season = models.CharField(max_length=6, choices=Season.choices)
    file_name = models.CharField(max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    rows_read = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    already_listed = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.term_season} {self.term_year} list ({self.file_name})"

    @property
    def refused(self) -> int:
        return len(self.problems)


class Eligibility(models.Model):
    """A child on one term's list: the family may claim a funded place that term. `code` is
    what the family quotes to a provider, and what the council records a take-up by."""

    child = models.ForeignKey(EligibleChild, on_delete=models.CASCADE, related_name="terms")
    term_year = models.PositiveSmallIntegerField()
    term_season = models.CharField(max_length=6, choices=Season.choices)
    # Where the family lived when the list named them: the figures count them there.
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=12, unique=True)
    first_listed_in = models.ForeignKey(ListImport, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "eligibilities"
        constraints = [
            models.UniqueConstraint(
                fields=["child", "term_year", "term_season"], name="eligibility_once_a_term"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Invitation(models.Model):
    """The invitation to claim a place: one per eligibility, whoever asks twice. A letter is
    printed from the letter list; email and text go through the notifications outbox."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")
        LETTER = "letter", _("Letter")

    eligibility = models.OneToOneField(
        Eligibility, on_delete=models.CASCADE, related_name="invitation"
    )
    channel = models.CharField(max_length=6, choices=Channel.choices)
    # The providers it named, as it named them (name and address), for the letter and support.
    providers = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Invitation {self.eligibility}"


class TakeUp(models.Model):
    """The child took up a funded place with a provider from the directory."""

    eligibility = models.OneToOneField(
        Eligibility, on_delete=models.CASCADE, related_name="take_up"
    )
    provider = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    started = models.DateField(_("start date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Take-up {self.eligibility}"
