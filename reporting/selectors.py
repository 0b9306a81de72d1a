"""Reads of the reporting app.

The figures come from the other apps' report selectors. Those return counts only, so the client ids
behind the people-based figures (for the drill-down lists) are read here from their models, read-only,
with the same definitions (tests check that both agree).
"""

from datetime import date

from django.db.models import Exists, OuterRef

from activation.models import ActivationPlan
from activation.selectors import in_force_q
from clients.models import Client, EmploymentPlan, ServiceNeedAssessment
from clients.selectors import active_client_ids_on, visible_clients
from payment_share.models import PaymentShareEntry
from payment_share.month_end import client_ids_at_month_end
from rehab_work.enums import RUNNING_STATUSES
from rehab_work.models import RehabAgreement

from .enums import ReportStatus
from .models import MonthlyInputs, MonthlyReport


def _ids(qs, field="client_id") -> list[int]:
    return sorted(set(qs.values_list(field, flat=True)))


# --- client ids behind the people-based figures -------------------------------------------------------


def rehab_client_ids(start: date, end: date) -> list[int]:
    """Clients with a signed agreement in force on some day of [start, end] (rehab_work's definition)."""
    return _ids(
        RehabAgreement.objects.filter(start_date__lte=end, end_date__gte=start, status__in=RUNNING_STATUSES)
    )


def payment_share_client_ids(start: date, end: date) -> list[int]:
    """Different persons on the payment-share lists of the months in [start, end]."""
    return _ids(PaymentShareEntry.objects.filter(month__range=(start, end)))


def payment_share_person_count(start: date, end: date) -> int:
    return PaymentShareEntry.objects.filter(month__range=(start, end)).values("client_id").distinct().count()


def share_list_ids(month: date, *, contacted_only: bool) -> list[int]:
    """Persons on the month's list who were contacted by the month's end / who had a responsible worker then."""
    return client_ids_at_month_end(month, contacted=contacted_only)


def _up_to_date_ids(model, on: date) -> list[int]:
    current = model.objects.filter(client_id=OuterRef("pk"), made_on__lte=on, next_update_due__gte=on)
    return _ids(Client.objects.filter(Exists(current), pk__in=active_client_ids_on(on)), "pk")


def assessment_client_ids(on: date) -> list[int]:
    return _up_to_date_ids(ServiceNeedAssessment, on)


def employment_plan_client_ids(on: date) -> list[int]:
    return _up_to_date_ids(EmploymentPlan, on)


def activation_plan_client_ids(on: date) -> list[int]:
    return _ids(ActivationPlan.objects.filter(in_force_q(on)))


# --- reports ------------------------------------------------------------------------------------------


def inputs_for(months) -> dict:
    return {row.month: row for row in MonthlyInputs.objects.filter(month__in=list(months))}


def report_list(*, finals_only: bool):
    qs = MonthlyReport.objects.select_related("created_by", "finalised_by").defer("figures")
    if finals_only:
        qs = qs.filter(status=ReportStatus.FINAL)
    return qs.order_by("-month", "-version")


def report_for(pk: int, *, finals_only: bool) -> MonthlyReport:
    qs = MonthlyReport.objects.select_related("created_by", "finalised_by")
    if finals_only:
        qs = qs.filter(status=ReportStatus.FINAL)
    return qs.get(pk=pk)


def latest_final():
    return report_list(finals_only=True).first()


def clients_behind(user, ids):
    """The clients of a figure that ``user`` may see, by name."""
    return (
        visible_clients(user)
        .filter(pk__in=ids)
        .select_related("responsible_worker")
        .order_by("last_name", "first_name", "pk")
    )


def hidden_count(user, ids) -> int:
    return len(ids) - visible_clients(user).filter(pk__in=ids).count()


