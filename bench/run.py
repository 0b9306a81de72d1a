"""Benchmarks at employment-area size (issue 8). Run against PostgreSQL with a large data set:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/run.py --build
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/run.py

``--build`` migrates and loads ``seed_demo --scale large``.
Prints one table: per case the median and p95 in ms, queries per request, the baseline measured in the
same run (raw SQL of the same query: the page may cost at most 3× it + 20 ms; the Django admin change list
on the same model: ours must be faster), and whether the target is met. ``--markdown`` for RESULTS.md.
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joutsa_tyollisyys.settings")
os.environ.setdefault("AXES_ENABLED", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


@dataclass
class Case:
    name: str
    run: object  # callable() -> anything; one request or operation
    target_ms: float
    max_queries: int | None = None
    baseline: object = None  # callable() -> None, timed the same way
    baseline_kind: str = ""  # "raw SQL" (page ≤ 3× + 20 ms) or "admin" (page must be faster)
    repeat: int = 30


def measure(fn, repeat):
    fn()  # warm-up
    times, queries = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        queries.append(len(ctx.captured_queries))
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return statistics.median(times), p95, max(queries)


def http_for(username):
    from django.contrib.auth import get_user_model

    http = HttpClient()
    http.force_login(get_user_model().objects.get(username=username))
    return http


def check(response, status=200):
    code = getattr(response, "status_code", status)
    if code != status:
        raise RuntimeError(f"unexpected status {code}")
    return response


def raw(sql, params=()):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return run


def admin_changelist(model, query=""):
    """The default a developer would build: a plain ModelAdmin change list on the same model."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    site = admin.AdminSite(name="bench_admin")

    class PlainAdmin(admin.ModelAdmin):
        list_display = ["__str__"]
        search_fields = ["last_name", "first_name"]

        def has_view_permission(self, request, obj=None):
            return True

    model_admin = PlainAdmin(model, site)
    user = get_user_model().objects.get(username="paakayttaja")
    factory = RequestFactory()

    def run():
        request = factory.get("/", {"q": query} if query else {})
        request.user = user
        response = model_admin.changelist_view(request)
        response.render()

    return run


def foundation_cases():
    from clients.models import Client

    coach = http_for("valmentaja")
    sample = Client.objects.filter(responsible_worker__username="valmentaja").order_by("pk").first()
    prefix = sample.last_name[:3]
    code = sample.national_id
    from clients import national_id as nid

    hashed = nid.lookup_hash(code)
    table = Client._meta.db_table
    return [
        Case("client search: name prefix, page 1", lambda: check(coach.get("/clients/", {"q": prefix})), 50,
             baseline=raw(f"SELECT id, first_name, last_name FROM {table} WHERE UPPER(last_name) LIKE UPPER(%s) "  # noqa: S608
                          "ORDER BY last_name, first_name, id LIMIT 25", [prefix + "%"]), baseline_kind="raw SQL"),
        Case("client search: name prefix (admin change list)", admin_changelist(Client, prefix), 10_000),
        Case("client search: exact national id", lambda: check(coach.post("/clients/", {"q": code})), 50,
             baseline=raw(f"SELECT id FROM {table} WHERE national_id_hash = %s", [hashed]),  # noqa: S608
             baseline_kind="raw SQL"),
        Case("client page with all sections", lambda: check(coach.get(f"/clients/{sample.pk}/")), 80, max_queries=15),
        Case("coach's front page", lambda: check(coach.get("/")), 80),
    ]


def all_cases():
    cases = foundation_cases()
    for module_name in ("clients", "activation", "rehab_work", "obligation_employment", "payment_share", "reporting",
                        "outreach"):
        try:
            module = __import__(f"bench.cases_{module_name}", fromlist=["cases"])
        except ModuleNotFoundError:
            continue
        cases.extend(module.cases(http_for, check, raw, admin_changelist, Case))
    return cases


def build():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", scale="large")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"data set built in {time.perf_counter() - started:.0f} s (with VACUUM ANALYZE)")


SIZES = [
    ("clients", "clients.Client"), ("meetings", "clients.Meeting"), ("rehab agreements", "rehab_work.RehabAgreement"),
    ("attendance days", "rehab_work.Attendance"), ("payment-share lists", "payment_share.PaymentShareList"),
    ("payment-share rows", "payment_share.PaymentShareEntry"), ("monthly reports", "reporting.MonthlyReport"),
    ("users", "core.User"),
]


def environment() -> list[str]:
    """Date, machine and data-set size for the results."""
    import platform

    from django.apps import apps

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = cursor.fetchone()[0].split(" on ")[0]
    sizes = ", ".join(f"{apps.get_model(label).objects.count():,} {name}".replace(",", " ")
                      for name, label in SIZES)
    return [f"date {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} × {cpu}, Python {platform.python_version()},"
            f" Django {django.get_version()}, {database}", f"data: {sizes}", calibration()]


def calibration() -> str:
    """The machine's speed today, to compare runs on different days or VMs (a shared VM's speed varies by 2 ×):
    the best of three of a fixed Python loop and of a fixed aggregate in the database."""
    def best(fn):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times) * 1000

    def loop():
        total = 0
        for i in range(10_000_000):
            total += i

    def aggregate():
        with connection.cursor() as cursor:
            cursor.execute("SELECT SUM(i) FROM generate_series(1, 2000000) AS i" if connection.vendor == "postgresql"
                           else "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000) "
                                "SELECT SUM(i) FROM n")
            cursor.fetchone()

    return (f"calibration: Python loop of 10^7 additions {best(loop):.0f} ms, database sum of 2·10^6 rows "
            f"{best(aggregate):.0f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", action="store_true", help="migrate and load the large data set first")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Benchmarks are meant for PostgreSQL: set DATABASE_URL.", file=sys.stderr)
    if args.build:
        build()
    settings.DEBUG = False
    reset_queries()
    rows = []
    cases = all_cases()
    from joutsa_tyollisyys.server import warm_up_and_freeze

    warm_up_and_freeze()  # as the web server's processes do (gunicorn.conf.py)
    for case in cases:
        if args.k and args.k not in case.name:
            continue
        median, p95, queries = measure(case.run, case.repeat)
        base, floor = "", ""
        ok = p95 <= case.target_ms and (case.max_queries is None or queries <= case.max_queries)
        if case.baseline:
            b_median, b_p95, _ = measure(case.baseline, case.repeat)
            base = f"{case.baseline_kind} {b_median:.1f} ms (×{median / max(b_median, 0.001):.1f})"
            if case.baseline_kind == "raw SQL":  # the floor: at most 3 × the raw statement + 20 ms
                floor = f"{'yes' if median <= 3 * b_median + 20 else 'NO'} (≤ {3 * b_median + 20:.1f} ms)"
        rows.append((case.name, f"{median:.1f}", f"{p95:.1f}", str(queries), base,
                     f"≤ {case.target_ms:g} ms" + (f", ≤ {case.max_queries} q" if case.max_queries else ""),
                     "yes" if ok else "NO", floor))
    for line in environment():
        print(line + ("  " if args.markdown else ""))
    print()
    header = ("case", "median ms", "p95 ms", "queries", "baseline (same run)", "target", "met", "raw-SQL floor")
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
