"""Paging for searches that can match thousands of places."""

from functools import cached_property

from django.core.paginator import Paginator

# Nobody pages through more than this; counting every match of a wide search costs more than
# the page itself, so the count stops here and the page says "more than".
RESULT_COUNT_CAP = 500


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: RESULT_COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > RESULT_COUNT_CAP
