"""The insight app's writes: each download of personal data written to the audit trail, and
the board's reports kept."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_each, audit_record
from familyhub.insight.board_report import board_report_pdf
from familyhub.insight.dashboard import Viewer, sections, trends
from familyhub.insight.models import BoardReport
from familyhub.insight.period import Period, year_to
from familyhub.insight.scope import Scope
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


def board_report_make(*, by: User, local_authority_id: str, quarter: Period) -> BoardReport:
    """Work out the quarter's figures (small numbers hidden: the board is outside the analyst
    role) and the year's trends, make the PDF and keep it."""
    scope, hidden = Scope(local_authority_id), Viewer(small_numbers=False)
    pdf = board_report_pdf(
        quarter=quarter,
        sections=sections(scope, quarter, timezone.now(), hidden),
        trends=trends(scope, year_to(quarter.ends), hidden),
    )
    with transaction.atomic():
        report = BoardReport.objects.create(
            local_authority_id=local_authority_id,
            starts=quarter.starts,
            ends=quarter.ends,
            made_at=timezone.now(),
            made_by=by,
            pdf=pdf,
        )
        audit_record(actor=by, action=AuditEvent.Action.CREATE, record=report)
    return report
