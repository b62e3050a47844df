"""Plain words for families: the English of the public pages and of the emails and text
messages sent to families reads at the age GOV.UK aims for (9 to 11 years), and never leaves a
family with early help's acronyms.

Reading age is the Flesch-Kincaid grade plus five (the US school grade a reader is in, and the
age that grade begins), worked out for each message that is a sentence or more (eight words or
more; labels and headings are left out). Syllables are counted by Pyphen's British English
hyphenation, as readability tools do. (textstat would do it all, but its later versions download
NLTK data at run time and its older ones install a package named "tests".) Two pages are
partly legal text that must name laws and regulations (the privacy notice and the accessibility
statement): they count towards the median, but not against the ceiling.
"""

import re
import statistics

import pyphen
from django.utils import translation

from familyhub.notifications.notify import SMS_TEMPLATES, TEMPLATES
from tests.project.catalogues import messages, public_templates

AIMED_AT = 11  # the median reading age, at most
CEILING = 18  # no family message above this, outside the legal pages
LEGAL_PAGES = {"privacy.html", "accessibility.html"}
SHORTEST = 8  # words

# The emails and text messages a family gets: every one has a text message too (the others go to
# staff and organisations, by email only; tests/notifications/test_channels.py).
TO_FAMILIES = sorted(SMS_TEMPLATES)

# Early help's words for its own work, which mean nothing to a family unless spelt out.
ACRONYMS = {"EHA": None, "TAF": None, "CIN": None, "SEND": "special educational needs"}


def plain(message: str) -> str:
    """The words a reader reads: no markup, a placeholder read as one short word."""
    text = re.sub(r"<[^>]+>", "", message.split("\x04")[-1])
    return re.sub(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}", "it", text)


def family_messages() -> list[tuple[str, str]]:
    """(where, text) for every English message a family reads."""
    found = [(t.name, plain(key)) for t in public_templates() for key, _plural in messages(t)]
    with translation.override("en-gb"):
        for name in TO_FAMILIES:
            subject, body = TEMPLATES[name]
            found += [(f"email {name}", plain(str(subject))), (f"email {name}", plain(str(body)))]
            if name in SMS_TEMPLATES:
                found.append((f"text {name}", plain(str(SMS_TEMPLATES[name]))))
    return found


HYPHENATION = pyphen.Pyphen(lang="en_GB")


def reading_age(text: str) -> float:
    """Flesch-Kincaid: 0.39 × words per sentence + 11.8 × syllables per word − 15.59, plus 5."""
    words = re.findall(r"[A-Za-z’']+|\d+", text)
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text.strip())) or 1)
    syllables = sum(len(HYPHENATION.positions(word)) + 1 for word in words)
    grade = 0.39 * len(words) / sentences + 11.8 * syllables / max(1, len(words)) - 15.59
    return grade + 5


def sentences() -> list[tuple[float, str, str]]:
    return [
        (reading_age(text), where, text)
        for where, text in family_messages()
        if len(text.split()) >= SHORTEST
    ]


def test_the_messages_families_read_are_found():
    found = family_messages()
    assert len(found) > 400
    assert any(where.startswith("email ") for where, _text in found)
    assert any(where == "home.html" for where, _text in found)


def test_families_read_at_the_age_govuk_aims_for():
    ages = [age for age, _where, _text in sentences()]
    assert statistics.median(ages) <= AIMED_AT


def test_no_family_message_is_hard_to_read_outside_the_legal_pages():
    too_hard = [
        f"{age:.0f} {where}: {text}"
        for age, where, text in sentences()
        if age > CEILING and where not in LEGAL_PAGES
    ]
    assert not too_hard, "\n".join(too_hard)


def test_no_acronym_is_left_unexplained():
    unexplained = [
        f"{where}: {text}"
        for where, text in family_messages()
        for acronym, spelt_out in ACRONYMS.items()
        if re.search(rf"\b{acronym}\b", text)
        and (spelt_out is None or spelt_out not in text.lower())
    ]
    assert not unexplained, "\n".join(unexplained)


def test_a_hard_sentence_is_measured_as_hard():
    """The measure itself: a plain sentence reads younger than a bureaucratic one."""
    simple = "Tell us what is worrying you. We will call you back."
    hard = (
        "Notwithstanding the aforementioned considerations, multidisciplinary stakeholders "
        "collaboratively operationalise comprehensive interventions."
    )
    assert reading_age(simple) <= AIMED_AT < CEILING < reading_age(hard)
