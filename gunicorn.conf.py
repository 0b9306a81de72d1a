"""gunicorn's settings (read from the working directory): production (docker-compose's web, the Dockerfile) and
the load test (bench/load.py) run the same server. Each can be changed from the environment.

Threads (the gthread worker): a request that waits for the database, or draws a PDF, does not hold the pages
queued behind it in its process; two to four processes per core, a few threads each. Each worker imports the
views at start and freezes what it has loaded out of the garbage collector's reach (``post_worker_init``)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # in the container; docker-compose publishes it on 127.0.0.1
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Longer than a user's pause between pages behind a proxy that keeps connections open; the request timeout
# leaves room for a report PDF drawn from nothing.
keepalive = 30
timeout = 120
graceful_timeout = 30
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" for none
# The access log's lines without national ids, search words or calendar tokens, with the client's address.
logger_class = "joutsa_tyollisyys.server.RedactingLogger"
# X-Forwarded-Proto (and the client's address, proxy.py) only from the TLS proxy: TRUSTED_PROXIES, as Django has it.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "")


def post_worker_init(worker):
    """The worker has loaded the application: count the cached summaries, import the views and freeze what is
    loaded (``server.py``)."""
    from joutsa_tyollisyys.server import warm_summaries, warm_up_and_freeze

    warm_summaries()
    warm_up_and_freeze()
