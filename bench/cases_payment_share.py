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


def _raw_review_page(month):
    """The review's page 1 read by hand, its floor: the months, the bands, the count, the page's 25 rows with
    their clients, their workers, plans and services in force, last held meetings and the workers to choose
    from, as the page reads them (its figures come from the cache; the session and the access log are the
    framework's share of the 20 ms)."""
    from django.db import connection

    page_sql = (
        "SELECT e.*, c.* FROM payment_share_paymentshareentry e JOIN clients_client c ON c.id = e.client_id "
        "WHERE e.month = %s ORDER BY c.last_name, c.first_name, e.id LIMIT 25"
    )
    workers_sql = (
        "SELECT id, first_name, last_name, username FROM core_user WHERE is_active AND id IN (SELECT ug.user_id "
        "FROM core_user_groups ug JOIN auth_group g ON g.id = ug.group_id "
        "WHERE g.name IN ('coach', 'youth_worker', 'social_counsellor')) ORDER BY last_name, first_name"
    )

    def run():
        with connection.cursor() as cursor:
            def read(sql, params=()):
                cursor.execute(sql, params)
                return cursor.fetchall()

            read("SELECT month FROM payment_share_paymentsharelist ORDER BY month DESC")
            read("SELECT * FROM payment_share_paymentshareband WHERE valid_from <= %s "
                 "AND (valid_to IS NULL OR valid_to >= %s) ORDER BY min_days", [month, month])
            read("SELECT count(*) FROM payment_share_paymentshareentry WHERE month = %s", [month])
            cursor.execute(page_sql, [month])
            names = [column.name for column in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            clients = [row["client_id"] for row in rows]
            users = {row[key] for row in rows for key in ("responsible_worker_id", "contact_worker_id",
                                                          "contacted_by_id")} - {None}
            read("SELECT id, first_name, last_name, username FROM core_user WHERE id = ANY(%s)", [list(users)])
            read("SELECT client_id FROM activation_activationplan WHERE client_id = ANY(%s) AND agreed_on <= %s "
                 "AND (status = 'agreed' OR (status = 'ended' AND ended_on > %s))", [clients, month, month])
            read("SELECT client_id FROM rehab_work_rehabagreement WHERE client_id = ANY(%s) "
                 "AND status IN ('signed', 'ended') AND end_date >= %s AND start_date <= %s",
                 [clients, month, month])
            read("SELECT client_id, max(starts_at) FROM clients_meeting WHERE client_id = ANY(%s) "
                 "AND status = 'held' GROUP BY 1", [clients])
            read(workers_sql)

    return run


def cases(http_for, check, raw, admin_changelist, Case):
    from payment_share import selectors
    from payment_share.models import PaymentShareEntry

    counsellor = http_for("sosiaaliohjaaja")
    month = selectors.latest_month()
    if month is None:
        return []
    key = f"{month:%Y-%m}"
    return [
        Case("payment-share review: page 1", lambda: check(counsellor.get("/payment-share/", {"month": key})), 100,
             baseline=_raw_review_page(month), baseline_kind="raw SQL"),
        Case("payment-share review: filters (no worker, approaching band)",
             lambda: check(counsellor.get("/payment-share/", {"month": key, "no_worker": "on",
                                                              "approaching_days": "60"})), 100),
        Case("payment-share review (admin change list)", admin_changelist(PaymentShareEntry), 10_000),
        Case("import of a 30,000-row list (validate, match, store)", _import(month), 5000, repeat=3),
    ]
