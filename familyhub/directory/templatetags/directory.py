import math

from django import template

from familyhub.places.rules import METRES_PER_MILE

register = template.Library()


@register.filter
def miles(distance_squared: float) -> str:
    """A squared grid distance in metres as miles to one decimal place."""
    return f"{math.sqrt(distance_squared) / METRES_PER_MILE:.1f}"
