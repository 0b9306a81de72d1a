"""Whole-table summaries shown from the cache (joutsa_tyollisyys/summaries.py)."""

import threading
import time

from joutsa_tyollisyys.summaries import Summary


def test_a_summary_is_counted_once_and_forgotten_on_commit(db, django_capture_on_commit_callbacks):
    counted = []
    summary = Summary("test-once", seconds=60)

    def count():
        counted.append(1)
        return len(counted)

    assert summary.get("6/2024", count)[0] == 1
    assert summary.get("6/2024", count)[0] == 1 and summary.get("7/2024", count)[0] == 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        summary.forget_on_commit()
    assert summary.get("6/2024", count)[0] == 1  # not forgotten before the commit
    callbacks[0]()
    assert summary.get("6/2024", count)[0] == 3


def test_requests_arriving_while_one_counts_wait_for_its_result():
    summary = Summary("test-wait", seconds=60)
    calls, results = [], []

    def slow_count():
        calls.append(1)
        time.sleep(0.3)
        return "figures"

    threads = [threading.Thread(target=lambda: results.append(summary.get("all", slow_count)[0])) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["figures"] * 4 and len(calls) == 1
