"""Staff pages are English only: a member of staff who reads the public pages in Bengali or
Somali still gets the staff area in English, marked so, without a language switcher; the public
pages keep the visitor's language."""

import pytest

SWITCHER = 'class="familyhub-language-switcher'


@pytest.mark.parametrize("language", ["bn", "so"])
def test_the_staff_area_is_in_english_whatever_the_visitor_chose(
    client, staff_sign_in, triage_officer, language
):
    staff_sign_in(triage_officer)
    client.cookies["django_language"] = language

    staff = client.get("/staff/")
    public = client.get("/")

    assert staff.status_code == 200
    assert '<html lang="en-gb"' in staff.content.decode()
    assert staff["Content-Language"] == "en-gb"
    assert SWITCHER not in staff.content.decode()
    assert f'<html lang="{language}"' in public.content.decode()
    assert SWITCHER in public.content.decode()


def test_staff_navigation_left_in_english_is_marked_english_on_a_public_page(
    client, staff_sign_in, analyst
):
    staff_sign_in(analyst)
    client.cookies["django_language"] = "bn"

    html = client.get("/").content.decode()

    assert '<html lang="bn"' in html
    assert 'lang="en-GB">Insight</a>' in html
    assert 'lang="en-GB">Notifications' in html
