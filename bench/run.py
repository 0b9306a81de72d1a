"""Benchmarks at employment-area size (issues 8 and 24). Run against PostgreSQL with a large data set:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/run.py --build
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/run.py

``--build`` migrates and loads ``seed_demo --scale large`` (``--scale medium``: a tenth, to check the machinery).
Prints one table: per case the median and p95 in ms, queries per request, and in the same run:

- **the floor**: the SQL statements the case actually sends (captured from one request: session, user, permission
  reads, the access-log insert, the page's own reads) replayed by hand on a raw cursor, in one transaction. The page
  may cost at most 3 × the floor + 20 ms (the framework's share: routing, forms, the template).
- **the peer** (``baseline``): a real page of the Django admin that the administrator opens, through the same
  middleware (``peer_kind`` "admin"): ours must be faster; the table says by how much.
- **cold**: cases that read cached figures, measured again with the cache cleared before every request.
- ``--http``: the key pages through gunicorn (``gunicorn.conf.py``) over loopback, as a browser gets them.

The calibration line (a fixed Python loop, a fixed database aggregate) says how busy the machine was: compare runs
only at a similar calibration, and discard a run whose calibration is far above the machine's usual.
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
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


@dataclass
class Case:
    name: str
    run: object  # callable() -> anything; one request or operation
    target_ms: float
    max_queries: int | None = None
    baseline: object = None  # callable() -> None, timed the same way (a peer: the admin's page)
    baseline_kind: str = ""  # "admin" (page must be faster) or "raw SQL" (a hand-written floor, page ≤ 3× + 20 ms)
    repeat: int = 30
    floor: bool = True  # replay the case's captured statements as its floor (not for work outside SQL: COPY)
    cold: bool = False  # also measured with the cache cleared before each request
    http: tuple = ()  # (username, path, query): also timed through gunicorn with --http
    after: object = None  # callable() run once the case is measured (the import's cleaning up)


def _p95(times):
    times = sorted(times)
    return times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def measure(fn, repeat, before=None):
    fn()  # warm-up
    times, queries = [], []
    for _ in range(repeat):
        if before:
            before()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        queries.append(len(ctx.captured_queries))
    return statistics.median(times), _p95(times), max(queries)


def captured(fn):
    """The SQL statements one run of ``fn`` sends, as sent (the PostgreSQL backend binds parameters on the client:
    each statement is complete)."""
    fn()  # warm: what a repetition sends
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return [query["sql"] for query in ctx.captured_queries]


def replay(statements):
    """The floor: the statements by hand on one raw cursor, in one transaction (savepoints as the page sent them),
    every result read."""
    def run():
        with transaction.atomic(), connection.cursor() as cursor:
            raw_cursor = cursor.cursor  # psycopg's own: no Django wrapper, no logging
            for sql in statements:
                raw_cursor.execute(sql)
                if raw_cursor.description is not None:
                    raw_cursor.fetchall()

    return run


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
    """The Django admin's change list of ``model`` as the administrator opens it (``/admin/app/model/``), through
    every middleware: the peer a page must beat. The client model's admin is closed to every role (clients are read
    in the app, where every read is logged; ``clients/admin.py``): its peer is the user admin's change list with a
    name search, the largest registered list the administrator opens."""
    from clients.models import Client

    admin = http_for("paakayttaja")
    if model is Client:
        from django.contrib.auth import get_user_model

        model = get_user_model()
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"

    def run():
        check(admin.get(url, {"q": query} if query else {}))

    return run


def foundation_cases():
    from clients.models import Client

    coach, admin = http_for("valmentaja"), http_for("paakayttaja")
    sample = Client.objects.filter(responsible_worker__username="valmentaja").order_by("pk").first()
    prefix = sample.last_name[:3]
    code = sample.national_id
    return [
        Case("client search: name prefix, page 1", lambda: check(coach.get("/clients/", {"q": prefix})), 50,
             http=("valmentaja", "/clients/", {"q": prefix}),
             baseline=admin_changelist(Client, prefix), baseline_kind="admin: users' change list, name search"),
        Case("client search: exact national id", lambda: check(coach.post("/clients/", {"q": code})), 50),
        Case("client page with all sections", lambda: check(coach.get(f"/clients/{sample.pk}/")), 80, max_queries=15,
             http=("valmentaja", f"/clients/{sample.pk}/", {})),
        Case("coach's front page", lambda: check(coach.get("/")), 80, cold=True, http=("valmentaja", "/", {})),
        Case("admin: index (administrator)", lambda: check(admin.get("/admin/")), 150, cold=True),
    ]


def all_cases():
    cases = foundation_cases()
    for module_name in ("clients", "activation", "rehab_work", "obligation_employment", "payment_share", "reporting",
                        "outreach"):
        try:
            module = __import__(f"bench.cases_{module_name}", fromlist=["cases"])
        except ModuleNotFoundError:
            continue
        cases.extend(module.cases(http_for, check, raw, admin_changelist, Case, vacuum))
    return cases


def build(scale="large"):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", scale=scale)
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

    python_ms, database_ms = best(loop), best(aggregate)
    line = (f"calibration: Python loop of 10^7 additions {python_ms:.0f} ms, database sum of 2·10^6 rows "
            f"{database_ms:.0f} ms")
    usual = [float(v) for v in os.environ.get("BENCH_USUAL_CALIBRATION", "380,250").split(",")]
    if python_ms > BUSY * usual[0] or database_ms > BUSY * usual[1]:
        line += (f" — BUSY MACHINE (over {BUSY:g} × the usual {usual[0]:g} / {usual[1]:g} ms, "
                 "BENCH_USUAL_CALIBRATION): discard this run, do not report it")
    return line


#: A run whose calibration is this many times the machine's usual is discarded (issue 24).
BUSY = 1.3


def vacuum(*tables):
    """VACUUM ANALYZE ``tables``: a case that writes and rolls back (the import updates 30,000 clients a repetition)
    leaves dead rows that slow every later case (the review's figures 21 → 56 ms at a tenth of the data set)."""
    def run():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {', '.join(tables)}")

    return run


def row_of(case, before=None):
    """One row of the table: the case, its floor (its own statements replayed) and its peer, in the same run."""
    median, p95, queries = measure(case.run, case.repeat, before)
    ok = p95 <= case.target_ms and (case.max_queries is None or queries <= case.max_queries)
    floor, peer = "", ""
    if case.floor:
        if before:
            before()
        statements = captured(lambda: (before and before(), case.run()))
        f_median, _f_p95, _ = measure(replay(statements), case.repeat)
        allowance = 3 * f_median + 20
        floor = (f"{f_median:.1f} ms, {len(statements)} st. (×{median / max(f_median, 0.001):.1f}; ≤ {allowance:.1f}:"
                 f" {'yes' if median <= allowance else 'NO'})")
    if case.baseline:
        b_median, _b_p95, _ = measure(case.baseline, case.repeat)
        faster = b_median / max(median, 0.001)
        peer = f"{case.baseline_kind} {b_median:.1f} ms: ours {faster:.1f}× as fast" + ("" if faster > 1 else " (NO)")
        ok = ok and faster > 1
    target = f"≤ {case.target_ms:g} ms" + (f", ≤ {case.max_queries} q" if case.max_queries else "")
    return (case.name, f"{median:.1f}", f"{p95:.1f}", str(queries), floor, peer, target, "yes" if ok else "NO")


def http_rows(cases, args):
    """The cases with an ``http`` address, timed through gunicorn (``gunicorn.conf.py``; ``bench/load.py``'s
    environment: DEBUG off, WhiteNoise, the local-memory cache unless CACHE_URL) over loopback: a new connection per
    request, the whole response read, as a browser without keep-alive."""
    import tempfile
    import urllib.request
    from urllib.parse import urlencode

    from bench import load

    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = {**os.environ, "DJANGO_ENV": "development", "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1",
           "STATIC_ROOT": static_root, "EMAIL_URL": "dummymail://", "REDIS_URL": "", "GUNICORN_ACCESS_LOG": ""}
    load.manage(env, "collectstatic", "--noinput", "-v0")
    port = args.http_port
    url = f"http://127.0.0.1:{port}"
    sessions = {}
    with open(ROOT / "bench" / "results" / "http_gunicorn.log", "w") as log:
        server = load.subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "joutsa_tyollisyys.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "4"], cwd=ROOT, env=env, stdout=log, stderr=load.subprocess.STDOUT)
    rows = []
    try:
        load.wait_until_up(f"{url}/healthz/", server)
        for case in cases:
            if not case.http or (args.k and args.k not in case.name):
                continue
            username, path, query = case.http
            if username not in sessions:
                sessions[username] = http_for(username).cookies[settings.SESSION_COOKIE_NAME].value
            request = urllib.request.Request(f"{url}{path}" + (f"?{urlencode(query)}" if query else ""), headers={
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={sessions[username]}"})

            def get(request=request):
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own loopback)
                    response.read()
                    if response.status != 200:
                        raise RuntimeError(f"unexpected status {response.status}")

            median, p95, _ = measure(get, case.repeat)
            met = "yes" if p95 <= case.target_ms else "NO"
            rows.append((f"{case.name} — over HTTP (gunicorn)", f"{median:.1f}", f"{p95:.1f}", "", "", "",
                         f"≤ {case.target_ms:g} ms", met))
    finally:
        server.send_signal(load.signal.SIGTERM)
        server.wait(timeout=30)
        load.shutil.rmtree(static_root, ignore_errors=True)
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", action="store_true", help="migrate and load the large data set first")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    parser.add_argument("--http", action="store_true", help="also time the key pages through gunicorn")
    parser.add_argument("--http-port", type=int, default=8766)
    parser.add_argument("--scale", default="large", help="the data set --build loads (large; medium: a tenth)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Benchmarks are meant for PostgreSQL: set DATABASE_URL.", file=sys.stderr)
    if args.build:
        build(args.scale)
    settings.DEBUG = False
    reset_queries()
    rows = []
    cases = all_cases()
    from joutsa_tyollisyys.server import warm_up_and_freeze

    warm_up_and_freeze()  # as the web server's processes do (gunicorn.conf.py)
    vacuum("clients_client", "payment_share_paymentshareentry", "rehab_work_attendance")()  # an earlier run's dead rows
    for case in cases:
        if args.k and args.k not in case.name:
            continue
        rows.append(row_of(case))
        if case.after:
            case.after()
        if case.cold:
            from django.core.cache import cache

            cold = Case(case.name + " — cache cleared", case.run, case.target_ms, case.max_queries, repeat=case.repeat,
                        floor=case.floor)
            rows.append(row_of(cold, before=cache.clear))
    if args.http:
        rows.extend(http_rows(cases, args))
    for line in environment():
        print(line + ("  " if args.markdown else ""))
    print()
    header = ("case", "median ms", "p95 ms", "queries", "floor: its SQL replayed (same run)", "peer (same run)",
              "target", "met")
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
