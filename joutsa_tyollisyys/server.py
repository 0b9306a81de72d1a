"""The start of a web server process: gunicorn.conf.py's ``post_worker_init`` (the benchmark does the same)."""

import gc


def warm_up_and_freeze() -> int:
    """Import every view now (the URLconf) instead of in the first request, then move what is loaded so far out
    of the cyclic garbage collector's reach (``gc.freeze``): Django, the apps and their modules live as long as
    the process, yet each full collection walked all of them, some 190,000 objects: 60–70 ms pauses in one
    request of about twenty (a city's client page: p95 108 → 63 ms). Returns how many objects were frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def warm_summaries() -> list[str]:
    """Count the cached whole-table summaries that pages show (the claim list's reminder of unclaimed days, the
    latest payment-share list's review figures) when a web process starts, not in its first reader's request (a
    city's: half a second each; on the embedded cache every process has its own). Skipped, with a warning, when the
    database cannot be read. Returns what was counted."""
    import logging

    from django.apps import apps
    from django.db import DatabaseError, connection, connections

    counted = []
    try:
        if apps.is_installed("rehab_work"):
            from rehab_work.selectors import unclaimed_days_shown

            unclaimed_days_shown()
            counted.append("unclaimed days")
        if apps.is_installed("payment_share"):
            from payment_share import selectors

            month = selectors.latest_month()
            if month is not None:
                selectors.review_figures_shown(month)
                counted.append("payment-share figures")
    except DatabaseError as error:
        logging.getLogger(__name__).warning("summaries not counted at start: %s", error)
    finally:
        if not connection.in_atomic_block:  # the start's own connection: not kept open by the main thread
            connections.close_all()
    return counted


def _gunicorn_logger_base():
    try:
        from gunicorn.glogging import Logger
    except ImportError:  # pragma: no cover - gunicorn is a dependency; the module imports without it
        return object
    return Logger


class RedactingLogger(_gunicorn_logger_base()):
    """gunicorn's logger (``logger_class`` in gunicorn.conf.py) whose access-log lines carry no national ids, search
    words or calendar tokens (``logging.redact``: the request line, the path, the query, the referrer, every header)
    and whose address (``%(h)s``) is the client's behind a trusted proxy (``proxy.client_address``)."""

    def atoms(self, resp, req, environ, request_time):
        from .logging import redact
        from .proxy import client_address, trusted_proxies_from_environment

        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if isinstance(value, str):
                atoms[name] = redact(value)
        atoms["h"] = client_address(environ.get("REMOTE_ADDR"), environ.get("HTTP_X_FORWARDED_FOR"),
                                    trusted_proxies_from_environment()) or "-"
        return atoms
