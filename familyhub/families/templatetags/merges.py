"""What the family record shows of merges: whether the user may merge, and the merges into its
people.

Template tags rather than view context so that the record view stays as it is; each runs once a
page, in a fixed number of queries."""

from django import template

from familyhub.families.models import Membership
from familyhub.families.rules import may_merge
from familyhub.families.selectors import MergeRow, merges_on_record

register = template.Library()


@register.simple_tag(takes_context=True)
def user_may_merge(context) -> bool:
    request = context.get("request")
    return request is not None and may_merge(request.user)


@register.simple_tag
def merged_records(members: list[Membership]) -> list[MergeRow]:
    return merges_on_record(members)
