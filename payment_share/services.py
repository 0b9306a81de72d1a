"""Every change to the payment-share list goes through here (docs/design.md).

Import in three steps: ``import_upload`` validates the whole file before anything is stored (a file with
bad rows returns only the report); a month already imported waits for ``import_confirm`` (or
``import_cancel``); ``import_start`` hands the job to the Celery task, which calls ``import_execute``.
The rows are written in one transaction (``apply_rows``): a failure leaves nothing half-saved.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from clients import national_id as nid
from clients.enums import ClientStatus
from clients.models import Client
from clients.rules import income_of_benefit
from joutsa_tyollisyys.bulk import insert_rows
from joutsa_tyollisyys.messages import Text
from joutsa_tyollisyys.roles import Role
from joutsa_tyollisyys.services import notify, require, save_audited
from joutsa_tyollisyys.tasks_util import enqueue

from . import parsing, selectors
from .enums import JOB_TRANSITIONS, JobStage, JobStatus
from .models import ImportJob, PaymentShareEntry, PaymentShareList, list_key
from .review_services import (  # noqa: F401 - the review's services, re-exported
    entry_assign_contact,
    entry_assign_responsible,
    entry_mark_contacted,
    month_label,
    review_bulk_assign,
)

logger = logging.getLogger(__name__)

#: Persons matched per query (SQLite allows 32,766 parameters in one statement).
MATCH_CHUNK = 10_000
#: Pending jobs older than this are given up and their rows wiped.
STALE_AFTER = timedelta(hours=24)
#: A queued job starts within seconds; one still queued this long after it was handed to the broker lost its message
#: (Redis restarted without it, a worker's queue purged): it is given up and its uploader told.
LOST_AFTER = timedelta(minutes=15)


def _months_text(months) -> str:
    return ", ".join(month_label(m) for m in months)


# --- Upload and validation -----------------------------------------------------------------------


@dataclass
class UploadOutcome:
    result: parsing.ParseResult
    job: ImportJob | None = None


def max_upload_bytes() -> int:
    return getattr(settings, "PAYMENT_SHARE_MAX_UPLOAD_BYTES", parsing.MAX_UPLOAD_BYTES)


def import_upload(*, actor, file, mapping=None) -> UploadOutcome:
    """Validate an uploaded list. Bad rows: only the report comes back and nothing is stored. Good rows:
    a job (waiting for confirmation when a month is already imported)."""
    require(actor, "payment_share.import_list")
    file.seek(0)
    head = file.read(4096)
    parsing.check_upload(file.name or "", file.size or 0, head, max_upload_bytes())
    data = head + file.read()
    result = parsing.parse_list(data, mapping.as_layout() if mapping else None)
    if not result.ok:
        return UploadOutcome(result)
    expire_stale_jobs()
    wanted = set(result.lists)
    existing = [
        key for key in PaymentShareList.objects.filter(month__in=result.months).values_list("month", "invoice")
        if key in wanted
    ]
    job = ImportJob.objects.create(
        created_by=actor,
        file_name=(file.name or "")[:200],
        mapping=mapping,
        status=JobStatus.CONFIRM if existing else JobStatus.QUEUED,
        row_count=len(result.rows),
        months=[m.isoformat() for m in result.months],
        replace_months=sorted(list_key(*key) for key in existing),
        payload=parsing.rows_to_payload(result.rows),
    )
    return UploadOutcome(result, job)


def _move(job: ImportJob, status: str):
    if status not in JOB_TRANSITIONS[JobStatus(job.status)]:
        raise ValidationError(
            _("This import is already %(status)s.") % {"status": job.get_status_display().lower()}
        )
    job.status = status


def _own_job(actor, job_id) -> ImportJob:
    job = ImportJob.objects.select_for_update(of=("self",)).get(pk=job_id)
    if job.created_by_id != actor.pk:
        raise PermissionDenied
    require(actor, "payment_share.import_list")
    return job


@transaction.atomic
def import_confirm(*, actor, job_id: int) -> ImportJob:
    """The user agreed to replace the months already imported."""
    job = _own_job(actor, job_id)
    _move(job, JobStatus.QUEUED)
    job.save(update_fields=["status"])
    return job


@transaction.atomic
def import_cancel(*, actor, job_id: int) -> ImportJob:
    job = _own_job(actor, job_id)
    _move(job, JobStatus.CANCELLED)
    job.payload = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "payload", "finished_at"])
    return job


def import_start(*, actor, job_id: int) -> ImportJob:
    """Hand a queued job to the background worker. Not atomic on purpose: the job row must be committed
    before a worker can read it. If the broker cannot be reached the job fails and nothing is saved."""
    from .tasks import run_import

    with transaction.atomic():
        job = _own_job(actor, job_id)
        if job.status != JobStatus.QUEUED:
            raise ValidationError(
                _("This import is already %(status)s.") % {"status": job.get_status_display().lower()}
            )
    ImportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now())
    if enqueue(run_import, job.pk) is None:
        logger.warning("Payment-share import %s could not be queued: broker unreachable", job.pk)
        _fail(
            job.pk,
            _(
                "The import could not start because the background service cannot be reached. Nothing "
                "was saved. Try again in a moment; if it keeps failing, contact the administrator."
            ),
        )
    job.refresh_from_db()
    return job


def _fail(job_id: int, message: str):
    ImportJob.objects.filter(pk=job_id).exclude(status__in=[JobStatus.DONE, JobStatus.CANCELLED]).update(
        status=JobStatus.FAILED, error_message=message[:300], payload="", finished_at=timezone.now()
    )


def expire_stale_jobs() -> int:
    """Give up jobs left waiting for a day (an unanswered confirmation, a worker that never came), and queued jobs
    whose message was lost (``LOST_AFTER``); the uploader of a given-up import is told on the front page.
    Celery beat runs it every 15 minutes (migration payment_share 0006)."""
    now = timezone.now()
    stale = ImportJob.objects.filter(created_at__lt=now - STALE_AFTER)
    cancelled = stale.filter(status=JobStatus.CONFIRM).update(status=JobStatus.CANCELLED, payload="", finished_at=now)
    with translation.override(settings.LANGUAGE_CODE):
        lost = ImportJob.objects.filter(status=JobStatus.QUEUED, queued_at__lt=now - LOST_AFTER)
        given_up = _give_up(lost, Text(N_(
            "The import never started: the background service lost it. Nothing was saved. Upload the list again; "
            "if it happens again, contact the administrator.")))
        given_up += _give_up(stale.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]), Text(N_(
            "The import did not finish within a day and was given up. Nothing was saved.")))
    return cancelled + given_up


def _give_up(jobs, reason: Text) -> int:
    message = str(reason)  # the job's error in the default language (the caller's)
    count = 0
    for job in jobs.select_related("created_by"):
        with transaction.atomic():
            changed = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
                status=JobStatus.FAILED, payload="", finished_at=timezone.now(), error_message=message[:300])
            if changed:
                count += 1
                notify(recipient=job.created_by, url=job.get_absolute_url(), message=Text(N_(
                    "The import of %(file)s failed: %(reason)s"), {"file": job.file_name, "reason": reason}))
    return count


# --- The import task -----------------------------------------------------------------------------


def _progress(job_id: int, stage: str, progress: int):
    ImportJob.objects.filter(pk=job_id).update(stage=stage, progress=progress)


def lookup_clients(hashes, on_chunk=None) -> dict:
    """{national id hash: client id} for the known persons: one query per ``MATCH_CHUNK`` persons
    (plain SQL: the ORM's per-parameter work would cost more than the query itself). On PostgreSQL the chunk
    goes as one text parameter split by the server (the hashes are hex digits): 10,000 parameters quoted one
    by one were most of an import's matching."""
    hashes = sorted(set(hashes))
    table, column = Client._meta.db_table, Client._meta.get_field("national_id_hash").column
    quote = connection.ops.quote_name
    select = f"SELECT {quote(column)}, {quote('id')} FROM {quote(table)} WHERE {quote(column)} "  # noqa: S608
    found = {}
    with connection.cursor() as cursor:
        for start in range(0, len(hashes), MATCH_CHUNK):
            chunk = hashes[start : start + MATCH_CHUNK]
            if connection.vendor == "postgresql":
                cursor.execute(select + "= ANY(string_to_array(%s, ','))", [",".join(chunk)])
            else:
                cursor.execute(select + f"IN ({', '.join(['%s'] * len(chunk))})", chunk)
            found.update(cursor.fetchall())
            if on_chunk:
                on_chunk(start + len(chunk), len(hashes))
    return found


def import_execute(*, job_id: int) -> ImportJob:
    """Run by the Celery task. Never raises: a failure marks the job failed with nothing saved."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update(of=("self",)).select_related("created_by").get(pk=job_id)
        if job.status != JobStatus.QUEUED:
            return job
        _move(job, JobStatus.RUNNING)
        job.stage, job.progress = JobStage.MATCHING, 5
        job.save(update_fields=["status", "stage", "progress"])
    try:
        actor = job.created_by
        require(actor, "payment_share.import_list")
        rows = parsing.payload_to_rows(job.payload)
        hashes = [nid.lookup_hash(row.national_id) for row in rows]
        known = lookup_clients(
            hashes,
            on_chunk=lambda done, total: _progress(
                job.pk, JobStage.MATCHING, 10 + 50 * done // max(total, 1)
            ),
        )
        _progress(job.pk, JobStage.SAVING, 65)
        with transaction.atomic():
            summary = apply_rows(
                rows=rows,
                actor=actor,
                job=job,
                replace_lists=set(job.replace_lists),
                known=known,
                hashes=hashes,
            )
            ImportJob.objects.filter(pk=job.pk).update(
                status=JobStatus.DONE,
                stage=JobStage.FINISHED,
                progress=100,
                payload="",
                linked_count=summary.linked,
                created_count=summary.created,
                finished_at=timezone.now(),
            )
    except (ValidationError, PermissionDenied) as error:
        message = (
            " ".join(error.messages)
            if isinstance(error, ValidationError)
            else _("You no longer have the right to import lists. Nothing was saved.")
        )
        _fail(job.pk, message)
    except Exception:
        logger.exception("Payment-share import %s failed", job.pk)
        _fail(
            job.pk,
            _(
                "The import failed and nothing was saved. Try again; if it fails again, contact the "
                "administrator."
            ),
        )
    else:
        _notify_review(summary)
    job.refresh_from_db()
    return job


@dataclass
class ApplySummary:
    months: list
    linked: int
    created: int
    without_worker: int


def _create_clients(people: dict, actor, now) -> dict:
    """Create the unknown persons (status "from the list, not contacted") with their history rows.
    ``people``: {hash: ListRow}; returns {hash: client id}. The national id is encrypted by its field."""
    rows = []
    for code_hash, row in people.items():
        last, first = parsing.split_name(row.name)
        rows.append(
            {
                "national_id": row.national_id,
                "national_id_hash": code_hash,
                "birth_date": nid.parse(row.national_id).birth_date,
                "first_name": first[:100],
                "last_name": last[:100],
                "main_income": income_of_benefit(row.benefit, row.month),
            }
        )
    constants = {"status": ClientStatus.NEW, "created_at": now, "updated_at": now}
    insert_rows(Client, rows, constants=constants)
    ids = lookup_clients(people)
    history = Client.history.model
    tracked = {f.attname for f in history._meta.concrete_fields}
    insert_rows(
        history,
        [{"id": ids[r["national_id_hash"]], **{k: v for k, v in r.items() if k in tracked}} for r in rows],
        constants={
            **{k: v for k, v in constants.items() if k in tracked},
            "history_date": now,
            "history_type": "+",
            "history_user_id": actor.pk,
            "history_change_reason": _("From Kela's payment-share list"),
        },
    )
    return ids


def apply_rows(
    *, rows, actor, job=None, replace_months=frozenset(), replace_lists=frozenset(), known=None, hashes=None,
    file_name=""
) -> ApplySummary:
    """Write validated rows: link known clients, create the unknown ones (status "from the list, not
    contacted"), replace the lists in ``replace_lists`` ((month, invoice)) or of the months in ``replace_months``
    and store the entries. Another invoice of the same month is kept (Kela's separate invoices of the
    transition add up). Bulk writes only; the caller holds the transaction. Who contacts a person and when is
    carried over when a list is replaced."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("apply_rows must run inside a transaction")
    months = sorted({row.month for row in rows})
    keys = sorted({(row.month, row.invoice) for row in rows})
    locked = PaymentShareList.objects.select_for_update(of=("self",)).filter(month__in=months)
    lists = {(lst.month, lst.invoice): lst for lst in locked if (lst.month, lst.invoice) in set(keys)}
    meanwhile = sorted(key for key in lists if key not in replace_lists and key[0] not in replace_months)
    if meanwhile:
        raise ValidationError(
            _(
                "The list for %(months)s was imported by someone else in the meantime. Nothing was "
                "saved: upload the file again if you want to replace it."
            )
            % {"months": _months_text(month for month, _invoice in meanwhile)}
        )
    hashes = hashes or [nid.lookup_hash(row.national_id) for row in rows]
    known = dict(known) if known is not None else lookup_clients(hashes)

    now = timezone.now()
    unknown = {}
    for row, code_hash in zip(rows, hashes, strict=True):
        if code_hash not in known and code_hash not in unknown:
            unknown[code_hash] = row
    created = _create_clients(unknown, actor, now) if unknown else {}
    known.update(created)

    carried = {}
    for (month, _invoice), share_list in lists.items():
        old = PaymentShareEntry.objects.filter(share_list=share_list)
        for client_id, worker_id, contacted_on, contacted_by_id in old.values_list(
            "client_id", "contact_worker_id", "contacted_on", "contacted_by_id"
        ):
            carried[(month, client_id)] = (worker_id, contacted_on, contacted_by_id)
        old._raw_delete(old.db)  # one statement; the replacement is recorded in the list's history

    by_key = {}
    for key in keys:
        month = key[0]
        month_rows = [row for row in rows if (row.month, row.invoice) == key]
        share_list = lists.get(key) or PaymentShareList(month=month, invoice=key[1])
        replaced = share_list.pk is not None
        share_list.imported_at, share_list.imported_by, share_list.job = now, actor, job
        share_list.file_name = (job.file_name if job else file_name)[:200]
        share_list.person_count = len(month_rows)
        share_list.total_share = sum((row.share_amount for row in month_rows), start=Decimal("0.00"))
        if replaced:
            share_list.times_replaced += 1
            share_list._change_reason = _("Replaced by a new import (%(count)s persons)") % {
                "count": len(month_rows)
            }
            logger.info("Payment-share list %s replaced by user %s", month_label(month), actor.pk)
        else:
            share_list._change_reason = _("Imported (%(count)s persons)") % {"count": len(month_rows)}
        save_audited(share_list, actor=actor)
        by_key[key] = share_list

    new_ids = set(created.values())
    for (month, invoice), share_list in by_key.items():
        entries = []
        for row, code_hash in zip(rows, hashes, strict=True):
            if row.month != month or row.invoice != invoice:
                continue
            client_id = known[code_hash]
            worker_id, contacted_on, contacted_by_id = carried.get((month, client_id), (None, None, None))
            entries.append(
                {
                    "client_id": client_id,
                    "row_number": row.row_number,
                    "benefit": row.benefit,
                    "paid_days": row.paid_days,
                    "days_in_month": row.days_in_month,
                    "benefit_paid": row.benefit_paid,
                    "share_percent": row.share_percent,
                    "share_amount": row.share_amount,
                    "new_client": client_id in new_ids,
                    "contact_worker_id": worker_id,
                    "contacted_on": contacted_on,
                    "contacted_by_id": contacted_by_id,
                }
            )
        insert_rows(
            PaymentShareEntry,
            entries,
            constants={"share_list_id": share_list.pk, "month": month, "created_at": now, "updated_at": now},
        )
    without_worker = PaymentShareEntry.objects.filter(  # persons: one on two invoices of a month counts once
        month__in=months, client__responsible_worker__isnull=True
    ).values("client_id").distinct().count()
    selectors.FIGURES.forget_on_commit()
    return ApplySummary(
        months=months, linked=len(rows) - len(new_ids), created=len(new_ids), without_worker=without_worker
    )


def _notify_review(summary: ApplySummary):
    """The task for the monthly review: the social counsellor hears who has no responsible worker."""
    if not summary.without_worker:
        return
    url = reverse("payment_share:review") + f"?month={summary.months[-1]:%Y-%m}&no_worker=on"
    counsellors = get_user_model().objects.filter(is_active=True, groups__name=Role.SOCIAL_COUNSELLOR)
    message = Text(N_(
        "Payment-share list %(months)s imported: %(count)s persons have no responsible worker."
    ), {"months": _months_text(summary.months), "count": summary.without_worker})
    for user in counsellors:
        notify(recipient=user, message=message, url=url)
