"""Bulk writes for the demo's many rows: a few queries for hundreds of services."""

from collections.abc import Sequence, Set
from typing import TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def upsert(model: type[M], rows: Sequence[M], fields: list[str]) -> None:
    """Insert the rows whose id is new and update those that differ: a few queries in all.

    Unchanged rows are left alone (and keep their modified time), so a second load writes
    almost nothing; bulk_update of every row would also be slow to build.
    """
    attnames = {field.name: field.attname for field in model._meta.concrete_fields}
    columns = [attnames[name] for name in fields if name != "modified"]
    existing = {
        values[0]: values[1:]
        for values in model._default_manager.filter(pk__in=[row.pk for row in rows]).values_list(
            "pk", *columns
        )
    }
    new = [row for row in rows if row.pk not in existing]
    changed = [
        row
        for row in rows
        if row.pk in existing
        and tuple(getattr(row, column) for column in columns) != existing[row.pk]
    ]
    model._default_manager.bulk_create(new, batch_size=500)
    model._default_manager.bulk_update(changed, fields, batch_size=100)


def sync_links(through: type[Model], column: str, wanted: Set[tuple[object, object]]) -> None:
    """Make a many-to-many table hold exactly the wanted (service id, other id) pairs."""
    service_ids = {service_id for service_id, _ in wanted}
    existing = set(
        through._default_manager.filter(service_id__in=service_ids).values_list(
            "service_id", column
        )
    )
    through._default_manager.bulk_create(
        [
            through(service_id=service_id, **{column: other})
            for service_id, other in sorted(wanted - existing, key=str)
        ]
    )
    for service_id, other in existing - wanted:
        through._default_manager.filter(service_id=service_id, **{column: other}).delete()
