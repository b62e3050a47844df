import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests type many passwords: a fast hash keeps them quick (never in production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
