"""Charts drawn on the server with Matplotlib, as SVG images.

Each chart is an <img> whose source is the SVG itself (a data: URI: the page's Content Security
Policy allows images from data: and nothing in an image can run), with a text alternative that
says what it shows, and the table of the same figures beside it on the page: the table, not the
picture, is the accessible version. The board report's PDF takes the same charts as PNG.

Lines are told apart by their style and markers as well as colour, and the colours are the
GOV.UK palette's blue and dark grey, which meet the contrast needed for graphics (WCAG 1.4.11).
"""

import base64
import functools
import io
from html import escape

import matplotlib

matplotlib.use("Agg")  # no display: drawing only into files

from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)

BLUE, GREY = "#1d70b8", "#505a5f"
STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": ["Arial", "Liberation Sans", "DejaVu Sans"],
    "font.size": 11,
    "svg.fonttype": "none",  # text stays text: smaller, and in the reader's own font
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def trend(labels: list[str], series: dict[str, list[int | None]], *, axis_label: str) -> Figure:
    """Lines over time, one per series (at most two: this year's and the last); a gap where a
    figure is hidden."""
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(7.5, 3.2), layout="constrained")
        axes = figure.subplots()
        looks = [(BLUE, "-", "o"), (GREY, "--", "s")]
        for (name, values), (colour, line, marker) in zip(series.items(), looks, strict=False):
            axes.plot(
                labels,
                [float("nan") if value is None else value for value in values],
                color=colour,
                linestyle=line,
                marker=marker,
                label=name,
            )
        axes.set_ylabel(axis_label)
        axes.set_ylim(bottom=0)
        axes.tick_params(axis="x", labelrotation=45)
        axes.grid(axis="y", color="#b1b4b6", linewidth=0.5)
        if len(series) > 1:
            # Above the plot, where it can cover no point.
            axes.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2)
    return figure


@functools.lru_cache(maxsize=256)
def trend_svg(
    labels: tuple[str, ...],
    series: tuple[tuple[str, tuple[int | None, ...]], ...],
    axis_label: str,
    *,
    title: str,
    description: str,
) -> str:
    """The trend as an SVG data: URI. Drawing takes far longer than working the figures out, and
    the same figures always make the same picture: kept, by its figures, for the next reader."""
    chart = trend(
        list(labels), {name: list(values) for name, values in series}, axis_label=axis_label
    )
    return svg_data_uri(chart, title=title, description=description)


def svg_data_uri(figure: Figure, *, title: str, description: str) -> str:
    """The figure as SVG with its own <title> and <desc> (what it shows, and where its figures
    are), as the first children of its root, so the picture says what it is wherever it goes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue().decode("utf-8")
    opening = svg.index(">", svg.index("<svg")) + 1
    named = (
        f"{svg[:opening]}<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f"{svg[opening:]}"
    )
    return "data:image/svg+xml;base64," + base64.b64encode(named.encode("utf-8")).decode("ascii")


def png_bytes(figure: Figure, *, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
