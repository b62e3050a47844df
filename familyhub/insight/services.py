"""The insight app's writes: each download of personal data written to the audit trail."""

import datetime as dt

from django.db import transaction

from familyhub.accounts.models import User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_each
from familyhub.insight.selectors import EarlyHelpList, early_help_list


def early_help_list_download(
    *, by: User, local_authority_id: str, ending: dt.date, file_format: str
) -> EarlyHelpList:
    """The list, with an export event in the trail of every household on it."""
    listed = early_help_list(local_authority_id=local_authority_id, ending=ending)
    with transaction.atomic():
        audit_each(
            actor=by,
            action=AuditEvent.Action.EXPORT,
            records=listed.families,
            details={
                "list": "ofsted_annex_a_list_2",
                "from": listed.starts.isoformat(),
                "to": listed.ends.isoformat(),
                "format": file_format,
            },
        )
    return listed
