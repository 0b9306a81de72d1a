"""Thin views: form → service → redirect. Every page showing a client's health data is access-logged."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clients.models import Client
from clients.permissions import is_social_counsellor
from joutsa_tyollisyys import confirm, undo
from joutsa_tyollisyys.access_log import log_access
from joutsa_tyollisyys.access_logging import log_persons, persons_in
from joutsa_tyollisyys.services import sent_version
from joutsa_tyollisyys.views_helpers import add_service_errors, check_perm, next_or

from . import selectors, services
from .enums import REFERRAL_ACTIONS, BookingStatus, HealthCheckStatus, InvestigationStatus
from .forms import (
    BookingOutcomeForm,
    ChecksDueForm,
    GuidedReferralForm,
    HealthCheckFormsForm,
    HealthCheckOutcomeForm,
    HealthCheckReferForm,
    NextStepForm,
    PensionCloseForm,
    PensionExaminationForm,
    PensionOpenForm,
    ReasonForm,
    SoteBookingForm,
)
from .models import (
    GuidedReferral,
    HealthCheckReferral,
    HealthCooperationSettings,
    PensionExamination,
    PensionInvestigation,
    SoteBooking,
    SoteNextStep,
)

VIEW = "health_cooperation.view_client_health"
CHANGE = "health_cooperation.change_client_health"
PAGES = "health_cooperation.use_health_pages"
CLIENT_RELATED = ("client__responsible_worker__team",)


def _client(request, pk, perm=VIEW):
    client = get_object_or_404(Client.objects.select_related("responsible_worker__team"), pk=pk)
    check_perm(request.user, perm, client)
    return client


def _owned(request, model, pk, perm=CHANGE, related=CLIENT_RELATED):
    """An object of a client, only for that client's own workers (else 403)."""
    obj = get_object_or_404(model.objects.select_related(*related), pk=pk)
    check_perm(request.user, perm, obj.client)
    return obj


def _health_url(client):
    return reverse("health_cooperation:client", args=[client.pk])


def _form_page(request, *, client, form, title, call, success, done_url, what, needs_consent=False, obj=None):
    """The one pattern of every form page: valid POST → service → message → redirect; errors beside fields.

    ``done_url`` is where to go afterwards (and where "Cancel" leads), or a callable of the service result.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = call(dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(done_url(result) if callable(done_url) else done_url)
    else:
        log_access(request=request, client=client, action="view", what=what)
    consent_missing = needs_consent and selectors.health_consent_in_force(client) is None
    return render(
        request,
        "health_cooperation/form.html",
        {
            "client": client,
            "form": form,
            "title": title,
            "consent_missing": consent_missing,
            "obj": obj,
            "cancel_url": _health_url(client) if callable(done_url) else done_url,
        },
    )


def _versioned(request, service, obj, id_kwarg):
    """The service call of an edit form: the record's id and the version the form was rendered with."""

    def call(data):
        version = sent_version(data.pop("version"))  # missing: refused, never taken as fresh
        return service(actor=request.user, expected_version=version, **{id_kwarg: obj.pk}, **data)

    return call


CANCEL_CHECK = confirm.Action("health_cooperation.check_cancel", question=_lazy("Cancel this referral?"),
                              yes=_lazy("Yes, cancel the referral"))
CANCEL_BOOKING = confirm.Action("health_cooperation.booking_cancel", question=_lazy("Cancel this booking?"),
                                yes=_lazy("Yes, cancel the booking"))


def _post_action(request, call, success, done_url, *, ask: confirm.Action | None = None):
    """Run a one-click service call; ``ask``: confirmed first, and its undo (same key) offered afterwards."""
    if ask is not None and (page := confirm.ask_first(request, ask, back=done_url)) is not None:
        return page
    try:
        changed = call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if ask is not None:
            undo.offer(request, success, kind=ask.key, pk=changed.pk, state=changed.version)
        else:
            messages.success(request, success)
    return redirect(done_url)


# --- overview pages -------------------------------------------------------------------------------------


@login_required
def index(request):
    check_perm(request.user, PAGES)
    user = request.user
    context = {
        "checks": selectors.my_pending_health_checks(user),
        "referrals": selectors.my_open_guided_referrals(user),
        "to_me": selectors.referrals_to_social_counsellor() if is_social_counsellor(user) else [],
        "panels": {
            "steps": selectors.my_open_next_steps(user),
            "today": timezone.localdate(),
            "investigations": selectors.my_open_investigations(user),
        },
    }
    log_persons(request, client_ids=persons_in([context, context["panels"]]),
                what="health cooperation: my open matters")
    return render(request, "health_cooperation/index.html", context)


@login_required
def checks_due(request):
    check_perm(request.user, PAGES)
    form = ChecksDueForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    months = data.get("months") or HealthCooperationSettings.load().health_check_interval_months
    qs = selectors.checks_due(
        request.user, on=timezone.localdate(), months=months, only_mine=data.get("mine", False)
    )
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    log_persons(request, page, what="clients without a health check")
    return render(
        request,
        "health_cooperation/checks_due.html",
        {
            "form": form,
            "page": page,
            "months": months,
            "query": query.urlencode(),
        },
    )


@login_required
def sote_meetings(request):
    check_perm(request.user, PAGES)
    meetings = selectors.upcoming_meetings(today=timezone.localdate())
    for meeting in meetings:
        for slot in meeting.slots.all():
            slot.booking = slot.active_bookings[0] if slot.active_bookings else None
            slot.visible = slot.booking is not None and request.user.has_perm(VIEW, slot.booking.client)
    log_persons(request, client_ids=[slot.booking.client_id for meeting in meetings for slot in meeting.slots.all()
                                     if slot.visible], what="sote team meetings")
    return render(
        request,
        "health_cooperation/sote_meetings.html",
        {
            "meetings": meetings,
            "can_generate": request.user.has_perm("health_cooperation.manage_sote_schedule"),
        },
    )


@login_required
@require_POST
def sote_generate(request):
    check_perm(request.user, "health_cooperation.manage_sote_schedule")
    created = services.sote_meetings_materialise(actor=request.user)
    message = ngettext("%(count)s new meeting generated.", "%(count)s new meetings generated.", created)
    messages.success(request, message % {"count": created})
    return redirect("health_cooperation:sote_meetings")


@login_required
def client_page(request, pk):
    client = _client(request, pk)
    context = selectors.client_health(client)
    context.update(
        client=client,
        consent=selectors.health_consent_in_force(client),
        reason_form=ReasonForm(),
        can_change=request.user.has_perm(CHANGE, client),
        referred=HealthCheckStatus.REFERRED,
        booked=BookingStatus.BOOKED,
        open=InvestigationStatus.OPEN,
    )
    log_access(request=request, client=client, action="view", what="health and sote cooperation")
    return render(request, "health_cooperation/client.html", context)


# --- health checks --------------------------------------------------------------------------------------


@login_required
def check_refer(request, pk):
    client = _client(request, pk, CHANGE)
    form = HealthCheckReferForm(
        request.POST or None,
        initial={
            "referred_on": timezone.localdate(),
            "place": HealthCooperationSettings.load().default_health_check_place,
        },
    )
    return _form_page(
        request,
        client=client,
        form=form,
        title=_("Refer to a health check"),
        needs_consent=True,
        call=lambda d: services.health_check_refer(actor=request.user, client_id=client.pk, **d),
        success=_("Referral to the health check recorded."),
        done_url=_health_url(client),
        what="health check referral form",
    )


@login_required
def check_forms(request, pk):
    referral = _owned(request, HealthCheckReferral, pk)
    form = HealthCheckFormsForm(
        request.POST or None,
        initial={f: getattr(referral, f) for f in HealthCheckFormsForm.base_fields if f != "version"}
        | {"version": referral.version},
    )

    return _form_page(
        request,
        client=referral.client,
        form=form,
        obj=referral,
        title=_("Health check: appointment and TE forms"),
        call=_versioned(request, services.health_check_update_forms, referral, "referral_id"),
        success=_("Health check details saved."),
        done_url=_health_url(referral.client),
        what="health check forms",
    )


@login_required
def check_outcome(request, pk):
    referral = _owned(request, HealthCheckReferral, pk)
    form = HealthCheckOutcomeForm(
        request.POST or None,
        initial={
            "checked_on": referral.appointment_on or timezone.localdate(),
            "version": referral.version,
        },
    )

    return _form_page(
        request,
        client=referral.client,
        form=form,
        obj=referral,
        title=_("Record the outcome of the health check"),
        call=_versioned(request, services.health_check_record_outcome, referral, "referral_id"),
        success=_("Outcome of the health check recorded."),
        done_url=_health_url(referral.client),
        what="health check outcome form",
    )


@login_required
@require_POST
def check_cancel(request, pk):
    referral = _owned(request, HealthCheckReferral, pk)
    return _post_action(
        request,
        lambda: services.health_check_cancel(
            actor=request.user, referral_id=referral.pk, reason=request.POST.get("reason", "")
        ),
        _("Referral cancelled."),
        _health_url(referral.client),
        ask=CANCEL_CHECK,
    )


# --- guided referrals -----------------------------------------------------------------------------------


@login_required
def referral_create(request, pk):
    client = _client(request, pk, CHANGE)
    form = GuidedReferralForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    return _form_page(
        request,
        client=client,
        form=form,
        title=_("Guided referral"),
        needs_consent=True,
        call=lambda d: services.guided_referral_create(actor=request.user, client_id=client.pk, **d),
        success=_("Referral recorded."),
        done_url=_health_url(client),
        what="guided referral form",
    )


@login_required
@require_POST
def referral_advance(request, pk, action):
    if action not in REFERRAL_ACTIONS:
        raise Http404
    referral = _owned(request, GuidedReferral, pk)
    return _post_action(
        request,
        lambda: services.guided_referral_advance(
            actor=request.user, referral_id=referral.pk, status=REFERRAL_ACTIONS[action]
        ),
        _("Referral updated."),
        _health_url(referral.client),
    )


# --- the sote team --------------------------------------------------------------------------------------


@login_required
def booking_create(request, pk):
    client = _client(request, pk, CHANGE)
    form = SoteBookingForm(request.POST or None)

    def call(data):
        slot = data.pop("slot")
        return services.sote_booking_create(actor=request.user, client_id=client.pk, slot_id=slot.pk, **data)

    return _form_page(
        request,
        client=client,
        form=form,
        title=_("Book a slot from the sote team"),
        needs_consent=True,
        call=call,
        success=_("Slot booked. You are responsible for the next steps of the case."),
        done_url=_health_url(client),
        what="sote team booking form",
    )


def _for_page(request, selector, pk, perm=VIEW):
    """An object read by a page selector (with everything the page shows), for the client's workers."""
    try:
        obj = selector(pk)
    except ObjectDoesNotExist:
        raise Http404 from None
    check_perm(request.user, perm, obj.client)
    return obj


@login_required
def booking(request, pk):
    booking = _for_page(request, selectors.booking_for_page, pk)
    form = NextStepForm(request.POST or None)
    if request.method == "POST":
        check_perm(request.user, CHANGE, booking.client)
        if form.is_valid():
            try:
                services.next_step_add(actor=request.user, booking_id=booking.pk, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Next step recorded."))
                return redirect(booking)
    else:
        log_access(request=request, client=booking.client, action="view", what="sote team case")
    return render(
        request,
        "health_cooperation/booking.html",
        {
            "booking": booking,
            "client": booking.client,
            "form": form,
            "reason_form": ReasonForm(),
            "can_change": request.user.has_perm(CHANGE, booking.client),
            "booked": BookingStatus.BOOKED,
            "held": booking.slot.starts_at <= timezone.now(),
        },
    )


@login_required
def booking_outcome(request, pk):
    booking = _owned(request, SoteBooking, pk, related=(*CLIENT_RELATED, "slot"))
    form = BookingOutcomeForm(
        request.POST or None, initial={"outcome": booking.outcome, "version": booking.version}
    )

    return _form_page(
        request,
        client=booking.client,
        form=form,
        obj=booking,
        title=_("Record the team's conclusion"),
        call=_versioned(request, services.sote_booking_record_outcome, booking, "booking_id"),
        success=_("Team's conclusion recorded."),
        done_url=booking.get_absolute_url(),
        what="sote team conclusion",
    )


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = _owned(request, SoteBooking, pk)
    return _post_action(
        request,
        lambda: services.sote_booking_cancel(
            actor=request.user, booking_id=booking.pk, reason=request.POST.get("reason", "")
        ),
        _("Booking cancelled: the slot is free again."),
        booking.get_absolute_url(),
        ask=CANCEL_BOOKING,
    )


@login_required
@require_POST
def step_done(request, pk):
    step = get_object_or_404(
        SoteNextStep.objects.select_related("booking__client__responsible_worker__team"), pk=pk
    )
    check_perm(request.user, CHANGE, step.booking.client)
    done_url = next_or(request, step.booking.get_absolute_url())
    return _post_action(
        request,
        lambda: services.next_step_mark_done(actor=request.user, step_id=step.pk),
        _("Next step marked done."),
        done_url,
    )


# --- pension investigations -----------------------------------------------------------------------------


@login_required
def pension_open(request, pk):
    client = _client(request, pk, CHANGE)
    form = PensionOpenForm(request.POST or None, initial={"opened_on": timezone.localdate()})
    return _form_page(
        request,
        client=client,
        form=form,
        title=_("Open a pension investigation"),
        needs_consent=True,
        call=lambda d: services.pension_investigation_open(actor=request.user, client_id=client.pk, **d),
        success=_("Pension investigation opened: fill in the checklist of basic examinations."),
        done_url=lambda investigation: investigation.get_absolute_url(),
        what="pension investigation form",
    )


@login_required
def pension(request, pk):
    investigation = _for_page(request, selectors.investigation_for_page, pk)
    log_access(request=request, client=investigation.client, action="view", what="pension investigation")
    return render(
        request,
        "health_cooperation/pension.html",
        {
            "investigation": investigation,
            "client": investigation.client,
            "can_change": request.user.has_perm(CHANGE, investigation.client)
            and investigation.status == InvestigationStatus.OPEN,
        },
    )


@login_required
def pension_item(request, pk):
    examination = get_object_or_404(
        PensionExamination.objects.select_related(
            "investigation__client__responsible_worker__team", "examination_type"
        ),
        pk=pk,
    )
    investigation = examination.investigation
    check_perm(request.user, CHANGE, investigation.client)
    fields = ("status", "responsible", "planned_on", "done_on", "note", "version")
    form = PensionExaminationForm(request.POST or None, initial={f: getattr(examination, f) for f in fields})

    return _form_page(
        request,
        client=investigation.client,
        form=form,
        obj=examination,
        title=str(examination.examination_type),
        call=_versioned(request, services.pension_examination_update, examination, "examination_id"),
        success=_("Examination saved."),
        done_url=investigation.get_absolute_url(),
        what="pension investigation examination",
    )


@login_required
def pension_close(request, pk):
    investigation = _owned(request, PensionInvestigation, pk)
    form = PensionCloseForm(
        request.POST or None, initial={"closed_on": timezone.localdate(), "version": investigation.version}
    )

    return _form_page(
        request,
        client=investigation.client,
        form=form,
        obj=investigation,
        title=_("Close the pension investigation"),
        call=_versioned(request, services.pension_investigation_close, investigation, "investigation_id"),
        success=_("Pension investigation closed."),
        done_url=investigation.get_absolute_url(),
        what="pension investigation closing form",
    )
