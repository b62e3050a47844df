import math

from django import template
from django.forms.boundfield import BoundField
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from familyhub.directory import rules
from familyhub.directory.models import Location, SearchEntry, Service, Weekday
from familyhub.directory.reference_words import reference_word_html
from familyhub.directory.texts import FALLBACK_LANG, TranslatedField, service_text
from familyhub.places.rules import METRES_PER_MILE

register = template.Library()


@register.filter
def miles(distance_squared: float) -> str:
    """A squared grid distance in metres as miles to one decimal place."""
    return f"{math.sqrt(distance_squared) / METRES_PER_MILE:.1f}"


@register.filter
def who_for(service: Service | SearchEntry) -> str:
    return rules.who_for(
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        for_pregnancy=service.for_pregnancy,
    )


@register.simple_tag
def in_reader_language(
    service: Service | SearchEntry, field: TranslatedField, *, linebreaks: bool = False
) -> SafeString:
    """A service's name or description in the reader's language, English marked lang="en"
    where it stands in for Bengali or Somali. `linebreaks`: keep the editor's line breaks."""
    chosen = service_text(service, field)
    text = (
        linebreaksbr(chosen.text, autoescape=True)
        if linebreaks
        else conditional_escape(chosen.text)
    )
    if chosen.is_fallback:
        return format_html('<span lang="{}">{}</span>', FALLBACK_LANG, text)
    return text


@register.simple_tag
def in_reader_language_plain(service: Service | SearchEntry, field: TranslatedField) -> str:
    """The same words without markup, for a page's <title>, which cannot hold a lang attribute."""
    return service_text(service, field).text


@register.filter
def in_reader_words(name: str) -> SafeString:
    """A category's or language's name in the reader's language, English marked lang="en"
    where the catalogue has no translation."""
    return reference_word_html(name)


@register.filter
def weekday_name(number: int) -> str:
    return Weekday(number).label


@register.simple_tag
def filter_checkboxes(field: BoundField) -> SafeString:
    """A search filter's options as GOV.UK checkbox items.

    Built here rather than in a template loop: the search page has some eighty of them, and
    rendering each through template tags cost more than the search's own SQL.
    """
    chosen = {str(value) for value in field.value() or []}
    return format_html_join(
        "",
        '<div class="govuk-checkboxes__item">'
        '<input class="govuk-checkboxes__input" id="id_{0}_{1}" name="{0}" type="checkbox" '
        'value="{2}"{3}>'
        '<label class="govuk-label govuk-checkboxes__label" for="id_{0}_{1}">{4}</label></div>',
        (
            (
                field.name,
                index,
                value,
                mark_safe(" checked") if str(value) in chosen else "",  # noqa: S308 - a constant
                label,
            )
            for index, (value, label) in enumerate(field.field.choices)
        ),
    )


@register.filter
def tel_href(phone: str) -> str:
    """A phone number as a tel: link's target: digits and a leading +, nothing else."""
    return "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")


# OpenStreetMap's own pages: a map and directions need no script, no API key and no cookie banner.
OPENSTREETMAP = "https://www.openstreetmap.org"


@register.filter
def map_url(location: Location) -> str:
    """The place marked on OpenStreetMap. Formatted here, not in the template, where numbers
    are localised (a decimal comma or a thousands separator would break the link)."""
    lat, lon = f"{location.latitude:.6f}", f"{location.longitude:.6f}"
    return f"{OPENSTREETMAP}/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


@register.filter
def directions_url(location: Location) -> str:
    """OpenStreetMap's directions to the place, from wherever the family starts."""
    return f"{OPENSTREETMAP}/directions?to={location.latitude:.6f}%2C{location.longitude:.6f}"
