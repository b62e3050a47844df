"""The directory of the Family Hub network, shaped after Open Referral UK (HSDS UK profile 3.0).

Records carry UUID primary keys so that ids published over the ORUK API stay stable and so that
another publisher's records can be merged by their own ids without duplicating.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Organisation
from familyhub.places.models import LocalAuthority, Locality


class Location(models.Model):
    """A place where help is given: a hub, a spoke, a community venue, a bus stop, or online."""

    class Kind(models.TextChoices):
        MAIN_HUB = "main_hub", _("Family Hub (main hub)")
        SPOKE = "spoke", _("Family Hub spoke")
        VENUE = "venue", _("Community venue")
        BUS_STOP = "bus_stop", _("Outreach bus stop")
        VIRTUAL = "virtual", _("Online or by phone")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    locality = models.ForeignKey(
        Locality, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    # A spoke belongs to the main hub of its locality.
    hub = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="spokes"
    )
    kind = models.CharField(_("kind of place"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField(_("description"), blank=True)
    address_1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Access details that matter to SEND families (see design/domain.md).
    step_free = models.BooleanField(_("step-free access"), default=False)
    changing_places = models.BooleanField(_("Changing Places toilet"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    quiet_space = models.BooleanField(_("quiet space"), default=False)
    paper_towels = models.BooleanField(_("paper towels, no hand dryers"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    baby_changing = models.BooleanField(_("baby changing"), default=False)
    parking = models.BooleanField(_("parking nearby"), default=False)
    nearest_transport = models.CharField(_("nearest bus or DLR stop"), max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    # The access details above, as the search's filters, the editors' form and the index name them.
    ACCESS_FEATURES = (
        "step_free",
        "changing_places",
        "accessible_toilet",
        "quiet_space",
        "paper_towels",
        "hearing_loop",
        "baby_changing",
        "parking",
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["easting", "northing"], name="location_grid")]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "slug"], name="location_slug")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_hub_site(self) -> bool:
        return self.kind in {self.Kind.MAIN_HUB, self.Kind.SPOKE}

    @property
    def address_lines(self) -> list[str]:
        return [part for part in (self.address_1, self.address_2, self.city, self.postcode) if part]


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """A category of need or service. National terms have no local authority; local ones do."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, null=True, blank=True
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField(blank=True)
    term_uri = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language help is offered in (ISO 639 code)."""

    code = models.CharField(max_length=10, primary_key=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        DEFUNCT = "defunct", _("Closed")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")

    class Access(models.TextChoices):
        DROP_IN = "drop_in", _("Drop in")
        SELF_REFER = "self_refer", _("Contact or book yourself")
        REFERRAL = "referral", _("Needs a referral")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    # The same words in the languages of the public pages besides English, where the editor
    # gave them; blank shows the English (directory.texts chooses). ORUK publishes English only.
    name_bn = models.CharField(_("name in Bengali"), max_length=200, blank=True)
    description_bn = models.TextField(_("description in Bengali"), blank=True)
    name_so = models.CharField(_("name in Somali"), max_length=200, blank=True)
    description_so = models.TextField(_("description in Somali"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    access = models.CharField(_("how to get it"), max_length=12, choices=Access.choices)
    # Whether practitioners may refer into it from the staff area.
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=False)
    online = models.BooleanField(_("online"), default=False)
    by_phone = models.BooleanField(_("by phone"), default=False)
    # Ages in whole years; blank means no limit. Pregnancy is asked separately.
    minimum_age = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    for_pregnancy = models.BooleanField(_("for expectant parents"), default=False)
    is_free = models.BooleanField(_("free"), default=True)
    fees_description = models.CharField(_("cost details"), max_length=300, blank=True)
    interpreter = models.BooleanField(_("interpreter available"), default=False)
    sibling_creche = models.BooleanField(_("crèche for brothers and sisters"), default=False)
    bsl = models.BooleanField(_("British Sign Language"), default=False)
    # Support a family can ask for that belongs to the service rather than to the place.
    ACCESS_FEATURES = ("interpreter", "sibling_creche", "bsl")
    languages = models.ManyToManyField(Language, blank=True, related_name="services")
    terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    last_checked = models.DateField(_("details last checked"))
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["local_authority", "status"], name="service_la_status"),
            models.Index(fields=["last_checked"], name="service_last_checked"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="at_locations")
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_at_location")
        ]

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Weekday(models.IntegerChoices):
    """Numbered as Python's date.weekday() so that ordering by day is the week's order."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# iCalendar BYDAY codes, as ORUK schedules use them.
BYDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class Schedule(models.Model):
    """A regular weekly session of a service at one of its places."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, related_name="schedules"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("starts"))
    closes_at = models.TimeField(_("ends"))
    description = models.CharField(_("session"), max_length=200, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")),
                name="schedule_opens_before_closing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.option


class SearchEntry(models.Model):
    """One row per service at a place, holding everything the public search filters on.

    A search over national data must not join five tables and probe two more per candidate:
    this table is read alone, through its grid index, and a page of results is rendered from it
    without touching the rows it was built from. Multi-valued facets (categories with their
    parents, languages, days, access features) are space-delimited tokens such as
    " c:<term> l:bn d:1 f:quiet_space ", so that any database matches them with LIKE. It is
    derived data: `directory.search_index` rebuilds it after every write that changes what a
    search would find.
    """

    service_at_location = models.OneToOneField(
        ServiceAtLocation, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    # Plain ids, not keys: the result card links to these pages without fetching the rows.
    service_id = models.UUIDField()
    location_id = models.UUIDField()
    local_authority_code = models.CharField(max_length=9)
    kind = models.CharField(max_length=10, choices=Location.Kind.choices)
    easting = models.IntegerField(null=True)
    northing = models.IntegerField(null=True)
    service_name = models.CharField(max_length=200)
    location_name = models.CharField(max_length=200)
    # Lower-cased service name and description (with their Bengali and Somali) and organisation
    # name, for keyword search.
    text = models.TextField()
    minimum_age = models.PositiveSmallIntegerField(null=True)
    maximum_age = models.PositiveSmallIntegerField(null=True)
    for_pregnancy = models.BooleanField()
    is_free = models.BooleanField()
    access = models.CharField(max_length=12, choices=Service.Access.choices)
    online = models.BooleanField()
    by_phone = models.BooleanField()
    facets = models.TextField()
    # What a result card shows beyond the columns above (the service's name in Bengali and
    # Somali, organisation, postcode, cost, sessions, languages), so that a page of results is
    # one query.
    card = models.JSONField()

    class Meta:
        indexes = [
            models.Index(fields=["easting", "northing"], name="search_entry_grid"),
            models.Index(fields=["local_authority_code", "kind"], name="search_entry_la_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.service_name} at {self.location_name}"


class OrganisationApplication(models.Model):
    """Somebody asked for their organisation to be listed: who, and what was decided.

    Applying creates no account: the directory manager's approval does, and the contact then
    sets a password from an emailed link. Until then the contact is only a name and an address.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="application"
    )
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_email = models.EmailField(_("contact email"))
    # The language the contact applied in: the decision is emailed in it too.
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "rejected"]),
                name="organisation_application_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.status})"
