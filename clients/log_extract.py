"""The client's access-log extract (GDPR art. 15(1)(c)): who read or received the client's data, when and what.

Made by the data protection officer, who sees the log but no case content. The log stores short English
codes in ``what`` (e.g. "client page"); they are put into words here, at display time, so old rows read
well too and the wording can improve without touching the append-only log.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from joutsa_tyollisyys.access_log import log_access, verify_chain
from joutsa_tyollisyys.access_log_words import describe_what
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role

from .models import Client


def action_in_words(action: str) -> str:
    try:
        return str(AccessLogEntry.Action(action).label)
    except ValueError:
        return action


@dataclass
class ExtractRow:
    at: datetime
    user: str
    roles: str
    action: str
    what: str


@dataclass
class Extract:
    client: Client
    start: date
    end: date
    rows: list
    made_at: datetime
    made_by: str
    chain_rows: int
    chain_broken: int | None

    @property
    def chain_ok(self):
        return self.chain_broken is None


def _period_code(start, end):
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"


def _people(user_ids):
    users = get_user_model().objects.filter(pk__in=user_ids).prefetch_related("groups")
    people = {}
    for user in users:
        labels = [str(Role(g.name).label) for g in user.groups.all() if g.name in Role.values]
        people[user.pk] = (user.get_full_name() or user.username, ", ".join(sorted(labels)))
    return people


def find_client(national_id_code: str) -> Client:
    from . import national_id as nid

    client = Client.objects.filter(national_id_hash=nid.lookup_hash(national_id_code)).first()
    if client is None:
        raise ValidationError({"national_id": _("No client has this personal identity code. Check the code.")})
    return client


@transaction.atomic
def log_extract_make(*, actor, client: Client, start: date, end: date, fmt: str = "html", request=None) -> Extract:
    """The client's access log for ``start``–``end`` in words; the making is logged first, so it is in the extract."""
    if not actor.has_perm("clients.make_log_extract"):
        raise PermissionDenied
    if end < start:
        raise ValidationError({"end": _("The end of the period is before its start. Check the dates.")})
    if end > timezone.localdate():
        end = timezone.localdate()
    action = {"pdf": "pdf", "csv": "export"}.get(fmt, "view")
    log_access(request=request, user=actor, client=client, action=action,
               what=f"access log extract {_period_code(start, end)}")
    tz = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.combine(start, time.min), tz)
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz)
    entries = list(AccessLogEntry.objects.filter(client_id=client.pk, at__gte=since, at__lt=until).order_by("at", "id"))
    people = _people({e.user_id for e in entries if e.user_id})
    rows = []
    for entry in entries:
        name, roles = people.get(entry.user_id, (entry.username, ""))
        rows.append(ExtractRow(at=timezone.localtime(entry.at), user=name, roles=roles,
                               action=action_in_words(entry.action), what=describe_what(entry.what)))
    checked, broken = verify_chain()
    return Extract(client=client, start=start, end=end, rows=rows, made_at=timezone.localtime(),
                   made_by=actor.get_full_name() or actor.username, chain_rows=checked, chain_broken=broken)


def extract_csv_rows(extract: Extract):
    header = [_("Time"), _("Who"), _("Role"), _("Did"), _("What")]
    rows = [[f"{row.at:%d.%m.%Y %H:%M}", row.user, row.roles, row.action, row.what] for row in extract.rows]
    return header, rows
