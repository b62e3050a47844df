"""A public page read as a visitor who chose a language."""

from django.conf import settings


def read_in(client, language: str, path: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()
