"""The reference data every deployment needs (migration 0002): the DfE taxonomy and languages."""

import importlib
import uuid

import pytest
from django.apps import apps

from familyhub.directory.models import Language, Taxonomy, TaxonomyTerm

reference_data = importlib.import_module("familyhub.directory.migrations.0002_reference_data")
DFE_TAXONOMY_ID = reference_data.DFE_TAXONOMY_ID


@pytest.mark.django_db
def test_reference_data_has_the_dfe_taxonomy_in_two_levels():
    terms = TaxonomyTerm.objects.filter(taxonomy_id=DFE_TAXONOMY_ID)

    assert Taxonomy.objects.get(id=DFE_TAXONOMY_ID).name == "DfE family hubs service taxonomy"
    assert terms.filter(parent__isnull=True).count() == 6
    assert terms.filter(parent__isnull=False).count() == 43
    assert terms.filter(parent__parent__isnull=False).count() == 0
    assert len(set(terms.values_list("slug", flat=True))) == 49


@pytest.mark.django_db
def test_reference_data_term_ids_are_uuid5_of_the_csv_id():
    term = TaxonomyTerm.objects.get(taxonomy_id=DFE_TAXONOMY_ID, code="34")

    assert term.name == "Infant feeding support (including breastfeeding)"
    assert term.id == uuid.uuid5(reference_data.DFE_TERM_NAMESPACE, "34")
    assert term.parent.code == "4"
    assert term.slug == "infant-feeding-support-including-breastfeeding"


@pytest.mark.django_db
def test_reference_data_has_local_languages_with_iso_codes():
    assert Language.objects.count() >= 19
    assert Language.objects.get(code="bn").name == "Bengali"
    assert Language.objects.get(code="so").name == "Somali"
    assert Language.objects.get(code="bfi").name == "British Sign Language"


@pytest.mark.django_db
def test_reference_data_migration_reverses_and_reapplies():
    reference_data.unload_reference_data(apps, None)

    assert not Taxonomy.objects.filter(id=DFE_TAXONOMY_ID).exists()
    assert not TaxonomyTerm.objects.filter(taxonomy_id=DFE_TAXONOMY_ID).exists()
    assert not Language.objects.filter(code__in=["en", "bn", "so", "bfi"]).exists()

    reference_data.load_reference_data(apps, None)

    assert TaxonomyTerm.objects.filter(taxonomy_id=DFE_TAXONOMY_ID).count() == 49
    assert Language.objects.filter(code__in=["en", "bn", "so", "bfi"]).count() == 4
