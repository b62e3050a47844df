"""The family's papers in the family's language: the assessment and plan PDFs are written in the
language the family asked for help in, Bengali shaped as it is written, and every name printed
exactly as typed, in Latin, Bengali or Arabic script."""

import io
import re

import pypdf
import pypdfium2
import pytest
from django.urls import reverse

from familyhub.casework import pdf
from familyhub.casework.models import Outcome, PlanAction, PlanNeed
from familyhub.casework.services.assessment import (
    assessment_save,
    assessment_start,
    voice_children,
    voice_key,
)
from familyhub.pdf_fonts import FONT, UnicodeFPDF
from tests.accounts.helpers import sign_in_verified
from tests.factories import LanguageFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db

NAME_BN = "আয়ান রহমান"
WORDS_BN = "আমি আমার নিজের ঘর চাই"  # "I want my own room"
NAME_ARABIC_SCRIPT = ("محمد", "رحمن")


def page_text(content: bytes) -> str:
    """The text of every page as a reader copies it (pypdf): one line a line, with the runs of
    spaces a reader guesses from the gaps between shaped glyphs taken as one."""
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return re.sub(" +", " ", "\n".join(page.extract_text() for page in pages))


def glyph_texts(content: bytes, font_name: str) -> set[str]:
    """The text of each glyph one font draws in the PDF (its ToUnicode map): more than one
    character where HarfBuzz drew a cluster, a conjunct say, as one glyph."""
    fonts = pypdf.PdfReader(io.BytesIO(content)).pages[0]["/Resources"]["/Font"].values()
    texts = set()
    for font in (font.get_object() for font in fonts):
        if font_name in font["/BaseFont"]:
            cmap = font["/ToUnicode"].get_object().get_data().decode()
            for target in re.findall(r"<[0-9A-F]+> <([0-9A-F]*)>", cmap):
                texts.add(bytes.fromhex(target).decode("utf-16-be"))
    return texts


def pdf_lang(content: bytes) -> str:
    return str(pypdf.PdfReader(io.BytesIO(content)).trailer["/Root"]["/Lang"])


def asked_in(episode, code: str, *, on_the_episode: bool = True):
    """The family sent their request in this language (a directory Language code)."""
    request = SubmittedRequestFactory(
        local_authority=episode.local_authority,
        family=episode.family,
        language=LanguageFactory(code=code),
    )
    if on_the_episode:
        episode.request = request
        episode.save(update_fields=["request"])
    return request


def an_assessment(episode, by, *, child_says: str):
    assessment = assessment_start(episode, by)
    child = voice_children(assessment)[0]
    return assessment_save(
        assessment=assessment,
        base_version=1,
        changes={
            "family__housing__needs": "ঘরে স্যাঁতসেঁতে ভাব",
            "family__housing__score": 7,
            voice_key(child.pk): child_says,
        },
        by=by,
    )


def test_a_bengali_family_gets_their_assessment_in_shaped_bengali(
    client, episode, lead_professional, tmp_path
):
    asked_in(episode, "bn")
    episode.family.name = NAME_BN
    episode.family.save(update_fields=["name"])
    an_assessment(episode, lead_professional, child_says=WORDS_BN)
    sign_in_verified(client, lead_professional)

    response = client.get(reverse("casework:assessment-pdf", kwargs={"pk": episode.pk}))

    content = response.content
    lines = page_text(content).splitlines()
    assert f"পরিবার: {NAME_BN}" in lines
    for heading in ("আমরা যা নিয়ে কথা বললাম", "আমরা কী নিয়ে চিন্তিত", "বাসস্থান"):
        assert heading in lines, heading
    assert WORDS_BN in lines
    assert "আমরা কতটা চিন্তিত: 10-এর মধ্যে 7" in lines
    assert "What we talked about" not in page_text(content)
    assert pdf_lang(content) == "bn"
    # Shaped, not letter by letter: conjuncts (with their hasant, ্) drawn as whole glyphs.
    assert any("\u09cd" in text and len(text) >= 3 for text in glyph_texts(content, "Bengali"))

    # Page 1 as a reader sees it (kept for a person to look at: conjuncts and vowel signs).
    image = pypdfium2.PdfDocument(content)[0].render(scale=2).to_pil().convert("L")
    image.save(tmp_path / "assessment_bn.png")
    inked = sum(image.histogram()[:128])
    assert inked > 5000, "page 1 has next to no text on it"


def test_a_somali_family_gets_their_plan_in_somali_from_their_latest_request(episode, team_member):
    asked_in(episode, "so", on_the_episode=False)
    need = PlanNeed.objects.create(
        episode=episode, outcome=Outcome.HOUSING, description="Guriga waa qoyan", baseline_score=6
    )
    PlanAction.objects.create(
        need=need, description="Kala hadal milkiilaha", owner=team_member, due_on="2031-02-03"
    )

    content = pdf.plan_pdf(episode)

    lines = page_text(content).splitlines()
    for words in (
        "Qorshaha qoyskayaga",
        "Waxa aan wada qaban doonno",
        "Guri sugan",
        "Waxa aan ka welwelsan nahay: Guriga waa qoyan",
        "1. Kala hadal milkiilaha",
        "Sida ay u socoto: Lama bilaabin",
    ):
        assert words in lines, words
    assert pdf_lang(content) == "so"


def test_a_family_who_asked_in_english_or_an_untranslated_language_gets_english(
    episode, lead_professional
):
    asked_in(episode, "ur")
    episode.family.name = "Zoë Ní Bhriain-Łukasz"
    episode.family.save(update_fields=["name"])
    assessment = an_assessment(episode, lead_professional, child_says="I want my own room")

    content = pdf.assessment_pdf(assessment)

    lines = page_text(content).splitlines()
    assert "Family: Zoë Ní Bhriain-Łukasz" in lines
    assert "What we talked about" in lines
    assert "How worried we are: 7 out of 10" in lines
    assert pdf_lang(content) == "en-GB"


def test_an_arabic_script_name_is_kept_as_typed(episode, lead_professional):
    episode.family.name = " ".join(NAME_ARABIC_SCRIPT)
    episode.family.save(update_fields=["name"])
    assessment = an_assessment(episode, lead_professional, child_says="I want my own room")

    content = pdf.assessment_pdf(assessment)

    # A PDF keeps text in the order it is drawn: each word's letters as typed, and the words of
    # a right-to-left name from right to left. So: both words whole, the first one on the right.
    text_page = pypdfium2.PdfDocument(content)[0].get_textpage()
    text = text_page.get_text_range()
    assert "Family" in text
    first, second = (text.index(word) for word in NAME_ARABIC_SCRIPT)
    assert text_page.get_charbox(first)[0] > text_page.get_charbox(second)[0]


def test_lines_after_a_fallback_font_still_print():
    """A Bengali-first line must not leave the next Latin line without a font (fpdf2 2.8.9)."""
    document = UnicodeFPDF()
    document.add_page()
    document.set_font(FONT, "", 12)
    for line in ("পরিবার", "Family: abc", "محمد", "Family: محمد"):
        document.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")

    lines = page_text(bytes(document.output())).splitlines()

    assert lines == ["পরিবার", "Family: abc", "محمد", "Family: محمد"]
