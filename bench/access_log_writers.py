"""Concurrent readers writing the access log (issue 24): N threads, each with its own database connection, log reads
of different clients as fast as they can; per design the throughput and the p95 of one logged read.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/access_log_writers.py --threads 1,20,50

Designs, measured in the same run on the same machine:

- ``chained`` (before issue 24): each INSERT chains itself to the last row (``prev_hash`` unique, ``ON CONFLICT DO
  NOTHING``, retried on a conflict): a writer that read the same head as another waits for the other's commit on the
  unique index and tries again. Written to a copy of the table (``bench_access_log_chained``, dropped afterwards) so
  the real chain is untouched.
- ``batched`` (now): a plain INSERT of an unchained row with its MAC (``access_log.log_access``); ``seal`` chains
  them afterwards, its time reported separately (rows sealed a second).

A read's logging runs in autocommit, as in a request (ATOMIC_REQUESTS is off). ``--in-transaction MS`` holds each
write's transaction open for MS milliseconds after the insert, as a logged read inside a service's transaction does.
"""

import argparse
import contextlib
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joutsa_tyollisyys.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections, transaction  # noqa: E402

from joutsa_tyollisyys import access_log, access_log_chain  # noqa: E402
from joutsa_tyollisyys.models import AccessLogEntry  # noqa: E402

COPY = "bench_access_log_chained"
WHAT = "client page"  # as the client page logs
COLUMNS = ["at", "user_id", "username", "client_id", "action", "what", "path", "ip"]


def chained_insert_sql():
    """The writer before issue 24 (``git show b71749b:joutsa_tyollisyys/access_log.py``), on the table's copy."""
    last = f"COALESCE((SELECT hash FROM {COPY} ORDER BY id DESC LIMIT 1), %s)"
    chained = f"ENCODE(SHA256(CONVERT_TO({last} || %s, 'UTF8')), 'hex')"
    return (f"INSERT INTO {COPY} ({', '.join(COLUMNS)}, prev_hash, hash) VALUES ({', '.join(['%s'] * 8)}, {last}, "  # noqa: S608
            f"{chained}) ON CONFLICT (prev_hash) DO NOTHING RETURNING id")


def write_chained(entry, sql):
    values = [AccessLogEntry._meta.get_field(name).get_db_prep_save(getattr(entry, name), connection)
              for name in COLUMNS]
    params = [*values, access_log.GENESIS, access_log.GENESIS, access_log_chain.tail(entry.hashed_fields())]
    for attempt in range(200):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if cursor.fetchone() is not None:
                return attempt
    raise RuntimeError("busy")


def worker(design, n, clients, user, hold_ms, times, retries, barrier):
    sql = chained_insert_sql()
    barrier.wait()
    try:
        for i in range(n):
            client_id = clients[i % len(clients)]
            start = time.perf_counter()
            with transaction.atomic() if hold_ms else contextlib.nullcontext():
                if design == "chained":
                    entry = access_log._entry(None, user, client_id, "view", f"client {client_id}",
                                              f"/clients/{client_id}/")
                    retries.append(write_chained(entry, sql))
                else:
                    access_log.log_access(user=user, client_id=client_id, what=WHAT,
                                          path=f"/clients/{client_id}/")
                if hold_ms:
                    time.sleep(hold_ms / 1000)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        connections.close_all()


def run(design, threads, per_thread, hold_ms, user, client_ids):
    times, retries = [], []
    barrier = threading.Barrier(threads + 1)
    pool = [threading.Thread(target=worker, args=(design, per_thread, client_ids[t::threads], user, hold_ms, times,
                                                  retries, barrier)) for t in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"writes": len(times), "per_s": len(times) / elapsed, "median": statistics.median(times), "p95": p95,
            "retries": sum(retries)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", default="1,20,50")
    parser.add_argument("--writes", type=int, default=2000, help="writes per run (divided among the threads)")
    parser.add_argument("--in-transaction", type=float, default=0, metavar="MS")
    parser.add_argument("--designs", default="chained,batched")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL.")
    from django.contrib.auth import get_user_model

    from clients.models import Client

    user = get_user_model().objects.get(username="valmentaja")
    client_ids = list(Client.objects.order_by("pk").values_list("pk", flat=True)[:1000])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {COPY}")
        cursor.execute(f"CREATE TABLE {COPY} (LIKE {AccessLogEntry._meta.db_table} INCLUDING ALL)")
        cursor.execute(f"ALTER TABLE {COPY} DROP COLUMN seq, DROP COLUMN mac")  # the table before issue 24
    from bench.run import calibration

    print(calibration())
    print(f"{'design':8} {'threads':>7} {'writes':>7} {'writes/s':>9} {'median ms':>10} {'p95 ms':>8} {'retries':>8}")
    try:
        for threads in [int(t) for t in args.threads.split(",")]:
            for design in args.designs.split(","):
                result = run(design, threads, max(1, args.writes // threads), args.in_transaction, user, client_ids)
                print(f"{design:8} {threads:>7} {result['writes']:>7} {result['per_s']:>9.0f} {result['median']:>10.2f}"
                      f" {result['p95']:>8.2f} {result['retries']:>8}")
            unsealed = AccessLogEntry.objects.filter(hash__isnull=True).count()
            start = time.perf_counter()
            sealed = access_log.seal().sealed
            elapsed = time.perf_counter() - start
            print(f"  seal: {sealed} of {unsealed} unsealed rows in {elapsed * 1000:.0f} ms "
                  f"({sealed / max(elapsed, 1e-6):.0f} rows/s)")
        result = access_log.verify()
        print(f"verify: {result.count} rows, {'intact' if not result.problem else result.problem}")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {COPY}")


if __name__ == "__main__":
    main()
