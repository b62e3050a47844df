"""The board's quarterly highlight report as a PDF (fpdf2): the headline figures of the quarter
against the quarter before, each section's trend over the year to the quarter's end as a chart
(Matplotlib, PNG) with its figures, and what families said. Small numbers are hidden throughout:
the board sits outside the analyst role.

Figures are in Helvetica, which holds Latin-1 only: the report is in English, and names of
places are the council's own.
"""

import io

from django.conf import settings
from django.utils.formats import date_format
from fpdf import FPDF
from fpdf.fonts import FontFace

from familyhub.insight.charts import png_bytes, trend
from familyhub.insight.dashboard import Section, Trend, measures_table
from familyhub.insight.period import Period

BODY = 11
TEAL = (0, 98, 94)


def _plain(text: str) -> str:
    replacements = {
        "\u2013": "-",
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
    for fancy, plain in replacements.items():
        text = text.replace(fancy, plain)
    return text.encode("latin-1", "replace").decode("latin-1")


def period_label(period: Period) -> str:
    return f"{date_format(period.starts, 'j F Y')} to {date_format(period.ends, 'j F Y')}"


class HighlightReport(FPDF):
    def __init__(self, *, title: str) -> None:
        super().__init__(format="A4")
        self.report_title = title
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_title(_plain(title))
        self.set_author(_plain(settings.COUNCIL_NAME))
        self.set_lang("en-GB")

    def header(self) -> None:
        self.set_font("Helvetica", "B", 10)
        self.set_text_color(*TEAL)
        self.cell(0, 6, _plain(settings.COUNCIL_NAME), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Helvetica", "", 9)
        self.cell(0, 6, _plain(self.report_title), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="R")

    def heading(self, text: str, size: int = 16) -> None:
        if self.get_y() > self.h - 70:
            self.add_page()
        self.ln(2)
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, _plain(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, text: str) -> None:
        self.set_font("Helvetica", "", BODY)
        self.multi_cell(0, 5.5, _plain(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def figures(self, columns: list[str], rows: list[list]) -> None:
        self.set_font("Helvetica", "", 10)
        heading = FontFace(emphasis="BOLD", fill_color=(243, 242, 241))
        with self.table(
            col_widths=(3, 1, 1), text_align=("LEFT", "RIGHT", "RIGHT"), headings_style=heading
        ) as table:
            for values in [columns, *rows]:
                row = table.row()
                for value in values:
                    row.cell(_plain(str(value)))
        self.ln(3)

    def chart(self, line: Trend) -> None:
        picture = trend(
            line.months,
            {"This year": line.now, "The year before": line.before},
            axis_label=line.axis_label,
        )
        if self.get_y() > self.h - 90:
            self.add_page()
        self.heading(f"{line.title}, by month", size=12)
        self.image(io.BytesIO(png_bytes(picture)), w=self.epw, alt_text=_plain(line.alt))
        self.ln(2)


def board_report_pdf(*, quarter: Period, sections: list[Section], trends: list[Trend]) -> bytes:
    """The report: `sections` worked out for the quarter (against the quarter before), with the
    themes of what families said, and `trends` over the year to its end."""
    title = f"Family Hubs highlight report, {period_label(quarter)}"
    pdf = HighlightReport(title=title)
    pdf.add_page()
    pdf.heading(title, size=20)
    pdf.para(
        "For the Family Hub partnership board. Each figure is the quarter's, beside the quarter "
        "before. [c] means a figure is hidden to protect families' privacy: it is fewer than 5, "
        "or would let somebody work out one that is."
    )
    for section in sections:
        pdf.heading(section.title)
        pdf.figures(*measures_table(section))
        for themes in (b for b in section.breakdowns if b.key == "themes"):
            pdf.heading(themes.title, size=12)
            columns, rows = themes.table()
            pdf.figures(columns, rows)
    pdf.add_page()
    pdf.heading("The year to the end of the quarter")
    for line in trends:
        pdf.chart(line)
    return bytes(pdf.output())
