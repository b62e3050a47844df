"""Editors add a service's name and description in Bengali and Somali; the public pages show the
reader's language, and English, marked lang="en", where the editor gave none."""

import re

import pytest
from django.conf import settings

from familyhub.accounts.models import Role
from familyhub.directory.forms import DESCRIPTION_MAX_LENGTH, ServiceForm
from familyhub.directory.models import Location, SearchEntry, Service
from familyhub.directory.search_index import search_entries_refresh
from familyhub.directory.selectors import DirectorySearch, directory_search
from familyhub.directory.texts import ReaderText, chosen_text, service_text
from tests.accounts.helpers import sign_in_verified
from tests.directory.reading import read_in
from tests.directory.test_manage import service_post_data
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.usefixtures("postcodes")

NAME_BN = "খেলা ও গান"
DESCRIPTION_BN = "শিশুদের সঙ্গে খেলুন।\nগান গাই।"
ENGLISH_NAME = "Stay and play"
ENGLISH_DESCRIPTION = "Play and songs for under-fives."


@pytest.fixture
def stay_and_play():
    """A public service at a hub, with Bengali words and no Somali ones."""
    sal = ServiceAtLocationFactory(
        service__name=ENGLISH_NAME,
        service__description=ENGLISH_DESCRIPTION,
        service__name_bn=NAME_BN,
        service__description_bn=DESCRIPTION_BN,
        location__kind=Location.Kind.MAIN_HUB,
        location__name="Bow Family Hub",
    )
    ScheduleFactory(service_at_location=sal)
    search_entries_refresh(service_ids=[sal.service_id])
    return sal.service


# Choosing the words


def test_a_bengali_reader_gets_the_bengali_and_an_english_one_the_english():
    translations = {"bn": "বাংলা", "so": "Soomaali"}
    assert chosen_text("English", translations, "bn") == ReaderText("বাংলা")
    assert chosen_text("English", translations, "so") == ReaderText("Soomaali")
    assert chosen_text("English", translations, "en") == ReaderText("English")


def test_missing_or_blank_words_fall_back_to_english_marked_as_such():
    assert chosen_text("English", {"bn": "  "}, "bn") == ReaderText("English", is_fallback=True)
    assert chosen_text("English", {}, "so") == ReaderText("English", is_fallback=True)


def test_a_search_result_carries_the_names_and_never_a_description(stay_and_play):
    entry = SearchEntry.objects.get(service_id=stay_and_play.pk)
    assert entry.card["names"] == {"bn": NAME_BN}
    assert service_text(entry, "name", "bn") == ReaderText(NAME_BN)
    assert service_text(entry, "name", "so") == ReaderText(ENGLISH_NAME, is_fallback=True)
    with pytest.raises(ValueError):
        service_text(entry, "description", "bn")


# The public pages


def test_the_service_page_is_in_bengali_where_the_editor_wrote_it(client, stay_and_play):
    page = read_in(client, "bn", f"/services/{stay_and_play.pk}")
    assert f'<h1 class="govuk-heading-xl">{NAME_BN}</h1>' in page
    assert "শিশুদের সঙ্গে খেলুন।<br>গান গাই।" in page
    assert re.search(rf"<title>\s*{NAME_BN} –", page)
    assert ENGLISH_DESCRIPTION not in page
    assert '<span lang="en">' not in page


def test_the_service_page_marks_the_english_standing_in_for_somali(client, stay_and_play):
    page = read_in(client, "so", f"/services/{stay_and_play.pk}")
    assert f'<h1 class="govuk-heading-xl"><span lang="en">{ENGLISH_NAME}</span></h1>' in page
    assert f'<p class="govuk-body-l"><span lang="en">{ENGLISH_DESCRIPTION}</span></p>' in page
    assert NAME_BN not in page


def test_the_service_page_in_english_needs_no_marking(client, stay_and_play):
    page = read_in(client, "en-gb", f"/services/{stay_and_play.pk}")
    assert f'<h1 class="govuk-heading-xl">{ENGLISH_NAME}</h1>' in page
    assert '<span lang="en">' not in page
    assert NAME_BN not in page


def test_an_editors_markup_stays_text_in_every_language(client):
    service = ServiceFactory(name_so="<b>Ciyaar</b>", description_bn="<script>x</script>")
    search_entries_refresh(service_ids=[service.pk])
    assert "&lt;b&gt;Ciyaar&lt;/b&gt;" in read_in(client, "so", f"/services/{service.pk}")
    assert "&lt;script&gt;x&lt;/script&gt;" in read_in(client, "bn", f"/services/{service.pk}")


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("bn", f">{NAME_BN}</a>"),
        ("so", f'><span lang="en">{ENGLISH_NAME}</span></a>'),
        ("en-gb", f">{ENGLISH_NAME}</a>"),
    ],
)
def test_find_support_results_name_the_service_in_the_readers_language(
    client, stay_and_play, language, shown
):
    assert shown in read_in(client, language, "/find")


@pytest.mark.parametrize(
    ("language", "shown"),
    [("bn", f">{NAME_BN}</a>"), ("so", f'><span lang="en">{ENGLISH_NAME}</span></a>')],
)
def test_the_organisation_and_place_pages_name_it_in_the_readers_language(
    client, stay_and_play, language, shown
):
    hub = stay_and_play.at_locations.get().location
    assert shown in read_in(client, language, f"/organisations/{stay_and_play.organisation_id}")
    assert shown in read_in(client, language, f"/places/{hub.pk}")


def test_find_support_also_finds_a_service_by_its_bengali_or_somali_words(stay_and_play):
    ServiceFactory(name="Something else")
    stay_and_play.name_so = "Ciyaar iyo heeso"
    stay_and_play.save()
    search_entries_refresh(service_ids=[stay_and_play.pk])

    for words in ("খেলা", "গান গাই", "ciyaar"):
        found = directory_search(DirectorySearch(keywords=words))
        assert [entry.service_id for entry in found] == [stay_and_play.pk], words


def test_the_oruk_api_stays_in_english_whatever_the_readers_language(client, stay_and_play):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"
    response = client.get(f"/api/oruk/services/{stay_and_play.pk}", HTTP_ACCEPT_LANGUAGE="bn")
    body = response.json()
    assert (body["name"], body["description"]) == (ENGLISH_NAME, ENGLISH_DESCRIPTION)
    assert NAME_BN not in response.content.decode()


# The editors' form


@pytest.fixture
def editor_org(client):
    membership = MembershipFactory(role=Role.DIRECTORY_EDITOR)
    sign_in_verified(client, membership.user)
    return membership.organisation


def test_an_editor_adds_bengali_and_somali_that_families_then_read(client, editor_org):
    hub = LocationFactory(kind=Location.Kind.MAIN_HUB)
    response = client.post(
        f"/staff/directory/organisations/{editor_org.pk}/services/new",
        service_post_data(
            locations=[str(hub.pk)],
            name_bn=f"  {NAME_BN} ",
            description_bn=DESCRIPTION_BN,
            name_so="Ciyaar iyo heeso",
        ),
    )
    assert response.status_code == 302
    service = Service.objects.get(name="Stay and play")
    assert (service.name_bn, service.description_bn) == (NAME_BN, DESCRIPTION_BN)
    assert (service.name_so, service.description_so) == ("Ciyaar iyo heeso", "")

    somali = read_in(client, "so", f"/services/{service.pk}")
    assert '<h1 class="govuk-heading-xl">Ciyaar iyo heeso</h1>' in somali
    assert '<p class="govuk-body-l"><span lang="en">Play, songs' in somali
    assert f">{NAME_BN}</a>" in read_in(client, "bn", "/find")


def test_the_form_marks_each_field_with_the_language_typed_into_it(client, editor_org):
    service = ServiceFactory(organisation=editor_org, name_so="Ciyaar")
    page = read_in(client, "en-gb", f"/staff/directory/services/{service.pk}/edit")
    tags = {
        name: re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', page).group(0)
        for name in ("name_bn", "description_bn", "name_so", "description_so")
    }
    assert all(f'lang="{name[-2:]}"' in tag for name, tag in tags.items()), tags
    assert 'value="Ciyaar"' in tags["name_so"]


@pytest.mark.parametrize("field", ["name_bn", "description_so"])
def test_the_form_refuses_nul_bytes(editor_org, field):
    form = ServiceForm(service_post_data(**{field: "Ciyaar\x00"}), organisation=editor_org)
    assert form.errors[field] == ["Null characters are not allowed."]


def test_a_nul_byte_posted_is_refused_before_the_form_and_nothing_is_saved(client, editor_org):
    response = client.post(
        f"/staff/directory/organisations/{editor_org.pk}/services/new",
        service_post_data(name_bn="খেলা\x00"),
    )
    assert response.status_code == 400
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name_so", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        (
            "description_bn",
            "খ" * (DESCRIPTION_MAX_LENGTH + 1),
            f"Ensure this value has at most {DESCRIPTION_MAX_LENGTH} characters",
        ),
    ],
)
def test_overlong_words_are_a_form_error_and_nothing_is_saved(
    client, editor_org, field, value, error
):
    response = client.post(
        f"/staff/directory/organisations/{editor_org.pk}/services/new",
        service_post_data(**{field: value}),
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(error)
    assert not Service.objects.exists()


def test_an_edit_keeps_the_words_in_other_languages(client, editor_org):
    service = ServiceFactory(organisation=editor_org, name_bn=NAME_BN, name_so="Ciyaar")
    hub = LocationFactory(kind=Location.Kind.MAIN_HUB)
    response = client.post(
        f"/staff/directory/services/{service.pk}/edit",
        service_post_data(locations=[str(hub.pk)], name_bn=NAME_BN, name_so=""),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name_bn, service.name_so) == (NAME_BN, "")


# The demo


def test_the_demo_shows_services_with_bengali_and_somali_words(client, demo_borough):
    translated = Service.objects.exclude(name_bn="", name_so="")
    assert translated.count() >= 2
    phone_line = Service.objects.get(name="Family Hub phone line")
    assert phone_line.name_bn and phone_line.name_so and phone_line.description_so
    page = read_in(client, "bn", f"/services/{phone_line.pk}")
    assert f'<h1 class="govuk-heading-xl">{phone_line.name_bn}</h1>' in page
    assert f">{phone_line.name_bn}</a>" in read_in(client, "bn", "/find?q=phone")
