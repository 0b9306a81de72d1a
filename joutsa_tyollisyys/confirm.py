"""Ask first (issue 19): a destructive one-click action runs only when the user has confirmed it.

One mechanism for every app. An action is declared once (its question and its "yes" button)::

    CANCEL_MEETING = confirm.Action("clients.meeting_cancel", question=_lazy("Cancel this meeting?"),
                                    yes=_lazy("Yes, cancel the meeting"))

its one-button form carries ``{% confirm_attrs "clients.meeting_cancel" %}`` (``data-confirm…`` attributes: with
JavaScript, ``static/js/app.js`` asks in a ``<dialog>`` and sends ``confirmed=1``), and its view starts with::

    if (page := confirm.ask_first(request, CANCEL_MEETING, back=client.get_absolute_url())) is not None:
        return page

Without ``confirmed=1`` (no JavaScript, or a stray POST) the view answers with a confirmation page that sends
the same fields again with ``confirmed=1``: nothing is changed before the user has said yes.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

CONFIRMED = "confirmed"
_actions: dict[str, "Action"] = {}


@dataclass(frozen=True)
class Action:
    key: str
    question: str  # lazy translations: rendered in the user's language
    yes: str

    def __post_init__(self):
        _actions[self.key] = self


def action(key: str) -> Action:
    return _actions[key]


def confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED) == "1"


def ask_first(request, action: Action, *, back: str, details: str = "", client_id=None):
    """``None`` when the user has confirmed; else the confirmation page to answer with (nothing done yet).
    ``client_id``: the client whose data ``details`` shows (the page's read is access-logged)."""
    if confirmed(request):
        return None
    if client_id is not None:
        from .access_logging import log_persons

        log_persons(request, client_ids=[client_id], what="confirmation question")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    fields = [(name, value) for name, values in request.POST.lists()
              if name not in ("csrfmiddlewaretoken", CONFIRMED) for value in values]
    return render(request, "core/confirm.html", {
        "action": action, "fields": fields, "target": request.get_full_path(), "back": back, "details": details,
    })
