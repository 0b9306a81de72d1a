from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from joutsa_tyollisyys import confirm
from joutsa_tyollisyys.access_logging import log_persons
from joutsa_tyollisyys.pdf import pdf_response
from joutsa_tyollisyys.views_helpers import add_service_errors, check_perm
from joutsa_tyollisyys.workdays import working_day_on_or_after

from . import selectors, services
from .enums import LETTERS_ACTIVE, RECORDABLE, TO_CALL, Channel, LettersStatus, RoundStatus, Timing
from .forms import MemberRecordForm, RoundForm
from .models import InvitationRound, RoundMember, source_label

PAGE_SIZE = 25


@login_required
def rounds(request):
    check_perm(request.user, "outreach.view_rounds")
    page = Paginator(selectors.rounds_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outreach/round_list.html", {
        "page": page, "can_review": request.user.has_perm("payment_share.review"),
    })


# --- making a round --------------------------------------------------------------------------------------------


def _from_review_filters(request):
    """The persons the review shows with its filters (the preset selections: not contacted, no responsible
    worker, approaching the next band …), all pages."""
    from payment_share import selectors as share
    from payment_share.forms import ReviewFilterForm

    check_perm(request.user, "payment_share.review")
    months = share.imported_months()
    form = ReviewFilterForm(request.GET, months=months)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    month = data.get("month") or (months[0] if months else None)
    if month is None:
        return [], "", None
    entries = share.review_entries(
        month, bands=share.bands_on(month), no_worker=bool(data.get("no_worker")),
        not_contacted_months=data.get("not_contacted_months"), approaching_days=data.get("approaching_days"),
        new_only=bool(data.get("new_only")), contact_worker=request.user if data.get("mine") else None,
    ).select_related("client__responsible_worker")
    rows = [(entry.client, entry.pk) for entry in entries[: services.MAX_MEMBERS + 1]]
    return rows, "payment_share", month


def _from_review_rows(request, entry_ids):
    check_perm(request.user, "payment_share.review")
    entries = list(selectors.entries_for_round(entry_ids).select_related("client__responsible_worker"))
    month = entries[0].month if entries else None
    return [(entry.client, entry.pk) for entry in entries], "payment_share" if month else "", month


def _from_client_filters(request):
    from clients.forms import ClientSearchForm
    from clients.selectors import client_search

    check_perm(request.user, "clients.list_clients")
    form = ClientSearchForm(request.GET, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    qs = client_search(request.user, **{k: data.get(k, "") for k in ("q", "worker", "status", "typ")})
    return [(client, None) for client in qs[: services.MAX_MEMBERS + 1]], "clients", None


def _ids(values):
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError):
        raise Http404 from None


def _chosen(request):
    """[(client, entry id)], where they were chosen from, the list's month."""
    if request.method == "POST" and request.POST.get("stage") == "create":
        pairs = []
        for value in request.POST.getlist("member"):
            client_id, _sep, entry_id = value.partition(":")
            pairs.append((_ids([client_id])[0], _ids([entry_id])[0] if entry_id else None))
        clients = {c.pk: c for c in selectors.clients_for_round(request.user, [c for c, _e in pairs])}
        month = selectors.entries_for_round([e for _c, e in pairs if e]).values_list("month", flat=True).first()
        source = request.POST.get("source", "")
        return ([(clients[c], e) for c, e in pairs if c in clients],
                source if source in ("payment_share", "clients") else "", month)
    if request.method == "POST":
        return _from_review_rows(request, _ids(request.POST.getlist("entries")))
    if request.GET.get("source") == "review":
        return _from_review_filters(request)
    if request.GET.get("source") == "clients":
        return _from_client_filters(request)
    return [], "", None


def _default_channel(client) -> str:
    if services.has_usable_address(client):
        return Channel.LETTER
    if (client.phone or "").strip():
        return Channel.TEXT
    return Channel.PHONE


@login_required
def round_new(request):
    check_perm(request.user, "outreach.make_round")
    chosen, source, month = _chosen(request)
    too_many = len(chosen) > services.MAX_MEMBERS
    chosen = chosen[: services.MAX_MEMBERS]
    creating = request.method == "POST" and request.POST.get("stage") == "create"
    initial = {"first_day": working_day_on_or_after(timezone.localdate() + timedelta(days=3)),
               "timing": Timing.SLOT}
    form = RoundForm(request.POST if creating else None, initial=initial)
    member_errors = []
    if creating and form.is_valid():
        members = [{"client_id": client.pk, "entry_id": entry_id,
                    "channel": request.POST.get(f"channel_{client.pk}", "")}
                   for client, entry_id in chosen if request.user.has_perm("clients.invite_client", client)]
        try:
            invitation_round = services.round_create(
                actor=request.user, members=members, template_id=getattr(form.cleaned_data["template"], "pk", None),
                timing=form.cleaned_data["timing"], place=form.cleaned_data["place"],
                duration_minutes=form.cleaned_data["duration_minutes"], first_day=form.cleaned_data["first_day"],
                source=source, share_month=month)
        except ValidationError as error:
            add_service_errors(form, error)
            member_errors = getattr(error, "error_dict", {}).get("members", [])
            member_errors = [m for e in member_errors for m in e.messages]
        else:
            services.letters_start(actor=request.user, round_id=invitation_round.pk)
            messages.success(request, _("The invitation round was made: check the letters and send it."))
            return redirect(invitation_round)
    rows, refused = [], []
    for client, entry_id in chosen:
        if not request.user.has_perm("clients.invite_client", client):
            refused.append(client)
            continue
        rows.append({
            "client": client, "entry_id": entry_id, "value": f"{client.pk}:{entry_id or ''}",
            "address": services.has_usable_address(client),
            "channel": request.POST.get(f"channel_{client.pk}") if creating else _default_channel(client),
        })
    log_persons(request, [row["client"] for row in rows], refused, what="invitation round form")
    return render(request, "outreach/round_new.html", {
        "form": form, "rows": rows, "refused": refused, "source": source, "too_many": too_many,
        "source_label": source_label(source, month),
        "channels": Channel.choices, "max_members": services.MAX_MEMBERS, "member_errors": member_errors,
        "letters": sum(1 for r in rows if r["channel"] == Channel.LETTER),
    })


# --- the round's page --------------------------------------------------------------------------------------------


def _round_or_404(request, pk) -> InvitationRound:
    invitation_round = get_object_or_404(InvitationRound.objects.select_related("created_by", "template"), pk=pk)
    check_perm(request.user, "outreach.manage_round", invitation_round)
    return invitation_round


#: Letters waiting this long (a lost message, no worker) may be printed again from the round's page.
LETTERS_STALE = timedelta(minutes=5)


def _letters_context(invitation_round):
    active = invitation_round.letters_status in LETTERS_ACTIVE
    queued_at = invitation_round.letters_queued_at
    return {"round": invitation_round, "active": active, "statuses": LettersStatus,
            "stale": active and queued_at is not None and timezone.now() - queued_at > LETTERS_STALE}


@login_required
def round_detail(request, pk):
    invitation_round = _round_or_404(request, pk)
    members = list(selectors.round_members(invitation_round))
    for member in members:
        member.can_record = invitation_round.status == RoundStatus.SENT and \
            request.user.has_perm("clients.invite_client", member.client)
    letters_done = invitation_round.letters_status == LettersStatus.DONE
    log_persons(request, members, what="invitation round")
    return render(request, "outreach/round_detail.html", {
        **_letters_context(invitation_round),
        "members": members,
        "counts": selectors.round_counts(members),
        "to_call": [m for m in members if m.shown_status in TO_CALL],
        "unprinted": [m for m in members if m.channel == Channel.LETTER and letters_done and not m.printed],
        "record_choices": [(s.value, s.label) for s in RECORDABLE],
        "prepared": invitation_round.status == RoundStatus.PREPARED,
        "sent": invitation_round.status == RoundStatus.SENT,
    })


@login_required
def letters_progress(request, pk):
    """The progress fragment the round's page polls (htmx); it stops polling once the letters are done."""
    invitation_round = _round_or_404(request, pk)
    response = render(request, "outreach/_letters.html", _letters_context(invitation_round))
    if invitation_round.letters_status == LettersStatus.DONE and request.htmx:
        response["HX-Refresh"] = "true"  # the page shows the persons without a letter and the send button
    return response


@login_required
def letters_pdf(request, pk):
    invitation_round = _round_or_404(request, pk)
    if invitation_round.letters_status != LettersStatus.DONE or not invitation_round.letters_pdf:
        raise Http404
    printed = RoundMember.objects.filter(round=invitation_round, channel=Channel.LETTER, printed=True)
    log_persons(request, client_ids=list(printed.values_list("client_id", flat=True)), action="pdf",
                what="invitation round letters")
    return pdf_response(bytes(invitation_round.letters_pdf), f"kutsukirjeet-{invitation_round.pk}")


CANCEL_ROUND = confirm.Action("outreach.round_cancel", question=_lazy("Cancel this invitation round? Nothing of it "
                                                                      "will be sent."),
                              yes=_lazy("Yes, cancel the round"))


def _round_action(request, pk, action, done_message):
    invitation_round = _round_or_404(request, pk)
    try:
        action(invitation_round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message)
    return redirect(invitation_round)


@login_required
@require_POST
def letters_retry(request, pk):
    return _round_action(request, pk, lambda r: services.letters_start(actor=request.user, round_id=r.pk),
                         _("The letters are being printed again."))


@login_required
@require_POST
def round_send(request, pk):
    return _round_action(request, pk, lambda r: services.round_send(actor=request.user, round_id=r.pk),
                         _("The round was sent: the invitations are on the persons' pages."))


@login_required
@require_POST
def round_cancel(request, pk):
    invitation_round = _round_or_404(request, pk)
    if (page := confirm.ask_first(request, CANCEL_ROUND, back=invitation_round.get_absolute_url())) is not None:
        return page
    return _round_action(request, pk, lambda r: services.round_cancel(actor=request.user, round_id=r.pk),
                         _("The round was cancelled: its proposed times were freed and nothing was sent."))


@login_required
@require_POST
def member_record(request, pk):
    member = get_object_or_404(RoundMember.objects.select_related("round", "round__created_by", "client"), pk=pk)
    check_perm(request.user, "outreach.manage_round", member.round)
    check_perm(request.user, "clients.invite_client", member.client)
    form = MemberRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what came of the invitation."))
    else:
        try:
            services.member_record(actor=request.user, member_id=member.pk, status=form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Recorded for %(name)s.") % {"name": member.client.full_name})
    return redirect(member.round.get_absolute_url() + f"#member-{member.pk}")
