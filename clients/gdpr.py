"""The data subject's rights: everything the app holds on one person (export), and retention.

Every app adds its part of the export with ``register_client_export`` (joutsa_tyollisyys.extensions).
Retention: inactive clients are archived, and archived clients erased with their change history, after
periods the municipality's records-management plan sets (``manage.py apply_retention``).
"""

import io
import json
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from joutsa_tyollisyys.exports import ExportViewer, model_rows
from joutsa_tyollisyys.extensions import client_exports
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.pdf import render_pdf

from .enums import ClientStatus
from .models import Client


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def collect(client, viewer: ExportViewer) -> list[dict]:
    """The parts of the export this viewer may see (each part checks the permission its page checks)."""
    sections = []
    for part in client_exports:
        rows = part.rows(client, viewer)
        if rows is not None:
            sections.append({"key": part.key, "title": str(part.title), "rows": rows})
    return sections


def client_rows(client, viewer):
    """The client's own row as the viewer's client page shows it: the national id masked (in full only in the
    data subject's own copy), health notes only for the client's own workers."""
    exclude = {"national_id_hash", "national_id"}
    if not viewer.may("clients.change_client", client):
        exclude.add("health_notes")
    row = model_rows([client], exclude=exclude)[0]
    national_id = client.national_id if viewer.full else client.masked_national_id
    return [{str(Client._meta.get_field("national_id").verbose_name): national_id, **row}]


def access_log_rows(client, viewer):
    """Who has read the client's data (the client's own access-log rows): in the data subject's own copy only."""
    if not viewer.full:
        return None
    entries = AccessLogEntry.objects.filter(client_id=client.pk).order_by("id")
    return model_rows(entries, exclude={"id", "user_id", "client_id", "prev_hash", "hash", "seq", "mac", "ip"})


def export_zip(client, viewer: ExportViewer, *, request=None) -> bytes:
    sections = collect(client, viewer)
    pdf = render_pdf("clients/pdf/data_export.html", {"client": client, "sections": sections, "full": viewer.full},
                     request=request)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("tiedot.json", json.dumps(sections, default=_json_default, ensure_ascii=False, indent=2))
        archive.writestr("tiedot.pdf", pdf)
    return buffer.getvalue()


def _last_activity():
    return Max("meetings__starts_at")


def clients_to_archive(years: int, today=None):
    limit = timezone.now() - timedelta(days=365 * years) if today is None else today - timedelta(days=365 * years)
    return (
        Client.objects.exclude(status=ClientStatus.ARCHIVED)
        .filter(updated_at__lt=limit)
        .annotate(last_meeting=_last_activity())
        .filter(Q(last_meeting__isnull=True) | Q(last_meeting__lt=limit))
    )


def clients_to_erase(years: int):
    limit = timezone.now() - timedelta(days=365 * years)
    return (
        Client.objects.filter(status=ClientStatus.ARCHIVED, updated_at__lt=limit)
        .annotate(last_meeting=_last_activity())
        .filter(Q(last_meeting__isnull=True) | Q(last_meeting__lt=limit))
    )


@transaction.atomic
def archive(clients) -> int:
    count = 0
    ids = list(clients.values_list("pk", flat=True))  # the selection aggregates: lock a plain queryset
    for client in Client.objects.select_for_update(of=("self",)).filter(pk__in=ids):
        client.status = ClientStatus.ARCHIVED
        client._history_user = None
        client._change_reason = "retention: archived"
        client.save(update_fields=["status", "updated_at"])
        count += 1
    return count


@transaction.atomic
def erase(client) -> None:
    """Delete the client, everything that cascades from it, and every history copy of their data.
    The access log keeps only the number the client had (no personal data)."""
    pk = client.pk
    client.delete()  # first: deleting writes "deleted" history rows, purged below
    history_models = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    for model in history_models:
        names = {f.name for f in model._meta.concrete_fields}
        if model is Client.history.model:
            model.objects.filter(id=pk).delete()
        elif "client" in names:
            model.objects.filter(client_id=pk).delete()
