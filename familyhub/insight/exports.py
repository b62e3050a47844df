"""Tables as files to download: CSV and XLSX (XlsxWriter), the same columns and rows as shown.

A cell that a spreadsheet would read as a formula (starting =, +, -, @, or a tab or carriage
return) is written with a leading apostrophe in CSV, and as a string in XLSX: a name an editor
typed must never run as a formula on an analyst's computer (OWASP's "CSV injection").
"""

import csv
import io
from collections.abc import Sequence

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def _defused(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte order mark, so Excel reads Bengali and Somali names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([_defused(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(sheet: str, columns: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """One worksheet: a bold header row, frozen, and the rows; text written as text."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    worksheet = workbook.add_worksheet(sheet[:31])  # Excel's longest sheet name
    bold = workbook.add_format({"bold": True})
    worksheet.write_row(0, 0, columns, bold)
    worksheet.freeze_panes(1, 0)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, str):
                worksheet.write_string(number, column, value)
            elif value is not None:
                worksheet.write_number(number, column, value)
    for column, title in enumerate(columns):
        worksheet.set_column(column, column, max(12, len(title) + 2))
    workbook.close()
    return buffer.getvalue()
