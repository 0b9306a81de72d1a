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


def test_a_summary_counted_ahead_is_shown_at_once_after_its_time_and_recounted_in_the_background(
        db, time_machine, monkeypatch):
    """Issue 24: no reader waits for the recount when the figures' time is up (only a forgotten one is counted in
    the request)."""
    from datetime import timedelta

    from django.utils import timezone

    from joutsa_tyollisyys import summaries

    started = []
    monkeypatch.setattr(summaries, "_in_background", lambda work: started.append(work))
    counted = []
    summary = Summary("test-ahead", seconds=60, refresh_ahead=True)

    def count():
        counted.append(1)
        return len(counted)

    time_machine.move_to(timezone.now(), tick=False)
    assert summary.get("all", count)[0] == 1
    time_machine.shift(timedelta(seconds=61))
    assert summary.get("all", count)[0] == 1 and counted == [1]  # the kept figures at once...
    assert len(started) == 1 and summary.get("all", count)[0] == 1 and len(started) == 1  # ...one recount started
    started[0]()  # the background thread's work
    value, counted_at = summary.get("all", count)
    assert value == 2 and counted_at == timezone.now() and len(started) == 1
    summary.forget()
    assert summary.get("all", count)[0] == 3  # forgotten: counted in the request


def test_a_summary_not_counted_ahead_is_counted_again_in_the_request_after_its_time(db, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    counted = []
    summary = Summary("test-plain", seconds=60)
    assert summary.get("all", lambda: counted.append(1) or len(counted))[0] == 1
    time_machine.shift(timedelta(seconds=61))
    assert summary.get("all", lambda: counted.append(1) or len(counted))[0] == 2


def test_a_web_process_counts_the_summaries_when_it_starts(db, django_assert_num_queries):
    from django.core.cache import cache

    from joutsa_tyollisyys.server import warm_summaries
    from rehab_work.selectors import unclaimed_days_shown

    cache.clear()
    assert "unclaimed days" in warm_summaries()
    with django_assert_num_queries(0):
        unclaimed_days_shown()
