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
from django.utils.translation import gettext_lazy as _lazy

from joutsa_tyollisyys.access_log import log_access, verify_chain
from joutsa_tyollisyys.models import AccessLogEntry
from joutsa_tyollisyys.roles import Role

from .models import Client

#: The fixed ``what`` codes written by the views, in words.
WHAT_WORDS = {
    "client page": _lazy("the client page (contact details, responsibilities, meetings)"),
    "client edit form": _lazy("the form for editing the client's details"),
    "client search by national id": _lazy("a search of clients by personal identity code"),
    "invitation letter": _lazy("an invitation letter"),
    "GDPR data export": _lazy("all the client's data, given to the client (GDPR)"),
    "activation figures": _lazy("activation figures"),
    "activation plan form": _lazy("the form for editing the activation plan"),
    "activation plan": _lazy("the activation plan"),
    "rehabilitative work agreement form": _lazy("the form for editing the rehabilitative work agreement"),
    "rehabilitative work agreement": _lazy("the rehabilitative work agreement"),
    "obligation employment case": _lazy("the obligation employment case"),
    "employment notice form": _lazy("the obligation employment notice form"),
    "employment contract": _lazy("the employment contract"),
    "wage-subsidy claim summary": _lazy("the wage-subsidy claim summary"),
    "payment-share review row": _lazy("the client's row in the payment-share review"),
    "payment-share review": _lazy("the payment-share review"),
    "payment-share list export": _lazy("the payment-share list"),
    "health and sote cooperation": _lazy("health services and social services cooperation"),
    "sote team case": _lazy("the client's case in the social and health services team"),
    "pension investigation": _lazy("the pension investigation"),
    "coaching plan": _lazy("the workshop coaching plan"),
    "competence certificate": _lazy("the competence certificate"),
    "workshop group session": _lazy("the attendance list of a workshop group session"),
    "rehabilitative work decision": _lazy("the decision on rehabilitative work"),
    "rehabilitative work info sheet": _lazy("the rehabilitative work information sheet"),
    "clients without a health check": _lazy("the list of clients without a health check"),
    "front page: open pension investigations": _lazy("the front page's list of open pension investigations"),
    "front page: sote team next steps": _lazy(
        "the front page's list of next steps of the social and health services team"),
    "health cooperation: my open matters": _lazy("the list of one's open health cooperation matters"),
    "guided referral form": _lazy("the form for a guided referral to health services"),
    "health check forms": _lazy("the health check forms"),
    "health check outcome form": _lazy("the form for the outcome of a health check"),
    "health check referral form": _lazy("the form for a health check referral"),
    "pension investigation form": _lazy("the pension investigation form"),
    "pension investigation examination": _lazy("an examination of the pension investigation"),
    "pension investigation closing form": _lazy("the form for closing the pension investigation"),
    "sote team booking form": _lazy("the form for booking the social and health services team"),
    "sote team conclusion": _lazy("the conclusion of the social and health services team"),
    "sote team meetings": _lazy("the meetings of the social and health services team"),
    "access log extract": _lazy("this access-log extract"),
}

#: ``what`` codes that carry a detail after a fixed beginning; "%s" is the detail.
WHAT_PREFIXES = [
    ("workshop: ", _lazy("workshop: %s")),
    ("attendance statement ", _lazy("the attendance statement of %s")),
    ("KEHA compensation claim ", _lazy("the compensation claim to the KEHA centre no. %s")),
    ("monthly report list: ", _lazy("a list of the monthly report (%s)")),
    ("access log extract ", _lazy("this access-log extract, period %s")),
    ("KEHA claim ", _lazy("the participants of the compensation claim to the KEHA centre no. %s")),
    ("activation plan: ", _lazy("the activation plan: %s")),
    ("activation list: ", _lazy("a list of activation plans (%s)")),
    ("workshop group ", _lazy("the workshop group no. %s")),
]


def what_in_words(what: str) -> str:
    if what in WHAT_WORDS:
        return str(WHAT_WORDS[what])
    for prefix, words in WHAT_PREFIXES:
        if what.startswith(prefix):
            return str(words) % what[len(prefix):]
    from joutsa_tyollisyys.access_log_words import describe_what

    return describe_what(what)  # the codes Administration shows in words; a step title is already words


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
                               action=action_in_words(entry.action), what=what_in_words(entry.what)))
    checked, broken = verify_chain()
    return Extract(client=client, start=start, end=end, rows=rows, made_at=timezone.localtime(),
                   made_by=actor.get_full_name() or actor.username, chain_rows=checked, chain_broken=broken)


def extract_csv_rows(extract: Extract):
    header = [_("Time"), _("Who"), _("Role"), _("Did"), _("What")]
    rows = [[f"{row.at:%d.%m.%Y %H:%M}", row.user, row.roles, row.action, row.what] for row in extract.rows]
    return header, rows
