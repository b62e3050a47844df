"""Small numbers are hidden, and so is whatever would give them back (worked by hand)."""

import itertools

from familyhub.suppression import HIDDEN, is_small, suppress


def shown(table) -> list[list[str]]:
    return [[table.cell(r, c) for c in range(len(table.grid[0]))] for r in range(len(table.grid))]


def test_counts_of_one_to_four_are_hidden_and_zero_and_five_are_shown():
    assert [is_small(n) for n in (0, 1, 4, 5)] == [False, True, True, False]
    table = suppress([[0, 1, 4, 5]], totals_shown=False)
    assert shown(table)[0][:4] == ["0", HIDDEN, HIDDEN, "5"]


def test_without_small_counts_nothing_is_hidden():
    table = suppress([[12, 7], [5, 30]])
    assert shown(table) == [["12", "7", "19"], ["5", "30", "35"], ["17", "37", "54"]]
    assert not table.any_hidden


def test_a_lone_small_count_beside_a_total_takes_the_smallest_other_count_with_it():
    # 20 + 3 + 9 = 32: with only the 3 hidden, 32 - 20 - 9 gives it back.
    table = suppress([[20, 3, 9]])
    assert shown(table)[0] == ["20", HIDDEN, HIDDEN, "32"]


def test_zero_is_never_the_company_of_a_hidden_count():
    # Hiding the 0 would not help: 8 - 0 is still 8 for whoever guesses the zero.
    table = suppress([[0, 2, 6]])
    assert shown(table)[0] == ["0", HIDDEN, HIDDEN, "8"]


def test_when_no_other_count_can_hide_it_the_total_is_hidden():
    table = suppress([[0, 0, 7], [3, 0, 0], [6, 9, 8]])
    grid = shown(table)
    # Row 2's 3 has only zeros beside it: its row total goes, and the column of row totals
    # (7, 3, 23, grand 33) then needs another hidden total so 33 - 7 - 23 cannot give it back.
    assert grid[1] == [HIDDEN, "0", "0", HIDDEN]
    assert grid[0][3] == HIDDEN  # 7, the smallest other row total
    # Column 0 (0, 3, 6 = 9) hides the 6 as well.
    assert grid[2][0] == HIDDEN


def test_two_small_counts_in_a_line_protect_each_other():
    table = suppress([[2, 3, 40]])
    assert shown(table)[0] == [HIDDEN, HIDDEN, "40", "45"]


def test_no_shown_total_gives_back_a_hidden_count():
    """Every row and column whose total is shown has no hidden count alone: checked on every
    table of 3 x 3 counts drawn from a small range, so small counts arise in every pattern."""
    for values in itertools.islice(itertools.product([0, 1, 3, 6, 11], repeat=9), 0, None, 97):
        counts = [list(values[0:3]), list(values[3:6]), list(values[6:9])]
        table = suppress(counts)
        size = len(table.grid)
        lines = [[(r, c) for c in range(size)] for r in range(size)]
        lines += [[(r, c) for r in range(size)] for c in range(size)]
        for line in lines:
            *parts, total = line
            if table.hidden[total[0]][total[1]]:
                continue
            assert sum(table.hidden[r][c] for r, c in parts) != 1, (counts, line)
        for r, c in itertools.product(range(3), range(3)):
            if is_small(counts[r][c]):
                assert table.hidden[r][c]


def test_the_grid_keeps_the_true_figures_for_the_analyst():
    table = suppress([[1, 9]])
    assert table.grid == [[1, 9, 10], [1, 9, 10]]
