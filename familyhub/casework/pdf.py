"""Printable PDFs for the family, in plain language: their assessment and their plan.

Made with fpdf2 (pure Python) in the built-in Helvetica at a readable size, with the council's
name, the family's reference, the date and page numbers on every page. Helvetica covers Latin-1
only: other characters are replaced (a bundled Unicode TrueType font would lift that limit).
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from fpdf import FPDF

from familyhub.casework.areas import TRIANGLE, domain_label
from familyhub.casework.models import Assessment, Episode, Outcome, PlanNeed
from familyhub.casework.services.assessment import voice_children

BODY_SIZE = 12
LINE = 6.5

# Typography Latin-1 cannot hold, and what to print instead.
_PLAIN = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u2022": "-",
        "\u00a0": " ",
    }
)


def _latin1(text: str) -> str:
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class FamilyDocument(FPDF):
    def __init__(self, *, title: str, family, on: dt.date) -> None:
        super().__init__(format="A4")
        self.doc_title = title
        self.family = family
        self.on = on
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=22)
        self.set_title(_latin1(title))
        self.set_author(_latin1(settings.COUNCIL_NAME))
        self.set_lang("en-GB")
        self.add_page()
        self._title_block()

    def header(self) -> None:
        self.set_font("Helvetica", "B", 11)
        self.set_text_color(0, 98, 94)
        self.cell(0, 6, _latin1(settings.COUNCIL_NAME), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 10)
        self.cell(0, 6, _latin1(f"Family reference {self.family.reference}"), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="R")

    def _title_block(self) -> None:
        self.set_font("Helvetica", "B", 22)
        self.multi_cell(0, 10, _latin1(self.doc_title), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font("Helvetica", "", BODY_SIZE)
        for line in (
            f"Family: {self.family.name}",
            f"Family reference: {self.family.reference}",
            f"Date: {date_format(self.on, 'j F Y')}",
        ):
            self.cell(0, LINE, _latin1(line), new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def heading(self, text: str) -> None:
        if self.get_y() > self.h - 60:
            self.add_page()
        self.ln(3)
        self.set_font("Helvetica", "B", 17)
        self.multi_cell(0, 9, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def subheading(self, text: str) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(1)
        self.set_font("Helvetica", "B", 13)
        self.multi_cell(0, 7, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def para(self, text: str, *, style: str = "") -> None:
        self.set_font("Helvetica", style, BODY_SIZE)
        self.multi_cell(0, LINE, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def bytes(self) -> bytes:
        return bytes(self.output())


def _child_name(child) -> str:
    return child.given_name or "Our baby (not born yet)"


def assessment_pdf(assessment: Assessment) -> bytes:
    episode = assessment.episode
    on = assessment.completed_on or timezone.localdate()
    title = "Our family's assessment"
    if assessment.status == Assessment.Status.DRAFT:
        title += " (draft)"
    doc = FamilyDocument(title=title, family=episode.family, on=on)
    doc.para(
        "This is what we found out together about how things are for your family: what is going "
        "well and what we are worried about. Scores go from 1 (no worries) to 10 (very worried)."
    )

    doc.heading("What we talked about")
    words = {voice.child_id: voice.words for voice in assessment.voices.all()}
    spoke = False
    for child in voice_children(assessment):
        if words.get(child.pk):
            doc.subheading(f"What {_child_name(child)} told us")
            doc.para(words[child.pk])
            spoke = True
    if assessment.voice_of_parents:
        doc.subheading("What the parents or carers told us")
        doc.para(assessment.voice_of_parents)
        spoke = True
    if not spoke:
        doc.para("Nothing written down yet.")

    rows = {(area.domain, area.area): area for area in assessment.areas.all()}
    for heading, part in (
        ("What is going well", "strengths"),
        ("What we are worried about", "needs"),
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
                    doc.para(f"How worried we are: {row.score} out of 10")
            written = True
        if not written:
            doc.para("Nothing written down yet.")

    if assessment.analysis:
        doc.heading("What we think this means")
        doc.para(assessment.analysis)
    return doc.bytes()


def plan_pdf(episode: Episode) -> bytes:
    doc = FamilyDocument(title="Our family plan", family=episode.family, on=timezone.localdate())
    doc.para(
        "This is the plan we agreed together: the things we want to change, and who will do what "
        "by when. We will look at it again together at each review."
    )
    doc.heading("What we will do together")
    needs = (
        PlanNeed.objects.filter(episode=episode)
        .prefetch_related("actions__owner__worker", "actions__owner__organisation")
        .order_by("outcome", "pk")
    )
    if not needs:
        doc.para("We have not written the plan yet.")
    for need in needs:
        doc.subheading(str(Outcome(need.outcome).label))
        doc.para(f"What we are worried about: {need.description}")
        doc.para(f"How worried we were at the start: {need.baseline_score} out of 10")
        actions = list(need.actions.all())
        if not actions:
            doc.para("No actions agreed yet.")
        for number, action in enumerate(actions, start=1):
            owner = action.owner
            doc.para(f"{number}. {action.description}", style="B")
            doc.para(
                f"Who: {owner.worker} ({owner.organisation})\n"
                f"By when: {date_format(action.due_on, 'j F Y')}\n"
                f"How it is going: {action.get_status_display()}"
            )
    return doc.bytes()
