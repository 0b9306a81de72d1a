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

from joutsa_tyollisyys.extensions import client_exports
from joutsa_tyollisyys.pdf import render_pdf

from .enums import ClientStatus
from .models import Client


def model_rows(queryset, exclude=("national_id_hash",)):
    """Rows of a queryset as dicts of verbose field name → display value."""
    rows = []
    for obj in queryset:
        row = {}
        for field in obj._meta.concrete_fields:
            if field.name in exclude:
                continue
            value = getattr(obj, f"get_{field.name}_display")() if field.choices else getattr(obj, field.attname)
            row[str(field.verbose_name)] = value
        rows.append(row)
    return rows


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def collect(client) -> list[dict]:
    return [{"key": e.key, "title": str(e.title), "rows": e.rows(client)} for e in client_exports]


def export_zip(client, *, request=None) -> bytes:
    sections = collect(client)
    pdf = render_pdf("clients/pdf/data_export.html", {"client": client, "sections": sections}, request=request)
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
