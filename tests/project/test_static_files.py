"""Static files as production gathers them: collectstatic with the production storage succeeds
(every file a stylesheet or module names exists) and pages name the files by their hashes.

The rest of the suite keeps plain names (tests/settings.py); the CI smoke test (.ci/smoke) serves
these hashed files through WhiteNoise."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

BUILT_CSS = Path(__file__).resolve().parents[2] / "familyhub" / "static" / "govuk" / "familyhub.css"
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "familyhub.storage.StaticStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    if not BUILT_CSS.exists():
        pytest.fail(f"{BUILT_CSS} is missing: run `npm run build`", pytrace=False)
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def hashed(manifest: dict, name: str) -> str:
    return manifest["paths"][name]


def test_collectstatic_names_every_file_by_its_hash_and_compresses_it(collected: Path):
    manifest = json.loads((collected / "staticfiles.json").read_text())

    css = hashed(manifest, "govuk/familyhub.css")
    assert re.fullmatch(r"govuk/familyhub\.[0-9a-f]{12}\.css", css)
    assert (collected / css).exists()
    assert (collected / f"{css}.br").exists() and (collected / f"{css}.gz").exists()


def test_a_module_imports_the_hashed_file_the_page_loads(collected: Path):
    manifest = json.loads((collected / "staticfiles.json").read_text())

    init = (collected / hashed(manifest, "familyhub-init.mjs")).read_text()

    frontend = hashed(manifest, "govuk/govuk-frontend.min.js").removeprefix("govuk/")
    assert f'from "./govuk/{frontend}";' in init


def test_pages_name_the_hashed_files(collected: Path):
    with override_settings(STATIC_ROOT=collected, STORAGES=PRODUCTION_STORAGES):
        url = staticfiles_storage.url("govuk/familyhub.css")

    assert re.fullmatch(r"/static/govuk/familyhub\.[0-9a-f]{12}\.css", url)
