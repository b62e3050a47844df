from django import template

from familyhub.startforlife.rules import shown_count

register = template.Library()


@register.filter
def suppressed(count: int) -> str:
    """A count as published (rules.shown_count: "fewer than 5" for 1 to 4)."""
    return shown_count(count)
