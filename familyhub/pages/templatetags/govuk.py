"""Filters that let Django forms and paginators render as GOV.UK Design System components.

Used by the shared partials in familyhub/templates/includes/ ({% load govuk %}). They live in the
pages app only because a template library must belong to an installed app.
"""

from django import forms, template
from django.core.paginator import Page
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()

# Widget class → (kind of GOV.UK component, the CSS class for the control, its error modifier).
# Subclasses match through isinstance, so order matters: the most specific classes come first.
_WIDGETS: list[tuple[type[forms.Widget], str, str, str]] = [
    (forms.CheckboxSelectMultiple, "checkboxes", "govuk-checkboxes__input", ""),
    (forms.RadioSelect, "radios", "govuk-radios__input", ""),
    (forms.CheckboxInput, "checkbox", "govuk-checkboxes__input", ""),
    (forms.Select, "select", "govuk-select", "govuk-select--error"),  # and SelectMultiple
    (forms.Textarea, "textarea", "govuk-textarea", "govuk-textarea--error"),
    (forms.FileInput, "file", "govuk-file-upload", "govuk-file-upload--error"),
    (forms.HiddenInput, "hidden", "", ""),
]


def _widget_spec(field: BoundField) -> tuple[str, str, str]:
    for widget_class, kind, css_class, error_class in _WIDGETS:
        if isinstance(field.field.widget, widget_class):
            return kind, css_class, error_class
    return "input", "govuk-input", "govuk-input--error"


@register.filter
def govuk_widget_type(field: BoundField) -> str:
    """Which GOV.UK component a field becomes: input, select, textarea, radios, checkboxes…"""
    return _widget_spec(field)[0]


@register.filter
def govuk_widget(field: BoundField, extra_classes: str = "") -> SafeString:
    """The field's own widget (keeping required, maxlength, autocomplete…) with GOV.UK classes.

    Django 5.2 already adds aria-invalid and aria-describedby pointing at "<id>_helptext" and
    "<id>_error", which are the ids field.html gives the hint and the error message.
    """
    _, css_class, error_class = _widget_spec(field)
    classes = [css_class, error_class if field.errors else "", extra_classes]
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": " ".join(c for c in [existing, *classes] if c)})


@register.filter
def govuk_anchor(field: BoundField) -> str:
    """The id an error summary links to: the control itself, or a group's first option."""
    if _widget_spec(field)[0] in {"checkboxes", "radios"}:
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def govuk_page_range(page: Page) -> list[int | str]:
    """Page numbers around the current page, with "…" for gaps, as GOV.UK pagination shows."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
