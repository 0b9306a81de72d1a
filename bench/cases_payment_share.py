"""Benchmark cases of the payment-share list: the monthly review and the import of a 30,000-row list."""

from django.db import transaction


def _next_month_list(month, count=30_000) -> bytes:
    """The next month's list as Kela would send it: the persons of the latest list (known clients, a few new)
    with their days grown by a month, ``count`` rows, in the default CSV layout."""
    from clients.models import Client
    from payment_share import generate, rules
    from payment_share.models import PaymentShareEntry

    entries = list(PaymentShareEntry.objects.filter(month=month).order_by("pk")
                   .values_list("client_id", "paid_days", "share_percent", "benefit")[:count])
    codes = {}
    ids = [e[0] for e in entries]
    for start in range(0, len(ids), 5000):
        codes.update(Client.objects.filter(pk__in=ids[start : start + 5000])
                     .values_list("pk", "national_id"))
    names = dict(Client.objects.filter(pk__in=ids).values_list("pk", "last_name"))
    following = rules.add_months(month, 1)
    rows = [generate.make_row(following, codes[c], f"{names[c]} Testi", days + 21, 21, percent, benefit)
            for c, days, percent, benefit in entries]
    used, start = {row.national_id for row in rows}, 90_000
    while len(rows) < count:  # topped up with persons new to the list
        batch = generate.generate_rows(count - len(rows), following, start=start)
        extra = [r for r in batch if r.national_id not in used]
        used.update(r.national_id for r in extra)
        rows += extra
        start += count
    return generate.to_csv(rows)


def _import(month):
    """Validate, match and store a 30,000-row list (the same steps as upload → Celery task), then roll it
    back so that every repetition imports into an empty month."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from payment_share import services

    clerk = get_user_model().objects.get(username="toimisto")
    data = _next_month_list(month)

    class Undo(Exception):
        pass

    def run():
        try:
            with transaction.atomic():
                upload = SimpleUploadedFile("maksuosuuslista.csv", data, content_type="text/csv")
                outcome = services.import_upload(actor=clerk, file=upload)
                if outcome.job is None:
                    raise RuntimeError(outcome.result.errors[:3])
                job = services.import_execute(job_id=outcome.job.pk)
                if job.status != "done":
                    raise RuntimeError(job.error_message or job.status)
                raise Undo
        except Undo:
            pass

    return run


def cases(http_for, check, raw, admin_changelist, Case, vacuum):
    from payment_share import selectors

    counsellor = http_for("sosiaaliohjaaja")
    month = selectors.latest_month()
    if month is None:
        return []
    key = f"{month:%Y-%m}"
    return [
        Case("payment-share review: page 1", lambda: check(counsellor.get("/payment-share/", {"month": key})), 100,
             cold=True, http=("sosiaaliohjaaja", "/payment-share/", {"month": key})),
        Case("payment-share review: filters (no worker, approaching band)",
             lambda: check(counsellor.get("/payment-share/", {"month": key, "no_worker": "on",
                                                              "approaching_days": "60"})), 100, cold=True),
        Case("import of a 30,000-row list (validate, match, store)", _import(month), 5000, repeat=3, floor=False,
             after=vacuum("clients_client", "payment_share_paymentshareentry", "payment_share_paymentsharelist")),
    ]
