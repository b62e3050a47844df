"""Printable PDFs for the family, in plain language and in their own language: their
assessment and their plan.

Made with fpdf2 (pure Python) in the bundled Noto fonts (familyhub.pdf_fonts), shaped by
HarfBuzz, so that Bengali, Somali and English print as written and so does every name, whatever
its script. Each PDF is written in the language the family asked for help in (the request that
started the work, else their latest request that named a language; English when none did or the
site has no translation of theirs), with the council's name, the family's reference, the date
and page numbers on every page.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from familyhub.casework.areas import TRIANGLE, domain_label
from familyhub.casework.models import Assessment, Episode, Outcome, PlanNeed
from familyhub.casework.services.assessment import voice_children
from familyhub.frontdoor.rules import family_message_language
from familyhub.frontdoor.selectors import requests_joined_to
from familyhub.pdf_fonts import FONT, UnicodeFPDF, pdf_lang

BODY_SIZE = 12
LINE = 6.5


def family_language(episode: Episode) -> str:
    """The site language (a LANGUAGES code) the family's papers are written in."""
    asked = [episode.request, *requests_joined_to(episode.family)]
    request = next((found for found in asked if found is not None and found.language_id), None)
    return family_message_language(request) if request else settings.LANGUAGE_CODE


class FamilyDocument(UnicodeFPDF):
    """Built while the family's language is active (translation.override), as its words are
    translated as they are written."""

    def __init__(self, *, title: str, family, on: dt.date, language: str) -> None:
        super().__init__(format="A4")
        self.doc_title = title
        self.family = family
        self.on = on
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=22)
        self.set_title(title)
        self.set_author(settings.COUNCIL_NAME)
        self.set_lang(pdf_lang(language))
        self.add_page()
        self._title_block()

    def header(self) -> None:
        self.set_font(FONT, "B", 11)
        self.set_text_color(0, 98, 94)
        self.cell(0, 6, settings.COUNCIL_NAME, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, "", 10)
        self.cell(
            0,
            6,
            _("Family reference %(reference)s") % {"reference": self.family.reference},
            align="L",
        )
        self.set_x(self.l_margin)
        # {nb} is fpdf2's stand-in for the number of pages, filled in when the PDF is finished.
        self.cell(
            0,
            6,
            _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"},
            align="R",
        )

    def _title_block(self) -> None:
        self.set_font(FONT, "B", 22)
        self.multi_cell(0, 10, self.doc_title, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(FONT, "", BODY_SIZE)
        for line in (
            _("Family: %(name)s") % {"name": self.family.name},
            _("Family reference: %(reference)s") % {"reference": self.family.reference},
            _("Date: %(date)s") % {"date": date_format(self.on, "j F Y")},
        ):
            self.multi_cell(0, LINE, line, new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def heading(self, text: str) -> None:
        if self.get_y() > self.h - 60:
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 17)
        self.multi_cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def subheading(self, text: str) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(1)
        self.set_font(FONT, "B", 13)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    def para(self, text: str, *, style: str = "") -> None:
        self.set_font(FONT, style, BODY_SIZE)
        self.multi_cell(0, LINE, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def bytes(self) -> bytes:
        return bytes(self.output())


def _child_name(child) -> str:
    return child.given_name or _("Our baby (not born yet)")


def _out_of_ten(score: int) -> str:
    return _("%(score)s out of 10") % {"score": score}


def assessment_pdf(assessment: Assessment) -> bytes:
    language = family_language(assessment.episode)
    with override(language):
        return _assessment_document(assessment, language).bytes()


def _assessment_document(assessment: Assessment, language: str) -> FamilyDocument:
    episode = assessment.episode
    on = assessment.completed_on or timezone.localdate()
    if assessment.status == Assessment.Status.DRAFT:
        title = _("Our family's assessment (draft)")
    else:
        title = _("Our family's assessment")
    doc = FamilyDocument(title=title, family=episode.family, on=on, language=language)
    doc.para(
        _(
            "This is what we found out together about how things are for your family: what is "
            "going well and what we are worried about. Scores go from 1 (no worries) to 10 "
            "(very worried)."
        )
    )

    doc.heading(_("What we talked about"))
    words = {voice.child_id: voice.words for voice in assessment.voices.all()}
    spoke = False
    for child in voice_children(assessment):
        if words.get(child.pk):
            doc.subheading(_("What %(name)s told us") % {"name": _child_name(child)})
            doc.para(words[child.pk])
            spoke = True
    if assessment.voice_of_parents:
        doc.subheading(_("What the parents or carers told us"))
        doc.para(assessment.voice_of_parents)
        spoke = True
    if not spoke:
        doc.para(_("Nothing written down yet."))

    rows = {(area.domain, area.area): area for area in assessment.areas.all()}
    for heading, part in (
        (_("What is going well"), "strengths"),
        (_("What we are worried about"), "needs"),
    ):
        doc.heading(heading)
        written = False
        for domain, areas in TRIANGLE.items():
            entries = [
                (area, rows[(area.domain, area.key)])
                for area in areas
                if (area.domain, area.key) in rows and getattr(rows[(area.domain, area.key)], part)
            ]
            if not entries:
                continue
            doc.subheading(str(domain_label(domain)))
            for area, row in entries:
                doc.para(str(area.label), style="B")
                doc.para(getattr(row, part))
                if part == "needs" and row.score:
                    doc.para(_("How worried we are: %(score)s") % {"score": _out_of_ten(row.score)})
            written = True
        if not written:
            doc.para(_("Nothing written down yet."))

    if assessment.analysis:
        doc.heading(_("What we think this means"))
        doc.para(assessment.analysis)
    return doc


def plan_pdf(episode: Episode) -> bytes:
    language = family_language(episode)
    with override(language):
        return _plan_document(episode, language).bytes()


def _plan_document(episode: Episode, language: str) -> FamilyDocument:
    doc = FamilyDocument(
        title=_("Our family plan"),
        family=episode.family,
        on=timezone.localdate(),
        language=language,
    )
    doc.para(
        _(
            "This is the plan we agreed together: the things we want to change, and who will do "
            "what by when. We will look at it again together at each review."
        )
    )
    doc.heading(_("What we will do together"))
    needs = (
        PlanNeed.objects.filter(episode=episode)
        .prefetch_related("actions__owner__worker", "actions__owner__organisation")
        .order_by("outcome", "pk")
    )
    if not needs:
        doc.para(_("We have not written the plan yet."))
    for need in needs:
        doc.subheading(str(Outcome(need.outcome).label))
        doc.para(_("What we are worried about: %(worry)s") % {"worry": need.description})
        doc.para(
            _("How worried we were at the start: %(score)s")
            % {"score": _out_of_ten(need.baseline_score)}
        )
        actions = list(need.actions.all())
        if not actions:
            doc.para(_("No actions agreed yet."))
        for number, action in enumerate(actions, start=1):
            owner = action.owner
            doc.para(f"{number}. {action.description}", style="B")
            doc.para(
                "\n".join(
                    (
                        _("Who: %(worker)s (%(organisation)s)")
                        % {"worker": owner.worker, "organisation": owner.organisation},
                        _("By when: %(date)s") % {"date": date_format(action.due_on, "j F Y")},
                        _("How it is going: %(status)s") % {"status": action.get_status_display()},
                    )
                )
            )
    return doc
