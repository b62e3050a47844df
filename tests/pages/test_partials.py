"""The shared GOV.UK partials in familyhub/templates/includes/, rendered from plain Django forms."""

from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string


class ExampleForm(forms.Form):
    postcode = forms.CharField(label="Postcode", help_text="For example, E1 6AN", max_length=8)
    ages = forms.MultipleChoiceField(
        label="Ages",
        choices=[("0-2", "0 to 2"), ("3-5", "3 to 5")],
        widget=forms.CheckboxSelectMultiple,
    )
    distance = forms.ChoiceField(
        label="Distance", choices=[("1", "1 mile"), ("5", "5 miles")], widget=forms.RadioSelect
    )
    category = forms.ChoiceField(label="Category", choices=[("", "Any"), ("play", "Play")])
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    free_only = forms.BooleanField(label="Free only", required=False)


def render_field(form: forms.Form, name: str, **context) -> str:
    return render_to_string("includes/field.html", {"field": form[name], **context})


def test_a_text_input_gets_a_label_hint_and_govuk_classes():
    html = render_field(ExampleForm(), "postcode", input_class="govuk-input--width-10")

    assert '<label class="govuk-label" for="id_postcode">Postcode</label>' in html
    assert '<div id="id_postcode_helptext" class="govuk-hint">For example, E1 6AN</div>' in html
    assert 'class="govuk-input govuk-input--width-10"' in html
    assert 'aria-describedby="id_postcode_helptext"' in html
    assert 'maxlength="8"' in html  # the widget's own attributes are kept


def test_a_field_with_an_error_shows_it_and_points_the_input_at_it():
    form = ExampleForm(data={})
    form.is_valid()

    html = render_field(form, "postcode")

    assert "govuk-form-group--error" in html
    assert 'id="id_postcode_error" class="govuk-error-message"' in html
    assert "govuk-input--error" in html
    assert 'aria-describedby="id_postcode_helptext id_postcode_error"' in html
    assert 'aria-invalid="true"' in html


def test_multiple_choices_become_a_checkbox_fieldset_keeping_what_was_ticked():
    form = ExampleForm(data={"ages": ["3-5"]})

    html = render_field(form, "ages")

    assert '<fieldset class="govuk-fieldset"' in html
    assert '<legend class="govuk-fieldset__legend">' in html
    assert 'id="id_ages_0" name="ages" type="checkbox" value="0-2">' in html
    assert 'id="id_ages_1" name="ages" type="checkbox" value="3-5" checked>' in html


def test_radio_select_becomes_radios_and_select_a_govuk_select():
    form = ExampleForm()

    assert 'class="govuk-radios__input" id="id_distance_0"' in render_field(form, "distance")
    assert 'class="govuk-select"' in render_field(form, "category")
    assert 'class="govuk-textarea"' in render_field(form, "notes")
    assert 'class="govuk-checkboxes__input"' in render_field(form, "free_only")


def test_the_error_summary_links_each_error_to_its_control():
    form = ExampleForm(data={})
    form.is_valid()

    html = render_to_string("includes/error_summary.html", {"form": form})

    assert "There is a problem" in html
    assert '<a href="#id_postcode">' in html
    assert '<a href="#id_ages_0">' in html  # a group's first option
    assert render_to_string("includes/error_summary.html", {"form": ExampleForm()}).strip() == ""


def test_pagination_keeps_the_filters_and_marks_the_current_page():
    page = Paginator(list(range(100)), 10).get_page(5)

    html = render_to_string(
        "includes/pagination.html", {"page_obj": page, "querystring": "postcode=E1+6AN"}
    )

    assert 'href="?postcode=E1+6AN&amp;page=4" rel="prev"' in html
    assert 'href="?postcode=E1+6AN&amp;page=6" rel="next"' in html
    assert 'aria-current="page">5</a>' in html
    assert "govuk-pagination__item--ellipsis" in html


def test_pagination_renders_nothing_for_a_single_page():
    page = Paginator([1, 2], 10).get_page(1)

    assert render_to_string("includes/pagination.html", {"page_obj": page}).strip() == ""
