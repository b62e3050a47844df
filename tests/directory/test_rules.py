import pytest

from familyhub.directory.rules import who_for


@pytest.mark.parametrize(
    ("low", "high", "pregnancy", "words"),
    [
        (0, 2, False, "Ages 0 to 2"),
        (11, None, False, "Ages 11 and over"),
        (None, 5, False, "Up to age 5"),
        (None, None, False, "All ages"),
        (None, None, True, "Expectant parents"),
        (0, 1, True, "Expectant parents; Ages 0 to 1"),
    ],
)
def test_who_a_service_is_for_in_words(low, high, pregnancy, words):
    assert who_for(minimum_age=low, maximum_age=high, for_pregnancy=pregnancy) == words
