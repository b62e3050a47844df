"""Staff and the organisations they work for: who they are, where, and in what role.

An organisation is every partner of the Family Hub system (council, NHS, school, voluntary
group…). It lives here, at the foot of the stack, because staff belong to one; the directory
publishes it (ORUK) and the shared record involves it, both by calling down to this app.
"""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.places.models import LocalAuthority


class Sector(models.TextChoices):
    COUNCIL = "council", _("Council")
    NHS = "nhs", _("NHS")
    SCHOOL = "school", _("School or college")
    POLICE = "police", _("Police")
    HOUSING = "housing", _("Housing association")
    VOLUNTARY = "voluntary", _("Voluntary and community")
    FAITH = "faith", _("Faith group")
    PRIVATE = "private", _("Private provider")


class Organisation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "slug"], name="organisation_slug")
        ]

    def __str__(self) -> str:
        return self.name


class StaffUserManager(UserManager):
    """Staff sign in with their work email address; there is no separate username."""

    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email or username)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = StaffUserManager()

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    DIRECTORY_EDITOR = "directory_editor", _("Directory editor")
    # Approves organisations and watches for stale entries across the local authority.
    DIRECTORY_MANAGER = "directory_manager", _("Directory manager")
    TRIAGE = "triage", _("Front door triage")
    LEAD_PROFESSIONAL = "lead_professional", _("Lead professional")
    PRACTITIONER = "practitioner", _("Partner practitioner")
    LOCALITY_MANAGER = "locality_manager", _("Locality manager")
    DATA_ANALYST = "data_analyst", _("Data analyst")
    # Answers the council's subject access, rectification and erasure requests: the one role
    # that reads everything held about a person, and each time it does so is audited.
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")
    # A social worker of the council's children's social care: answers the front door's and
    # early help's handovers at levels 3 and 4, and steps families down into early help.
    SOCIAL_WORKER = "social_worker", _("Social worker (children's social care)")


class Membership(models.Model):
    """A member of staff's role in one organisation. One person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"
