"""What families told us: the feedback survey's figures, and the themes of what could be better.

Themes are found by plain words (a comment about waiting says "wait", "waiting", "slow"...),
in English: comments in Bengali or Somali are counted under their language until somebody who
reads it sorts them. It is a first sorting for the board, not analysis: the comments themselves
are on /staff/feedback/ for the managers who read them.
"""

import re
from collections import Counter

from familyhub.feedback.selectors import Scores, feedback_comments, feedback_scores
from familyhub.insight.figures import Breakdown, Measure, counts_by_choice
from familyhub.insight.period import Period
from familyhub.insight.scope import Scope

# Theme → the words that put a comment in it (whole words, any case).
THEMES = {
    "Waiting and time": ("wait", "waiting", "waited", "slow", "late", "time", "quicker", "sooner"),
    "Being listened to": ("listen", "listened", "understood", "kind", "respect", "judged"),
    "Telling our story again": ("again", "repeat", "repeated", "story", "twice"),
    "Language and interpreters": ("interpreter", "language", "translate", "bengali", "somali"),
    "Places and times of sessions": ("venue", "place", "building", "room", "bus", "session"),
    "Contact and information": ("call", "phone", "text", "email", "contact", "information"),
}
NOT_LATIN = re.compile(r"[\u0980-\u09ff]")  # Bengali script


def _scores(scope: Scope, p: Period) -> Scores:
    return feedback_scores(
        local_authority_id=scope.local_authority_id,
        locality_id=scope.locality_id,
        hub_id=scope.hub_id,
        starts=p.starts,
        ends=p.ends,
    )["all"]


def _percent(share: float | None) -> float | None:
    return None if share is None else 100 * share


def survey(scope: Scope, period: Period) -> list[Measure]:
    now, before = _scores(scope, period), _scores(scope, period.previous())
    return [
        Measure("invited", "Families asked for feedback", now.invited, before.invited),
        Measure("answered", "Families who answered", now.answered, before.answered),
        Measure(
            "helpful",
            "How helpful, on average (1 to 5)",
            now.mean_helpfulness,
            before.mean_helpfulness,
            "score",
            base_now=now.answered,
            base_before=before.answered,
        ),
        Measure(
            "told_once",
            "Families who told their story once",
            _percent(now.told_once_share),
            _percent(before.told_once_share),
            "percent",
            base_now=now.answered,
            base_before=before.answered,
        ),
    ]


def theme_of(text: str) -> list[str]:
    """The themes a comment touches; its language's name when it is not in English."""
    if NOT_LATIN.search(text):
        return ["In Bengali"]
    words = set(re.findall(r"[a-z']+", text.lower()))
    found = [theme for theme, cues in THEMES.items() if any(cue in words for cue in cues)]
    return found or ["Other"]


def _themes(scope: Scope, p: Period) -> Counter:
    comments = feedback_comments(
        local_authority_id=scope.local_authority_id,
        locality_id=scope.locality_id,
        hub_id=scope.hub_id,
        starts=p.starts,
        ends=p.ends,
    )
    return Counter(theme for comment in comments for theme in theme_of(comment.text))


def themes(scope: Scope, period: Period) -> Breakdown:
    """How many of each period's comments touch each theme (a comment may touch several)."""
    choices = [(theme, theme) for theme in [*THEMES, "In Bengali", "Other"]]
    rows = counts_by_choice(choices, _themes(scope, period), _themes(scope, period.previous()))
    return Breakdown("themes", "What could be better: the comments' themes", "Theme", rows)
