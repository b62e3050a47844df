"""The partner organisations of the demo borough (data/organisations.csv): every sector, most
approved.

Names are realistic but generic; none is meant to be a real charity or person. Contact details
use example.org and Ofcom's drama numbers (020 7946 0000 to 0999), which are never allocated.
"""

from dataclasses import dataclass
from functools import cache

from django.utils.text import slugify

from familyhub.accounts.models import Organisation, Sector
from familyhub.demo.datafiles import choice, read_csv
from familyhub.demo.ids import demo_id
from familyhub.places.models import LocalAuthority


@dataclass(frozen=True)
class Org:
    key: str  # how the rest of the demo refers to it; never changes
    name: str
    sector: str
    status: str
    description: str

    @property
    def slug(self) -> str:
        return slugify(self.name)


@cache
def demo_organisations() -> tuple[Org, ...]:
    """The organisations in file order: each one's phone number follows from its position."""
    return tuple(
        Org(
            key=row["key"],
            name=row["name"],
            sector=choice(Sector, row["sector"], f"organisation {row['key']}"),
            status=choice(Organisation.Status, row["status"], f"organisation {row['key']}"),
            description=row["description"],
        )
        for row in read_csv("organisations.csv")
    )


def load_organisations(la: LocalAuthority) -> dict[str, Organisation]:
    """Create or refresh the demo organisations, keyed as in the data file."""
    loaded = {}
    for number, org in enumerate(demo_organisations()):
        loaded[org.key], _ = Organisation.objects.update_or_create(
            id=demo_id("organisation", org.key),
            defaults={
                "local_authority": la,
                "name": org.name,
                "slug": org.slug,
                "sector": org.sector,
                "description": org.description,
                "email": f"{org.key}@example.org",
                # One drama number per organisation, stable while the list only grows at the end.
                "phone": f"020 7946 0{100 + number:03d}",
                "website": f"https://{org.key}.example.org/",
                "status": org.status,
            },
        )
    return loaded
