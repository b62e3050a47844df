"""Small numbers hidden from every figure shown or exported outside the analyst role (any app
that shows counts of families uses this: Start for Life, the 2-year offer, insight).

Counts of 1 to 4 could identify a family, so they are hidden (*primary* suppression). Where a
total is shown beside them, hiding one count is not enough: the total minus the others gives
it back. So in every row or column whose total is shown, a lone hidden count gets company — the
smallest other count above zero is hidden too (*secondary* suppression), and where there is none
the total itself is hidden, which may in turn need company among the other totals. This repeats
until no shown total gives back a hidden count.

Zero is shown: nobody is identified by a count of nobody, and hiding a zero beside a small count
would not protect it (the reader who guesses the zero gets the count back). Hidden cells are shown
as "[c]", the Government Statistical Service's symbol for confidential.
"""

from dataclasses import dataclass

# The smallest count shown; 1 to SMALLEST_SHOWN - 1 are hidden.
SMALLEST_SHOWN = 5
HIDDEN = "[c]"


@dataclass(frozen=True)
class Suppressed:
    """A table of counts with margins, and which of its figures may be shown.

    `grid` is the table with its totals: rows of cells, each ending in the row's total, and a last
    row of column totals ending in the grand total. `hidden` has the same shape.
    """

    grid: list[list[int]]
    hidden: list[list[bool]]

    def cell(self, row: int, column: int) -> str:
        """A figure as shown: its digits, or HIDDEN."""
        return HIDDEN if self.hidden[row][column] else str(self.grid[row][column])

    @property
    def any_hidden(self) -> bool:
        return any(any(row) for row in self.hidden)


def is_small(count: int) -> bool:
    """A count that could identify somebody: at least one and fewer than SMALLEST_SHOWN."""
    return 0 < count < SMALLEST_SHOWN


def suppress(counts: list[list[int]], *, totals_shown: bool = True) -> Suppressed:
    """Hide the small counts of a table and whatever would give them back.

    `counts` is the table without totals (one row for a single breakdown). With `totals_shown`
    the row, column and grand totals are part of the result and protected with it; without
    totals nothing can be worked back, so only the small counts are hidden.
    """
    grid = _with_totals(counts)
    hidden = [[is_small(value) for value in row] for row in grid]
    if totals_shown:
        lines = _lines(len(counts), len(counts[0]) if counts else 0)
        # Each figure hidden may expose another line: start again until none changes.
        while any(_protect(line, grid, hidden) for line in lines):
            pass
    return Suppressed(grid=grid, hidden=hidden)


def _with_totals(counts: list[list[int]]) -> list[list[int]]:
    rows = [[*row, sum(row)] for row in counts]
    columns = [sum(column) for column in zip(*rows, strict=True)] if rows else [0]
    return [*rows, columns]


Position = tuple[int, int]


def _lines(rows: int, columns: int) -> list[tuple[list[Position], Position]]:
    """Every sum in the grid: its parts and its total, the margins' own sums included."""
    across = [([(r, c) for c in range(columns)], (r, columns)) for r in range(rows + 1)]
    down = [([(r, c) for r in range(rows)], (rows, c)) for c in range(columns + 1)]
    return across + down


def _protect(
    line: tuple[list[Position], Position], grid: list[list[int]], hidden: list[list[bool]]
) -> bool:
    """Hide one more figure of a line whose shown total would give back its one hidden part.
    Returns whether anything was hidden."""
    parts, (tr, tc) = line
    if hidden[tr][tc] or sum(hidden[r][c] for r, c in parts) != 1:
        return False
    others = [(grid[r][c], (r, c)) for r, c in parts if not hidden[r][c] and grid[r][c] > 0]
    r, c = min(others)[1] if others else (tr, tc)
    hidden[r][c] = True
    return True
