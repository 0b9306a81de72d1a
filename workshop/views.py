"""Thin views: form → service → redirect. Permissions through django-rules (workshop/permissions.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from clients.models import Client
from joutsa_tyollisyys import confirm, undo
from joutsa_tyollisyys.access_log import log_access, log_access_many
from joutsa_tyollisyys.access_logging import log_persons
from joutsa_tyollisyys.pdf import pdf_response, render_pdf
from joutsa_tyollisyys.roles import Role, has_role
from joutsa_tyollisyys.services import sent_version
from joutsa_tyollisyys.views_helpers import add_service_errors, check_perm

from . import selectors, services
from .enums import DocumentKind
from .forms import CertificateForm, CoachingForm, GroupForm, ParticipantForm, PeriodForm, SessionForm, YouthForm
from .models import Group, GroupParticipant, GroupSession, LibraryDocument, ServicePeriod

FORM_PAGE = "workshop/form_page.html"
GROUPS = reverse_lazy("workshop:group_list")


def _form_page(request, form, call, *, title, success, next_url, back, client=None):
    """Render ``form``; on a valid POST run ``call(data)`` (a service) and show its errors beside the fields."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    if client is not None and request.method == "GET":
        log_access(request=request, client=client, action="view", what=f"workshop: {title}")
    return render(request, FORM_PAGE, {"form": form, "title": title, "back": back, "client": client})


def _client_or_404(request, pk, perm="workshop.record_service"):
    client = get_object_or_404(Client.objects.select_related("responsible_worker"), pk=pk)
    check_perm(request.user, perm, client)
    return client


def _client_form_page(request, client, form, service, *, title, success):
    """A form page whose service acts on one client and returns to the client's page."""
    return _form_page(
        request,
        form,
        lambda data: service(actor=request.user, client_id=client.pk, **data),
        title=title,
        success=success,
        next_url=client.get_absolute_url(),
        back=client.get_absolute_url(),
        client=client,
    )


def _expected_version(data, obj):
    """The version the form was rendered with: missing is refused, never taken as ``obj``'s own (fresh)."""
    return sent_version(data.pop("version", None))


# --- groups -----------------------------------------------------------------------------------------------


@login_required
def group_list(request):
    check_perm(request.user, "workshop.view_workshop")
    return render(
        request,
        "workshop/group_list.html",
        {
            "groups": selectors.group_list(request.user),
            "today_sessions": selectors.todays_sessions(request.user),
            "can_see_all": has_role(request.user, Role.SOCIAL_COUNSELLOR),
        },
    )


@login_required
def group_create(request):
    check_perm(request.user, "workshop.add_group")
    form = GroupForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.group_create(actor=request.user, **data),
        title=_("New group"),
        success=_("Group created and its sessions scheduled."),
        next_url=lambda group: group.get_absolute_url(),
        back=GROUPS,
    )


def _group_or_404(request, pk, perm="workshop.view_group"):
    group = get_object_or_404(Group.objects.select_related("leader"), pk=pk)
    check_perm(request.user, perm, group)
    return group


@login_required
def group_detail(request, pk):
    _group_or_404(request, pk)
    group = selectors.group_detail(pk)
    log_persons(request, group.participants.all(), what=f"workshop group {group.pk}")
    return render(request, "workshop/group_detail.html", {"group": group})


@login_required
def group_edit(request, pk):
    group = _group_or_404(request, pk, "workshop.change_group")
    form = GroupForm(request.POST or None, instance=group, initial={"version": group.version})

    def call(data):
        version = _expected_version(data, group)
        return services.group_update(actor=request.user, group_id=group.pk, expected_version=version, **data)

    return _form_page(
        request,
        form,
        call,
        title=_("Edit group"),
        success=_("Group saved and its sessions rescheduled."),
        next_url=group.get_absolute_url(),
        back=GROUPS,
    )


@login_required
@require_POST
def group_generate(request, pk):
    group = _group_or_404(request, pk, "workshop.change_group")
    created = services.group_generate_sessions(actor=request.user, group_id=group.pk)
    messages.success(request, _("%(count)s new sessions scheduled.") % {"count": created})
    return redirect(group)


@login_required
def participant_add(request, pk):
    group = _group_or_404(request, pk, "workshop.change_group")
    form = ParticipantForm(request.POST or None, user=request.user)

    def call(data):
        return services.participant_add(
            actor=request.user, group_id=group.pk, client_id=data["client"].pk, joined_on=data["joined_on"]
        )

    if request.method == "GET" or not form.is_valid():  # the page is shown: its choice lists the clients by name
        log_persons(request, client_ids=form.fields["client"].queryset.values_list("pk", flat=True),
                    what=f"workshop group {group.pk}: add a participant")

    return _form_page(
        request,
        form,
        call,
        title=_("Add a participant to %(group)s") % {"group": group.name},
        success=_("Participant added."),
        next_url=group.get_absolute_url(),
        back=GROUPS,
    )


LEAVE_GROUP = confirm.Action("workshop.participant_leave", question=_lazy("Does the client leave the group?"),
                             yes=_lazy("Yes, the client leaves the group"))


@login_required
@require_POST
def participant_leave(request, pk, participant_pk):
    group = _group_or_404(request, pk, "workshop.change_group")
    participant = get_object_or_404(GroupParticipant.objects.select_related("client"), pk=participant_pk, group=group)
    if (page := confirm.ask_first(request, LEAVE_GROUP, back=group.get_absolute_url(),
                                  details=f"{participant.client.full_name}, {group}",
                                  client_id=participant.client_id)) is not None:
        return page
    try:
        participant = services.participant_leave(actor=request.user, participant_id=participant.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        undo.offer(request, _("The participant has left the group."), kind="workshop.participant_leave",
                   pk=participant.pk, state=participant.left_on.isoformat())
    return redirect(group)


@login_required
def session_attendance(request, pk):
    session = get_object_or_404(GroupSession.objects.select_related("group", "group__leader"), pk=pk)
    check_perm(request.user, "workshop.change_group", session.group)
    rows = selectors.session_rows(session)
    form = SessionForm(
        request.POST or None, rows=rows, initial={"cancelled": session.cancelled, "notes": session.notes}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_record(
                actor=request.user,
                session_id=session.pk,
                presence=form.presence(),
                cancelled=form.cleaned_data["cancelled"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect(session)
    if rows:
        log_access_many(request=request, client_ids=[participant.client_id for participant, _row in rows],
                        action="view", what="workshop group session")
    return render(request, "workshop/session.html", {"session": session, "form": form, "rows": rows})


# --- client records -----------------------------------------------------------------------------------------


@login_required
def period_create(request, client_pk):
    client = _client_or_404(request, client_pk)
    form = PeriodForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.period_create(actor=request.user, client_id=client.pk, **_without_version(data)),
        title=_("New service period"),
        success=_("Service period saved."),
        next_url=client.get_absolute_url(),
        back=client.get_absolute_url(),
        client=client,
    )


def _without_version(data):
    data.pop("version", None)
    return data


@login_required
def period_edit(request, pk):
    period = get_object_or_404(ServicePeriod.objects.select_related("client", "placement"), pk=pk)
    check_perm(request.user, "workshop.change_period", period)
    form = PeriodForm(request.POST or None, instance=period, initial={"version": period.version})

    def call(data):
        version = _expected_version(data, period)
        return services.period_update(actor=request.user, period_id=period.pk, expected_version=version, **data)

    return _form_page(
        request,
        form,
        call,
        title=_("Edit service period"),
        success=_("Service period saved."),
        next_url=period.client.get_absolute_url(),
        back=period.client.get_absolute_url(),
        client=period.client,
    )


@login_required
def coaching_create(request, client_pk):
    client = _client_or_404(request, client_pk)
    form = CoachingForm(request.POST or None, client=client)
    return _client_form_page(
        request, client, form, services.coaching_add, title=_("Record coaching"), success=_("Coaching recorded.")
    )


@login_required
def coaching_plan_pdf(request, client_pk):
    client = _client_or_404(request, client_pk)
    data = selectors.client_workshop(client)
    log_access(request=request, client=client, action="pdf", what="coaching plan")
    pdf = render_pdf("workshop/pdf/coaching_plan.html", {"client": client, **data}, request=request)
    return pdf_response(pdf, f"valmennussuunnitelma-{client.pk}")


@login_required
def youth_create(request, client_pk):
    client = _client_or_404(request, client_pk)
    form = YouthForm(request.POST or None)
    return _client_form_page(
        request,
        client,
        form,
        services.youth_enrol,
        title=_("Youth workshop period"),
        success=_("Youth workshop period saved."),
    )


@login_required
def certificate_create(request, client_pk):
    client = _client_or_404(request, client_pk, "workshop.issue_certificate")
    form = CertificateForm(request.POST or None)
    return _client_form_page(
        request,
        client,
        form,
        services.certificate_issue,
        title=_("Competence certificate"),
        success=_("Competence certificate issued."),
    )


@login_required
def certificate_pdf(request, pk):
    certificate = get_object_or_404(selectors.certificates(), pk=pk)
    check_perm(request.user, "workshop.view_certificate", certificate)
    log_access(request=request, client=certificate.client, action="pdf", what="competence certificate")
    pdf = render_pdf("workshop/pdf/certificate.html", {"certificate": certificate}, request=request)
    return pdf_response(pdf, f"osaamistodistus-{certificate.pk}")


# --- registry and library (no personal data) ----------------------------------------------------------------


@login_required
def places(request):
    check_perm(request.user, "workshop.view_places")
    return render(request, "workshop/places.html", {"placements": selectors.work_trial_places()})


@login_required
def library(request):
    check_perm(request.user, "workshop.use_library")
    return render(request, "workshop/library.html", {"forms": selectors.library()})


@login_required
def library_download(request, pk):
    check_perm(request.user, "workshop.use_library")
    document = get_object_or_404(LibraryDocument, pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "no-store"
    return response


@login_required
def library_blank(request, kind):
    check_perm(request.user, "workshop.use_library")
    if kind not in DocumentKind.values:
        raise Http404
    pdf = render_pdf("workshop/pdf/blank.html", {"kind": kind, "title": DocumentKind(kind).label}, request=request)
    return pdf_response(pdf, f"lomake-{kind}")
