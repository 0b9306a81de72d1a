from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from joutsa_tyollisyys import confirm, undo
from joutsa_tyollisyys.access_log import log_access
from joutsa_tyollisyys.access_logging import log_persons
from joutsa_tyollisyys.extensions import client_sections, contexts
from joutsa_tyollisyys.parsing import date_from_request
from joutsa_tyollisyys.pdf import pdf_response, render_pdf
from joutsa_tyollisyys.services import ConcurrentEditError, sent_version
from joutsa_tyollisyys.spreadsheets import download
from joutsa_tyollisyys.views_helpers import add_service_errors, check_perm, next_or, show_saved_values

from . import calendar, national_id, selectors, services
from .enums import InvitationMethod, MeetingStatus
from .forms import (
    AssignWorkerForm,
    ClientForm,
    ClientSearchForm,
    ConsentForm,
    InvitationForm,
    MeetingLogForm,
    MeetingPlanForm,
    TERecordForm,
)
from .models import Client, Consent, Invitation, Meeting

# Ask first (joutsa_tyollisyys/confirm.py): the one-click actions of this app that change or remove something.
CANCEL_MEETING = confirm.Action("clients.meeting_cancel", question=_lazy("Cancel this meeting?"),
                                yes=_lazy("Yes, cancel the meeting"))
MARK_NO_SHOW = confirm.Action("clients.meeting_no_show", question=_lazy("Mark the client as a no-show?"),
                              yes=_lazy("Yes, mark as a no-show"))
WITHDRAW_CONSENT = confirm.Action("clients.consent_withdraw", question=_lazy("Withdraw this consent?"),
                                  yes=_lazy("Yes, withdraw the consent"))
NEW_CALENDAR_ADDRESS = confirm.Action(
    "clients.calendar_rotate", question=_lazy("Make a new calendar address? The old one stops working."),
    yes=_lazy("Yes, make a new address"),
)
MEETING_ACTIONS = {  # service, question, undo, success message
    "cancel": (services.meeting_cancel, CANCEL_MEETING, "clients.meeting_cancel", _lazy("Meeting cancelled.")),
    "no-show": (services.meeting_record_no_show, MARK_NO_SHOW, "clients.meeting_no_show",
                _lazy("Marked as a no-show.")),
}


def _client_or_404(request, pk, perm="clients.view_client"):
    client = get_object_or_404(Client.objects.select_related(
        "responsible_worker", "responsible_worker__team", "text_messages_refused_by"), pk=pk)
    check_perm(request.user, perm, client)
    return client


@login_required
def client_list(request):
    """Search clients. The form is POSTed so that a national id never ends up in a URL (browser history,
    proxy logs); name searches keep GET links for paging."""
    check_perm(request.user, "clients.list_clients")
    form = ClientSearchForm(request.POST if request.method == "POST" else (request.GET or None), user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    by_national_id = national_id.looks_like_national_id(data.get("q", ""))
    if by_national_id and request.method != "POST":
        messages.error(request, _("Search by personal identity code with the search form, not in the address."))
        data = {**data, "q": ""}
        by_national_id = False
    qs = selectors.client_search(request.user, **{k: data.get(k, "") for k in ("q", "worker", "status", "typ")})
    if by_national_id:  # an exact match: at most one row, no need to count
        page = Paginator(list(qs[:1]), settings.PAGE_SIZE).get_page(1)
    else:
        page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    if by_national_id:
        log_access(request=request, client_id=page[0].pk if page else None, action="search",
                   what="client search by national id", path=request.path)
    else:
        log_persons(request, page, what="client list")
    query = "" if by_national_id else urlencode({k: v for k, v in data.items() if v})
    return render(request, "clients/client_list.html", {
        "form": form, "page": page, "query": query,
        "can_add": request.user.has_perm("clients.add_client"),
    })


@login_required
def client_create(request):
    check_perm(request.user, "clients.add_client")
    form = ClientForm(request.POST or None)
    existing = similar = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("national_id", "version")}
        try:
            client = services.client_create(actor=request.user, national_id=form.cleaned_data["national_id"], **data)
        except services.DuplicateClientError as error:
            existing = error.existing
            add_service_errors(form, error)
        except services.PossibleDuplicateError as error:
            similar = selectors.similar_clients_for(request.user, error.candidates)
            for match in similar["visible"]:
                log_access(request=request, client=match, action="view", what="possible duplicate")
            data = request.POST.copy()
            data["similar_confirmed"] = "on"  # a second save creates the client anyway
            form = ClientForm(data)
            form.is_valid()
            add_service_errors(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Client saved."))
            return redirect(client)
    context = {"form": form, "existing": existing, "similar": similar, "client": None}
    return render(request, "clients/client_form.html", context)


@login_required
def client_detail(request, pk):
    client = _client_or_404(request, pk)
    user = request.user
    shown, _also = contexts(client_sections, client, request, client)
    sections = [{"section": section, "context": context} for section, context in shown]
    log_access(request=request, client=client, action="view", what="client page")
    return render(request, "clients/client_detail.html", {
        "client": client,
        "sections": sections,
        "can_edit": user.has_perm("clients.change_client", client),
        "can_view_history": user.has_perm("clients.view_history", client),
        "can_view_access_log": user.has_perm("core.view_access_log"),
        "can_export": user.has_perm("clients.export_data", client),
    })


@login_required
def client_edit(request, pk):
    client = _client_or_404(request, pk, "clients.change_client")
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.client_update(actor=request.user, client_id=client.pk,
                                   expected_version=sent_version(form.cleaned_data.get("version")), **data)
        except ConcurrentEditError as error:  # someone saved meanwhile: say what is saved now, overwrite nothing
            add_service_errors(form, error)
            show_saved_values(form, Client.objects.get(pk=client.pk))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Client saved."))
            return redirect(client)
    else:
        log_access(request=request, client=client, action="view", what="client edit form")
    return render(request, "clients/client_form.html", {"form": form, "client": client})


@login_required
def client_assign(request, pk):
    client = _client_or_404(request, pk, "clients.assign_worker")
    form = AssignWorkerForm(request.POST or None, initial={"seen_worker": AssignWorkerForm.seen(client)})
    if request.method == "POST" and form.is_valid():
        try:
            services.client_assign_worker(actor=request.user, client_id=client.pk,
                                          worker=form.cleaned_data["worker"], reason=form.cleaned_data["reason"],
                                          expected_worker_id=form.cleaned_data["seen_worker"])
        except ValidationError as error:
            add_service_errors(form, error)
            if isinstance(error, services.WorkerChangedError):
                client = _client_or_404(request, pk, "clients.assign_worker")
                form.data = form.data.copy()  # the user has now been shown who is responsible: a new try may save
                form.data["seen_worker"] = AssignWorkerForm.seen(client)
        else:
            messages.success(request, _("Responsible worker changed."))
            return redirect(client)
    log_persons(request, client_ids=[client.pk], what="responsible worker form")
    return render(request, "clients/assign_form.html", {
        "form": form, "client": client, "changes": selectors.client_worker_changes(client),
    })


@login_required
@require_POST
def client_contact_checked(request, pk):
    client = _client_or_404(request, pk, "clients.change_client")
    services.client_mark_contact_checked(actor=request.user, client_id=client.pk)
    messages.success(request, _("Contact details marked as checked today."))
    return redirect(client)


@login_required
def consent_add(request, pk):
    client = _client_or_404(request, pk, "clients.change_client")
    form = ConsentForm(request.POST or None, initial={"given_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(actor=request.user, client_id=client.pk, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect(client)
    log_persons(request, client_ids=[client.pk], what="consent form")
    return render(request, "clients/simple_form.html", {
        "form": form, "client": client, "title": _("Record a consent"),
    })


@login_required
@require_POST
def consent_withdraw(request, pk, consent_pk):
    client = _client_or_404(request, pk, "clients.change_client")
    consent = get_object_or_404(Consent, pk=consent_pk, client=client)
    if (page := confirm.ask_first(request, WITHDRAW_CONSENT, back=client.get_absolute_url(),
                                  details=f"{client.full_name}: {consent}", client_id=client.pk)) is not None:
        return page
    try:
        consent = services.consent_withdraw(actor=request.user, consent_id=consent.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        undo.offer(request, _("Consent withdrawn."), kind="clients.consent_withdraw", pk=consent.pk,
                   state=consent.withdrawn_on.isoformat())
    return redirect(client)


@login_required
def meeting_log(request, pk, meeting_pk=None):
    client = _client_or_404(request, pk, "clients.log_meeting")
    meeting = get_object_or_404(Meeting, pk=meeting_pk, client=client) if meeting_pk else None
    initial = {"starts_at": timezone.localtime().replace(second=0, microsecond=0), "duration_minutes": 60}
    if meeting:
        initial.update(starts_at=timezone.localtime(meeting.starts_at), kind=meeting.kind, location=meeting.location,
                       participants=meeting.participants, duration_minutes=meeting.duration_minutes,
                       version=meeting.version)
    form = MeetingLogForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.meeting_log(actor=request.user, client_id=client.pk, meeting_id=getattr(meeting, "pk", None),
                                 expected_version=sent_version(version) if meeting else None, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect(client)
    log_persons(request, client_ids=[client.pk], what="meeting log form")
    return render(request, "clients/meeting_form.html", {
        "form": form, "client": client, "meeting": meeting, "title": _("Log a meeting"),
    })


@login_required
def meeting_plan(request, pk):
    client = _client_or_404(request, pk, "clients.log_meeting")
    form = MeetingPlanForm(request.POST or None, initial={"duration_minutes": 60})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_plan(actor=request.user, client_id=client.pk, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting planned. It is in your calendar."))
            return redirect(client)
    log_persons(request, client_ids=[client.pk], what="meeting plan form")
    return render(request, "clients/meeting_form.html", {
        "form": form, "client": client, "title": _("Plan a meeting"),
    })


@login_required
@require_POST
def meeting_status(request, pk, meeting_pk, action):
    client = _client_or_404(request, pk, "clients.log_meeting")
    meeting = get_object_or_404(Meeting, pk=meeting_pk, client=client)
    if action not in MEETING_ACTIONS:
        raise Http404
    service, question, undo_kind, success = MEETING_ACTIONS[action]
    back = next_or(request, client.get_absolute_url())
    details = f"{client.full_name}, {timezone.localtime(meeting.starts_at):%d.%m.%Y %H:%M}"
    if (page := confirm.ask_first(request, question, back=back, details=details, client_id=client.pk)) is not None:
        return page
    try:
        meeting = service(actor=request.user, meeting_id=meeting.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        undo.offer(request, success, kind=undo_kind, pk=meeting.pk, state=meeting.version)
    return redirect(back)


@login_required
def my_meetings(request):
    check_perm(request.user, "clients.have_meetings")
    day = date_from_request(request, "week") or timezone.localdate()
    start, end = selectors.week_bounds(day)
    meetings = list(selectors.worker_meetings(request.user, start, end))
    log_persons(request, meetings, what="my meetings")
    monday = start.date()
    return render(request, "clients/my_meetings.html", {
        "meetings": meetings, "monday": monday, "sunday": monday + timedelta(days=6),
        "prev_week": monday - timedelta(days=7), "next_week": monday + timedelta(days=7),
        "feed_url": request.build_absolute_uri(reverse("clients:calendar_feed", args=[request.user.calendar_token])),
        "now": timezone.now(),
    })


def calendar_feed(request, token):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    meetings = list(selectors.calendar_meetings(user))
    body = calendar.worker_feed(user, meetings)
    log_persons(request, meetings, user=user, what="calendar feed")  # the token's owner reads it
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def calendar_rotate(request):
    check_perm(request.user, "clients.have_meetings")
    if (page := confirm.ask_first(request, NEW_CALENDAR_ADDRESS, back=reverse("clients:my_meetings"))) is not None:
        return page
    services.calendar_token_rotate(actor=request.user)
    messages.success(request, _("A new calendar address was made. The old one no longer works."))
    return redirect("clients:my_meetings")


@login_required
def invitation_create(request, pk):
    client = _client_or_404(request, pk, "clients.invite_client")
    form = InvitationForm(request.POST or None, initial={"method": InvitationMethod.LETTER})
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(actor=request.user, client_id=client.pk, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if invitation.method == InvitationMethod.LETTER:
                messages.success(request, _("Invitation letter ready: download the PDF below."))
            else:
                messages.success(request, _("Phone call recorded."))
            return redirect(client)
    log_persons(request, client_ids=[client.pk], what="invitation form")
    return render(request, "clients/invitation_form.html", {"form": form, "client": client})


@login_required
def invitation_pdf(request, pk, invitation_pk):
    client = _client_or_404(request, pk, "clients.invite_client")
    invitation = get_object_or_404(Invitation.objects.select_related("created_by"), pk=invitation_pk, client=client,
                                   method=InvitationMethod.LETTER)
    pdf = render_pdf("clients/pdf/invitation_letter.html", {"client": client, "invitation": invitation},
                     request=request)
    log_access(request=request, client=client, action="pdf", what="invitation letter")
    return pdf_response(pdf, f"kutsu-{invitation.pk}")


__all__ = ["MeetingStatus", "PermissionDenied"]


@login_required
def client_export(request, pk):
    """Everything the app holds on the person (GDPR art. 15) as a ZIP of JSON and PDF. Logged."""
    from joutsa_tyollisyys.exports import ExportViewer

    from . import gdpr

    client = _client_or_404(request, pk, "clients.export_data")
    full = request.user.has_perm("clients.export_full", client)
    data = gdpr.export_zip(client, ExportViewer(request.user, full=full), request=request)
    log_access(request=request, client=client, action="export",
               what="GDPR right-of-access export (full)" if full else "data export (as the exporter's pages)")
    return download(data, f"rekisteriote-{client.pk}.zip", "application/zip")

TE_RECORD_TITLES = {
    "assessment": _lazy("Record a service-need assessment"),
    "employment_plan": _lazy("Record an employment plan"),
}


@login_required
def te_record_add(request, pk, kind):
    """Record a service-need assessment or an employment plan made with the TE office."""
    if kind not in services.TE_RECORD_KINDS:
        raise Http404
    client = _client_or_404(request, pk, "clients.change_client")
    form = TERecordForm(request.POST or None, initial={"made_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.te_record_add(actor=request.user, client_id=client.pk, kind=kind, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{client.get_absolute_url()}#te_records")
    log_persons(request, client_ids=[client.pk], what="TE office record form")
    return render(request, "clients/simple_form.html", {
        "form": form, "client": client, "title": TE_RECORD_TITLES[kind],
    })
