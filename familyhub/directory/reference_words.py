"""The names of the reference data (categories and languages), in the reader's language.

The DfE service taxonomy and the languages are rows in the database (migration 0002 loads
them), so their names never appear in code where makemessages could find them. They are fixed
reference data, though, so each name is written out below as a gettext_lazy literal: that is
what puts it in the Bengali and Somali catalogues. The lists must follow the taxonomy CSV and
the migration's LANGUAGES; a test checks that every taxonomy term has both translations.

A name with no translation (a council's own category, or a language added by an import) stays
English and is marked lang="en" on a Bengali or Somali page, as an editor's English is.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from familyhub.directory.texts import EDITOR_LANGUAGES, FALLBACK_LANG, ReaderText, reader_language

# The 49 terms of reference/dfe-service-taxonomy.csv, in its order.
TAXONOMY_TERM_NAMES = (
    _("Activities, clubs and groups"),
    _("Family support"),
    _("Health"),
    _("Pregnancy, birth and early years"),
    _("Special educational needs and disabilities (SEND)"),
    _("Transport"),
    _("Activities"),
    _("Before and after school clubs"),
    _("Holiday clubs and schemes"),
    _("Music, arts and dance"),
    _("Parent, baby and toddler groups"),
    _("Pre-school playgroup"),
    _("Sports and recreation"),
    _("Bullying and cyber bullying"),
    _("Debt and welfare advice"),
    _("Domestic abuse"),
    _("Intensive targeted family support"),
    _("Money, benefits and housing"),
    _("Parenting support"),
    _("Reducing parental conflict"),
    _("Separating and separated parent support"),
    _("Stopping smoking"),
    _("Substance misuse (including alcohol and drug)"),
    _("Targeted youth support"),
    _("Youth justice services"),
    _("Hearing and sight"),
    _("Mental health, social and emotional support"),
    _("Nutrition and weight management"),
    _("Oral health"),
    _("Public health services"),
    _("Birth registration"),
    _("Early years language and learning"),
    _("Health visiting"),
    _("Infant feeding support (including breastfeeding)"),
    _("Midwife and maternity"),
    _("Perinatal mental health support (pregnancy to one year post birth)"),
    _("Autistic Spectrum Disorder (ASD)"),
    _("Breaks and respite"),
    _("Early years support"),
    _("Groups for parents and carers of children with SEND"),
    _("Hearing impairment"),
    _("Learning difficulties and disabilities"),
    _("Multi-sensory impairment"),
    _("Other difficulties or disabilities"),
    _("Physical disabilities"),
    _("Social, emotional and mental health support"),
    _("Speech, language and communication needs"),
    _("Visual impairment"),
    _("Community transport"),
)

# The languages migration 0002 seeds.
LANGUAGE_NAMES = (
    _("English"),
    _("Bengali"),
    _("Somali"),
    _("Sylheti"),
    _("Urdu"),
    _("Arabic"),
    _("Polish"),
    _("Turkish"),
    _("Portuguese"),
    _("Spanish"),
    _("Romanian"),
    _("Lithuanian"),
    _("French"),
    _("Chinese"),
    _("Tamil"),
    _("Gujarati"),
    _("Punjabi"),
    _("Albanian"),
    _("British Sign Language"),
)


def reference_word(name: str) -> ReaderText:
    """A category's or language's name in the reader's language, or the English if the
    catalogue has none (is_fallback then says it needs lang="en"). gettext cannot tell a
    missing entry from one spelt as in English, so a translation must differ from the English."""
    # gettext("") would answer the catalogue's header.
    if not name or reader_language() not in EDITOR_LANGUAGES:
        return ReaderText(name)
    translated = gettext(name)
    return ReaderText(translated, is_fallback=translated == name)


def reference_word_html(name: str) -> SafeString:
    """The same as markup: escaped, and the English wrapped in <span lang="en">."""
    chosen = reference_word(name)
    if chosen.is_fallback:
        return format_html('<span lang="{}">{}</span>', FALLBACK_LANG, chosen.text)
    return format_html("{}", chosen.text)
