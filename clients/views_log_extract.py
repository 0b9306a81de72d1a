"""The data protection officer's pages: a client's access-log extract on screen, as PDF and as CSV; the whole log's
verification."""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from joutsa_tyollisyys import access_log
from joutsa_tyollisyys.dates import add_months
from joutsa_tyollisyys.pdf import pdf_response, render_pdf
from joutsa_tyollisyys.spreadsheets import csv_bytes, csv_download
from joutsa_tyollisyys.views_helpers import add_service_errors, check_perm

from . import log_extract
from .forms import LogExtractForm


@login_required
@require_http_methods(["GET", "POST"])
def log_extract_view(request):
    """POST, so that the personal identity code is never in an address (nor in a server's request log)."""
    check_perm(request.user, "clients.make_log_extract")
    today = timezone.localdate()
    form = LogExtractForm(request.POST or None, initial={"start": add_months(today, -12), "end": today})
    extract = None
    if request.method == "POST" and form.is_valid():
        fmt = request.POST.get("format", "html")
        fmt = fmt if fmt in ("html", "pdf", "csv") else "html"
        try:
            client = log_extract.find_client(form.cleaned_data["national_id"])
            extract = log_extract.log_extract_make(actor=request.user, client=client, start=form.cleaned_data["start"],
                                                   end=form.cleaned_data["end"], fmt=fmt, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            name = f"lokiote-{extract.client.pk}-{extract.made_at:%Y%m%d}"
            if fmt == "pdf":
                pdf = render_pdf("clients/pdf/log_extract.html", {"extract": extract}, request=request)
                return pdf_response(pdf, name)
            if fmt == "csv":
                return csv_download(csv_bytes(*log_extract.extract_csv_rows(extract)), f"{name}.csv")
    return render(request, "clients/log_extract.html", {"form": form, "extract": extract})




def checkpoint_time(checkpoint: dict | None):
    """When the access log's checkpoint was written, as an aware datetime (None without one)."""
    if not checkpoint or not checkpoint.get("at"):
        return None
    try:
        return datetime.fromisoformat(checkpoint["at"])
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def log_verify_view(request):
    """The data protection officer checks the whole access log: every row's link in the hash chain, and the rows up
    to the latest signed checkpoint all there. GET shows the latest checkpoint; POST walks the chain (it reads every
    row: a button, not on every visit)."""
    check_perm(request.user, "clients.verify_access_log")
    result = access_log.verify() if request.method == "POST" else None
    checkpoint = result.checkpoint if result is not None else access_log.latest_checkpoint()[0]
    return render(request, "clients/log_verify.html", {
        "result": result,
        "checkpoint": checkpoint,
        "checkpoint_at": checkpoint_time(checkpoint),
        "checked_at": timezone.now() if result is not None else None,
    })
