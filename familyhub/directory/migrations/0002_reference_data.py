"""Reference data every deployment needs: the DfE family hubs service taxonomy and languages.

The ids are fixed (the taxonomy's uuid, and uuid5 of a fixed namespace and the CSV id for each
term) so that the same category has the same id in every deployment and in the ORUK feed, and so
that another family hubs directory using the national taxonomy can be merged without mapping.
"""

import csv
import uuid
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

# Fixed for ever: published over the ORUK API and relied on by the demo borough loader.
DFE_TAXONOMY_ID = uuid.UUID("489752cf-4a50-4db7-8dbf-b5f17182b000")
DFE_TERM_NAMESPACE = uuid.UUID("5f731966-49cc-45f5-ba8e-79c878060da4")

# Read from the app, not from the design folder, so that a deployed app can migrate on its own.
TAXONOMY_CSV = Path(__file__).resolve().parent.parent / "reference" / "dfe-service-taxonomy.csv"

LANGUAGES = [
    ("en", "English"),
    ("bn", "Bengali"),
    ("so", "Somali"),
    ("syl", "Sylheti"),
    ("ur", "Urdu"),
    ("ar", "Arabic"),
    ("pl", "Polish"),
    ("tr", "Turkish"),
    ("pt", "Portuguese"),
    ("es", "Spanish"),
    ("ro", "Romanian"),
    ("lt", "Lithuanian"),
    ("fr", "French"),
    ("zh", "Chinese"),
    ("ta", "Tamil"),
    ("gu", "Gujarati"),
    ("pa", "Punjabi"),
    ("sq", "Albanian"),
    # ISO 639-3: British Sign Language has no two-letter code.
    ("bfi", "British Sign Language"),
]


def term_id(csv_id: str) -> uuid.UUID:
    return uuid.uuid5(DFE_TERM_NAMESPACE, csv_id)


def load_reference_data(apps, schema_editor):
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    Language = apps.get_model("directory", "Language")

    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=DFE_TAXONOMY_ID,
        defaults={
            "name": "DfE family hubs service taxonomy",
            "description": (
                "The two-level service taxonomy of the national family hubs directory (DfE Find "
                "support for your family / Connect families to support), MIT licence."
            ),
        },
    )
    with TAXONOMY_CSV.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    used_slugs: set[str] = set()
    for row in rows:
        base = slugify(row["name"])
        slug, n = base, 2
        # Two names may slugify alike; the taxonomy's terms are addressed by slug in URLs.
        while slug in used_slugs:
            slug, n = f"{base}-{n}", n + 1
        used_slugs.add(slug)
        TaxonomyTerm.objects.update_or_create(
            id=term_id(row["id"]),
            defaults={
                "taxonomy": taxonomy,
                "local_authority": None,
                "code": row["id"],
                "name": row["name"],
                "slug": slug,
                "parent": None,
            },
        )
    # Parents in a second pass, so the CSV need not list a parent before its children.
    for row in rows:
        if row["parent_id"]:
            TaxonomyTerm.objects.filter(id=term_id(row["id"])).update(
                parent_id=term_id(row["parent_id"])
            )

    for code, name in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name})


def unload_reference_data(apps, schema_editor):
    Taxonomy = apps.get_model("directory", "Taxonomy")
    Language = apps.get_model("directory", "Language")
    # Terms go with their taxonomy (on_delete=CASCADE).
    Taxonomy.objects.filter(id=DFE_TAXONOMY_ID).delete()
    Language.objects.filter(code__in=[code for code, _ in LANGUAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_reference_data, unload_reference_data),
    ]
