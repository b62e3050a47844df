"""Merging two records of the same person, and undoing it exactly, from the audit trail.

A merge is a human decision (see `families.matching` for the candidates it starts from). It
moves everything that points at the duplicate record onto the record kept, marks the duplicate
`merged_into` the kept one, and deletes nothing: both histories stay. The MERGE audit event lists
every row it moved, table by table, so that `person_unmerge` puts back exactly those rows and no
others, however much has been added to the kept record since.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models, transaction

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.families.models import Membership, Person, Relationship


class MergeError(ValueError):
    """A merge or unmerge that must not go ahead, with a message staff can act on."""


def _person_references() -> list[models.ForeignKey]:
    """Every foreign key to Person outside this module's special cases, hidden ones included
    (Relationship.other has no reverse name), so that a model added later is moved too."""
    special = {(Membership, "person"), (Relationship, "person"), (Relationship, "other")}
    references = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.one_to_many or relation.one_to_one) or not relation.auto_created:
            continue
        fk = relation.field
        if fk.model is Person or (fk.model, fk.name) in special:
            continue  # merged_into chains stay as they are; the special cases are below
        references.append(fk)
    return references


def _key(model: type[models.Model], field_name: str) -> str:
    return f"{model._meta.label_lower}.{field_name}"


def _ids(queryset: models.QuerySet) -> list[str]:
    return sorted(str(pk) for pk in queryset.values_list("pk", flat=True))


def _lock_people(*people: Person) -> None:
    """Lock both rows, in a fixed order so two merges of the same pair cannot deadlock."""
    ids = sorted(str(person.pk) for person in people)
    list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def person_merge(*, keep: Person, merge: Person, by, reason: str) -> AuditEvent:
    """Move everything pointing at `merge` onto `keep` and mark `merge` as merged into it.

    One transaction, one MERGE audit event whose details list the moved rows. A membership of
    a family `keep` already belongs to, and a relationship `keep` already has (or one between
    the two records), stays on `merge` rather than being duplicated or turned onto itself;
    the event lists those as "left" so nothing is lost from view.
    """
    if not (reason or "").strip():
        raise MergeError("Say why these records are the same person")
    if keep.pk == merge.pk:
        raise MergeError("A record cannot be merged into itself")
    if keep.local_authority_id != merge.local_authority_id:
        raise MergeError("Only records held by the same council can be merged")

    with transaction.atomic():
        _lock_people(keep, merge)
        keep.refresh_from_db()
        merge.refresh_from_db()
        if merge.merged_into_id or keep.merged_into_id:
            raise MergeError("One of these records has already been merged into another")

        moved: dict[str, list[str]] = {}
        left: dict[str, list[str]] = {}

        # Memberships: family and person are unique together, so a family both records belong
        # to keeps the duplicate's membership where it is.
        memberships = Membership.objects.filter(person=merge)
        shared = memberships.filter(
            family__in=Membership.objects.filter(person=keep).values("family")
        )
        key = _key(Membership, "person")
        left[key] = _ids(shared)
        moved[key] = _ids(memberships.exclude(pk__in=left[key]))
        Membership.objects.filter(pk__in=moved[key]).update(person=keep)

        # Relationships, both ends. One between the two records would become a person related
        # to themselves, and one `keep` already has would be a duplicate: both stay.
        for end, far in (("person", "other"), ("other", "person")):
            key = _key(Relationship, end)
            rows = Relationship.objects.filter(**{end: merge}).exclude(**{far: keep})
            duplicates = [
                row.pk
                for row in rows
                if Relationship.objects.filter(
                    **{end: keep, far: getattr(row, f"{far}_id"), "kind": row.kind}
                ).exists()
            ]
            between = Relationship.objects.filter(**{end: merge, far: keep})
            left[key] = sorted({*_ids(between), *(str(pk) for pk in duplicates)})
            moved[key] = _ids(rows.exclude(pk__in=duplicates))
            Relationship.objects.filter(pk__in=moved[key]).update(**{end: keep})

        # Everything else: chronology events, consents, front door request people, and any
        # foreign key to Person added later.
        for fk in _person_references():
            key = _key(fk.model, fk.name)
            rows = fk.model._base_manager.filter(**{fk.name: merge})
            moved[key] = _ids(rows)
            fk.model._base_manager.filter(pk__in=moved[key]).update(**{fk.name: keep})

        merge.merged_into = keep
        merge.save(update_fields=["merged_into", "modified"])
        return audit_record(
            actor=by,
            action=AuditEvent.Action.MERGE,
            record=merge,
            reason=reason,
            details={
                "keep": str(keep.pk),
                "merge": str(merge.pk),
                "moved": {key: ids for key, ids in moved.items() if ids},
                "left": {key: ids for key, ids in left.items() if ids},
            },
        )


def _field(key: str) -> tuple[type[models.Model], str]:
    app_model, field_name = key.rsplit(".", 1)
    return apps.get_model(app_model), field_name


def person_unmerge(*, event: AuditEvent, by, reason: str) -> AuditEvent:
    """Undo the merge `event` recorded: the rows it moved go back to the merged record, which is
    no longer marked as merged. Rows added to the kept record since stay where they are.

    Writes an UNMERGE event naming the MERGE it undoes and the rows put back; a row that has
    since been moved on or deleted is listed as not restored rather than guessed at.
    """
    if not (reason or "").strip():
        raise MergeError("Say why this merge is being undone")
    if event.action != AuditEvent.Action.MERGE or event.record_type != "families.person":
        raise MergeError("That audit event is not a merge of two people")
    details: dict[str, Any] = event.details
    undone = AuditEvent.objects.filter(
        action=AuditEvent.Action.UNMERGE,
        record_type="families.person",
        record_id=event.record_id,
        details__merge_event=event.pk,
    )

    with transaction.atomic():
        keep = Person.objects.get(pk=details["keep"])
        merge = Person.objects.get(pk=details["merge"])
        _lock_people(keep, merge)
        keep.refresh_from_db()
        merge.refresh_from_db()
        if undone.exists():
            raise MergeError("This merge has already been undone")
        if str(merge.merged_into_id) != str(keep.pk):
            raise MergeError("This record is no longer merged as that event says")
        if keep.merged_into_id:
            # The moved rows went on with `keep` to a later merge: undo that one first.
            raise MergeError("The kept record has since been merged again: undo that merge first")

        restored: dict[str, list[str]] = {}
        not_restored: dict[str, list[str]] = {}
        for key, ids in details.get("moved", {}).items():
            model, field_name = _field(key)
            rows = model._base_manager.filter(pk__in=ids, **{field_name: keep})
            back = _ids(rows)
            model._base_manager.filter(pk__in=back).update(**{field_name: merge})
            restored[key] = back
            if missing := sorted(set(ids) - set(back)):
                not_restored[key] = missing

        merge.merged_into = None
        merge.save(update_fields=["merged_into", "modified"])
        return audit_record(
            actor=by,
            action=AuditEvent.Action.UNMERGE,
            record=merge,
            reason=reason,
            details={
                "merge_event": event.pk,
                "keep": str(keep.pk),
                "merge": str(merge.pk),
                "restored": restored,
                "not_restored": not_restored,
            },
        )
