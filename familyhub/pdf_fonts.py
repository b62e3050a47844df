"""Fonts for PDFs that carry people's own words and names: any of them may be in Bengali or in
Arabic script as well as in Latin, and must print exactly as written.

fpdf2's built-in fonts cover Latin-1 only, so the project bundles Noto fonts (familyhub/fonts,
cut down to the scripts needed: see the README there). Noto Sans writes Latin; a character it
lacks is taken from Noto Sans Bengali or Noto Naskh Arabic, and HarfBuzz (uharfbuzz) shapes the
text, which Bengali needs for its conjuncts and vowel signs and Arabic for its joined letters.
Regular and bold only: there is no italic.

A PDF made with UnicodeFPDF (or an FPDF subclass of it) writes with `set_font(FONT, style, size)`.
"""

import logging
from pathlib import Path

from django.utils.translation import to_locale
from fpdf import FPDF
from fpdf.fonts import TTFFont

# fpdf2 cuts each font down with fontTools as the PDF is written, and fontTools logs every step
# at INFO: hundreds of lines a document in the service's logs.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

# The font family to pass to set_font, and the fonts behind it, in the order tried.
FONT = "NotoSans"
_FALLBACKS = ("NotoSansBengali", "NotoNaskhArabic")
_STYLES = {"": "Regular", "B": "Bold"}


class UnicodeFPDF(FPDF):
    """An FPDF that writes any of the bundled scripts, shaped."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for family in (FONT, *_FALLBACKS):
            for style, weight in _STYLES.items():
                self.add_font(family, style, FONTS_DIR / f"{family}-{weight}.ttf")
                _copy_text_of_every_glyph(self.fonts[f"{family.lower()}{style}"])
        self.set_fallback_fonts(list(_FALLBACKS))
        self.set_text_shaping(True)

    def _render_styled_text_line(self, *args, **kwargs):
        # fpdf2 (2.8.9, py-pdf/fpdf2#1772): when a line starts in a fallback font before the
        # page has a font, fpdf2 sets its own font inside that line's q ... Q, forgets it there,
        # and yet counts it as set, so every later line in that font prints nothing. Naming the
        # font on the page first, outside any line, keeps Bengali-first lines from losing text.
        if self.page and self.current_font and not self.current_font_is_set_on_page:
            self._out(self._set_font_for_page(self.current_font, self.font_size_pt))
        return super()._render_styled_text_line(*args, **kwargs)


class _NoText(int):
    """A character code that fpdf2 writes into a font's ToUnicode map as no text at all."""

    def __format__(self, spec: str) -> str:
        return ""


def _copy_text_of_every_glyph(font: TTFFont) -> None:
    """Gives every glyph of a shaped cluster a ToUnicode entry, so that copied text is the text.

    HarfBuzz often draws one cluster with several glyphs: নি is the vowel sign drawn first, then
    the consonant. fpdf2 (2.8.9) maps the first glyph to the cluster's whole text and leaves the
    others out of the font's ToUnicode map, and a reader then copies out their raw codes: stray
    letters and control characters inside Bengali words. Mapped to an empty text instead, they
    read as nothing and the cluster reads as typed.
    """
    get_glyph = font.subset.get_glyph

    def get_glyph_with_text(glyph=None, unicode=None, glyph_name=None, glyph_width=None):
        if unicode == ():
            unicode = (_NoText(0),)
        return get_glyph(
            glyph=glyph, unicode=unicode, glyph_name=glyph_name, glyph_width=glyph_width
        )

    get_glyph_with_text.cache_clear = get_glyph.cache_clear  # fpdf2 clears it when done
    font.subset.get_glyph = get_glyph_with_text


def pdf_lang(language_code: str) -> str:
    """The PDF's /Lang, a BCP 47 tag ("en-GB"), for one of the site's language codes ("en-gb"),
    so that a screen reader reads the document in the right voice."""
    return to_locale(language_code).replace("_", "-")
