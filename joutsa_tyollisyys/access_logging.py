"""Logging what a page shows, per person (issue 23): the helpers views call on top of ``access_log``.

A page that shows one client logs one row with the client's id; a page that lists persons logs one row per
person shown (the page's rows only), in one insert. ``tests/test_permission_matrix.py`` renders every URL as
every role and fails when a page shows a client's name without a row for that client, or logs a row
without a client.
"""

from django.db.models import QuerySet

from .access_log import log_access, log_access_many


def client_ids_of(*collections) -> list:
    """The distinct client ids of rows, in order: a row is a client, an object with ``client_id`` (a meeting,
    an agreement …) or one whose loaded related object (``select_related``) has one (a claim's case), a dict
    with ``client_id``/``client``, or a (row, …) tuple whose first item is one of these."""
    ids = {}
    for rows in collections:
        for row in rows or ():
            client_id = _client_id(row)
            if client_id is not None:
                ids[client_id] = None
    return list(ids)


def _client_id(row, depth=2):
    if isinstance(row, tuple | list) and row:
        row = row[0]
    if isinstance(row, dict):
        return row.get("client_id", getattr(row.get("client"), "pk", None))
    meta = getattr(row, "_meta", None)
    if meta is not None and meta.label_lower == "clients.client":
        return row.pk
    client_id = getattr(row, "client_id", None)
    if client_id is None and meta is not None and depth:  # a claim's case, a step's booking: if loaded already
        for related in getattr(row._state, "fields_cache", {}).values():
            client_id = _client_id(related, depth - 1) if related is not None else None
            if client_id is not None:
                break
    return client_id


def log_persons(request, *collections, what, action="view", client_ids=(), user=None):
    """One access-log row per person the page shows (``collections`` of rows, see ``client_ids_of``, and
    ``client_ids``), in one insert; nothing when it shows nobody. ``user``: the reader when not the request's
    user (a calendar feed read by its token)."""
    ids = list(dict.fromkeys([*client_ids, *client_ids_of(*collections)]))
    if len(ids) == 1:
        log_access(request=request, user=user, client_id=ids[0], action=action, what=what)
    elif ids:
        log_access_many(request=request, user=user, client_ids=ids, action=action, what=what)
    return ids


def persons_in(contexts) -> list:
    """The client ids that panels' or sections' contexts show: their lists of rows (see ``client_ids_of``) and a
    ``shown_client_ids`` list (a panel whose rows reach the client another way)."""
    ids = []
    for context in contexts:
        ids.extend(context.get("shown_client_ids", ()))
        ids.extend(client_ids_of(*[value for key, value in context.items()
                                   if key != "shown_client_ids" and isinstance(value, list | tuple | QuerySet)]))
    return list(dict.fromkeys(ids))
