"""Where things are: local authorities, their localities and the postcodes that locate it all."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalAuthority(models.Model):
    """A council. Every record in the system belongs to one, named by its ONS code."""

    code = models.CharField(_("ONS code"), max_length=9, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Locality(models.Model):
    """A part of a borough with its own main hub and Locality Partnership."""

    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="localities"
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField()
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["local_authority", "name"]
        verbose_name_plural = "localities"
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "slug"], name="locality_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name


class LocalitySector(models.Model):
    """A postcode sector (e.g. "E1 4") served by a locality: how an address finds its locality."""

    locality = models.ForeignKey(Locality, on_delete=models.CASCADE, related_name="sectors")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE)
    sector = models.CharField(max_length=6)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "sector"], name="locality_sector_unique"
            )
        ]

    def __str__(self) -> str:
        return self.sector


class Postcode(models.Model):
    """One row of the ONS Postcode Directory, for the local authorities this deployment serves.

    Easting/northing (British National Grid, metres) make distance plain arithmetic that SQLite
    and PostgreSQL both index; latitude/longitude are kept for ORUK output and maps.
    """

    postcode = models.CharField(max_length=8, primary_key=True)
    local_authority_code = models.CharField(max_length=9, db_index=True)
    easting = models.IntegerField()
    northing = models.IntegerField()
    latitude = models.FloatField()
    longitude = models.FloatField()
    # Set when a postcode drops out of a newer ONSPD release: kept so old addresses still explain.
    terminated = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.postcode
