"""Events written before the hash chain: give each its council and its place in the chain.

Their council is found much as audit_record now finds it: the family's, else the record's own,
else (an account) that staff member's, else the council of the member of staff who acted. Then every event, in id order, is chained. This
runs before the triggers (0004) exist, as the one time events are ever updated.
"""

from django.conf import settings
from django.db import migrations

from familyhub.audit.chain import GENESIS, chain

BATCH = 2000


def _council_by_record(apps, record_type, record_id):
    try:
        model = apps.get_model(record_type)
    except (LookupError, ValueError):
        return ""
    if not any(field.name == "local_authority" for field in model._meta.fields):
        return ""
    try:
        return (
            model._base_manager.filter(pk=record_id)
            .values_list("local_authority_id", flat=True)
            .first()
            or ""
        )
    except (ValueError, TypeError, LookupError):  # an id of the wrong form for that model
        return ""


def _council_of_staff(apps, user_id):
    if user_id is None:
        return ""
    Membership = apps.get_model("accounts", "Membership")
    codes = Membership.objects.filter(user_id=user_id).order_by("organisation__local_authority_id")
    return codes.values_list("organisation__local_authority_id", flat=True).first() or ""


def _councils_fill(apps, events):
    Family = apps.get_model("families", "Family")
    family_ids = {event.family_id for event in events if event.family_id}
    by_family = dict(
        Family._base_manager.filter(pk__in=family_ids).values_list("pk", "local_authority_id")
    )
    account = settings.AUTH_USER_MODEL.lower()
    for event in events:
        event.local_authority_code = (
            by_family.get(event.family_id)
            or _council_by_record(apps, event.record_type, event.record_id)
            or (event.record_type == account and _council_of_staff(apps, event.record_id))
            or _council_of_staff(apps, event.actor_id)
            or ""
        )


def events_chain(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    prev_hash = GENESIS
    last_id = 0
    while True:
        events = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:BATCH])
        if not events:
            return
        _councils_fill(apps, events)
        chain(events, prev_hash)
        AuditEvent.objects.bulk_update(events, ["local_authority_code", "prev_hash", "hash"])
        prev_hash, last_id = events[-1].hash, events[-1].id


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_hash_chain_and_council"),
        ("families", "0002_organisation_in_accounts"),
        ("accounts", "0003_organisation_table_name"),
    ]

    # Going back leaves the hashes in place: 0002's reverse removes the columns.
    operations = [migrations.RunPython(events_chain, migrations.RunPython.noop)]
