"""Load test (issue 8): gunicorn with two workers, 50 simulated workers, one verdict.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/load.py
    make load DATABASE_URL=...                     # installs the ``bench`` extra (locust) first

Starts gunicorn on loopback (``--port``, default 8765) against ``DATABASE_URL`` with the project's
``gunicorn.conf.py`` (the gthread worker, as in production) but ``--workers`` processes (2) and ``--threads``
threads each (4), DEBUG off and the static files collected into a temporary directory (served by WhiteNoise,
as in production), waits until ``/healthz/`` answers and runs ``bench/locustfile.py`` headless: the users
start one a second (``--spawn-rate``; a working morning compressed, each logging in through the form) and,
once the last has started, all of them work for ``--run-time`` (60 s), pausing ``--think`` seconds between
pages (5–15 s: a working day's pace; ``--think 1,3`` is a stress pace). Then it stops gunicorn and prints per
request name the requests, failures, median and p95 (exact, from every request's time, from the first login
on), the same after the last login, the CPU gunicorn used and the machine's load average. Exits non-zero if any
request failed or the total p95 of the whole run is above ``--p95`` (300 ms).

The server runs with the development defaults of ``DJANGO_ENV`` but DEBUG off: production mode would send
the session cookie only over HTTPS and redirect plain HTTP, which a loopback run cannot follow. The
secrets (SECRET_KEY, FIELD_ENCRYPTION_KEYS, NATIONAL_ID_HASH_KEY) come from the environment when set:
they must be the ones the database was seeded with. E-mail goes nowhere and Celery tasks run in the
request (no REDIS_URL), so their cost is part of the measurement; the cache is CACHE_URL when set (production
shares one in Redis), else each process's own.
"""

import argparse
import csv
import importlib.util
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COUNT_USERS = """
from django.contrib.auth import get_user_model
User = get_user_model()
missing = {"valmentaja", "sosiaaliohjaaja", "toimisto", "tyoryhma", "paakayttaja"} - set(
    User.objects.filter(is_active=True).values_list("username", flat=True))
print("missing:" + ",".join(sorted(missing)) if missing else
      User.objects.filter(username__regex=r"^valmentaja-[0-9]+$", is_active=True).count())
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="the database to serve (default: $DATABASE_URL)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "8765")),
                        help="loopback port for gunicorn (default: $LOAD_PORT or 8765)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per process (gthread; default 4)")
    parser.add_argument("-u", "--users", type=int, default=50)
    parser.add_argument("-r", "--spawn-rate", type=float, default=1,
                        help="users started a second (default 1: 50 users log in over 50 s)")
    parser.add_argument("-t", "--run-time", type=int, default=60,
                        help="seconds that all users work after the last one has started (default 60)")
    parser.add_argument("--think", default=os.environ.get("LOAD_THINK", "5,15"),
                        help="pause between pages in seconds, min,max (5,15: a working day; 1,3: a stress pace)")
    parser.add_argument("--p95", type=float, default=300, help="the total p95 must not exceed this (ms)")
    parser.add_argument("--csv", default=str(ROOT / "bench" / "results" / "load"),
                        help="prefix of locust's CSV files (default: bench/results/load)")
    parser.add_argument("--locust", default="", help="the locust command, if not this Python's locust module")
    return parser.parse_args()


def manage(env, *args, capture=False):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
                          stdout=subprocess.PIPE if capture else None)


def port_in_use(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until_up(url, server, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}: see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own loopback URL)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} in {timeout} s")


def cpu_seconds(pid):
    """CPU time (user + system) of a process and its children so far, from /proc (Linux); None elsewhere."""
    tick = os.sysconf("SC_CLK_TCK")
    total, found = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1]: the parent's pid
            total, found = total + (int(fields[11]) + int(fields[12])) / tick, True
    return total if found else None


def locust_command(args):
    if args.locust:
        return args.locust.split()
    if importlib.util.find_spec("locust") is None:  # not imported here: locust patches the standard library
        raise SystemExit("locust is not installed: `make load` installs the bench extra (pip install -e '.[bench]')")
    return [sys.executable, "-m", "locust"]


def percentile(values, fraction):
    """Nearest-rank percentile of a sorted list (exact: locust's own CSV rounds to two digits)."""
    return values[max(0, math.ceil(fraction * len(values)) - 1)] if values else float("nan")


def figures(samples):
    times = sorted(ms for _start, ms, _failed in samples)
    return len(samples), sum(failed for _start, _ms, failed in samples), percentile(times, 0.5), percentile(times, 0.95)


def summary(prefix, limit_ms):
    """Print requests, failures, median and p95 per request name and in total from the samples that the
    locustfile wrote; return (requests, failures, total p95)."""
    by_name = defaultdict(list)
    with open(f"{prefix}_requests.csv", newline="", encoding="utf-8") as samples:
        for row in csv.DictReader(samples):
            by_name[f"{row['method']} {row['name']}"].append((float(row["start"]), float(row["ms"]),
                                                              int(row["failed"])))
    everything = [sample for rows in by_name.values() for sample in rows]
    header = ("request", "requests", "failures", "median ms", "p95 ms")
    total = figures(everything)
    rows = [(name, *figures(samples)) for name, samples in sorted(by_name.items(), key=lambda i: i[0].split()[::-1])]
    cells = [header] + [(name, str(n), str(f), f"{median:.0f}", f"{p95:.0f}")
                        for name, n, f, median, p95 in [*rows, ("total", *total)]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for index, row in enumerate(cells):
        if index == len(cells) - 1:
            print("  ".join("-" * w for w in widths))
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths,
                                                                                           strict=True))))
    logins = [start + ms / 1000 for start, ms, _failed in by_name.get("POST login", [])]  # when each ended
    if everything and logins:
        began, settled = min(start for start, _ms, _failed in everything), max(logins)
        count, failed, median, p95 = figures([s for s in everything if s[0] > settled])
        print(f"after the last login ({settled - began:.0f} s in): {count} requests, {failed} failed, "
              f"median {median:.0f} ms, p95 {p95:.0f} ms")
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        with failures_file.open(newline="", encoding="utf-8") as failures:
            listed = list(csv.DictReader(failures))
        if listed:
            print("\nFailures:")
            for row in listed:
                print(f"  {row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}")
    requests, failed, _median, p95 = total
    print(f"\n{requests} requests, {failed} failed, total p95 {p95:.0f} ms (limit {limit_ms:g} ms)")
    return requests, failed, p95


def main():
    args = parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        print("The load test is meant for PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/"
              "bench).", file=sys.stderr)
        if not args.database_url:
            return 2
    if port_in_use(args.port):
        print(f"Port {args.port} is already in use: choose another with --port.", file=sys.stderr)
        return 2
    Path(args.csv).parent.mkdir(parents=True, exist_ok=True)
    Path(f"{args.csv}_requests.csv").unlink(missing_ok=True)
    static_root = tempfile.mkdtemp(prefix="load-static-")
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "joutsa_tyollisyys.settings",
        "DJANGO_ENV": "development",  # plain HTTP on loopback; DEBUG off below
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": static_root,
        "EMAIL_URL": "dummymail://",
        "REDIS_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "GUNICORN_ACCESS_LOG": "",  # no access log: every request's time is in the samples
    }
    counted = manage(env, "shell", "-c", COUNT_USERS, capture=True).stdout.strip().splitlines()[-1]
    if counted.startswith("missing:"):
        print(f"Demo users missing ({counted[8:]}): run `manage.py seed_demo` on this database.", file=sys.stderr)
        return 2
    manage(env, "collectstatic", "--noinput", "-v0")
    log_path = Path(f"{args.csv}_gunicorn.log")
    url = f"http://127.0.0.1:{args.port}"
    print(f"gunicorn (gunicorn.conf.py, {args.workers} workers × {args.threads} threads) on {url}, {counted} "
          f"generated coaches besides the demo users; logs in {log_path} and {args.csv}_locust.log", flush=True)
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "joutsa_tyollisyys.wsgi:application", "--bind",
             f"127.0.0.1:{args.port}", "--workers", str(args.workers), "--threads", str(args.threads)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"{url}/healthz/", server)
        run_seconds = math.ceil(args.users / args.spawn_rate) + args.run_time  # the start, then all users
        command = [*locust_command(args), "-f", str(ROOT / "bench" / "locustfile.py"), "--host", url,
                   "--headless", "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{run_seconds}s",
                   "--csv", args.csv, "--only-summary", "--loglevel", "WARNING"]
        print(" ".join(command), flush=True)
        load_before, cpu_before = os.getloadavg()[0], cpu_seconds(server.pid)
        with Path(f"{args.csv}_locust.log").open("w") as locust_log:
            subprocess.run(command, cwd=ROOT, check=False, stdout=locust_log, stderr=subprocess.STDOUT,
                           env={**os.environ, "LOAD_COACHES": counted, "LOAD_SAMPLES": f"{args.csv}_requests.csv",
                                "LOAD_THINK": args.think})
        cpu_after = cpu_seconds(server.pid)
        if cpu_before is not None and cpu_after is not None:
            # The machine's other work shows in the load average: a busy machine makes every figure worse.
            print(f"gunicorn used {cpu_after - cpu_before:.0f} CPU seconds during the run; load average "
                  f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} CPUs", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(static_root, ignore_errors=True)
    print()
    requests, failed, p95 = summary(args.csv, args.p95)
    if not requests:
        print("No request was made.", file=sys.stderr)
        return 1
    verdict = failed == 0 and p95 <= args.p95
    print("PASS" if verdict else "FAIL: " + ", ".join(
        reason for reason, bad in ((f"{failed} failed requests", failed), (f"p95 {p95:g} ms > {args.p95:g} ms",
                                                                          p95 > args.p95)) if bad))
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
