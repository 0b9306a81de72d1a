"""Dates and months from query strings and buttons: one safe parser for every page.

A query string is user input: ``?week=2026-02-30``, ``0000-00-00`` or ``9999-12-31`` must give a page with a
Finnish message, never a server error (a week after 31.12.9999 cannot be computed). Anything malformed,
impossible or outside the years this service handles is ``None``; the page then shows its default and says so.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: The years a date typed into this service may have (clients born since 1900; plans and lists to 2099).
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2099, 12, 31)


def in_range(day: date | None) -> date | None:
    return day if day is not None and FIRST_DAY <= day <= LAST_DAY else None


def query_date(value) -> date | None:
    """``2026-12-05`` or ``5.12.2026`` → 5.12.2026; ``None`` for anything else (also 30.2. and years outside
    1900–2099)."""
    text = str(value or "").strip()
    try:
        if len(text) == 10 and text[4] == "-":  # fromisoformat alone would also take 20261205
            return in_range(date.fromisoformat(text))
        day, month, year = text.split(".")
        if len(year) == 4 and len(day) <= 2 and len(month) <= 2:
            return in_range(date(int(year), int(month), int(day)))
    except ValueError:
        pass
    return None


def query_month(value) -> date | None:
    """``2026-11`` (or a full date in it) → 1.11.2026; ``None`` for anything else."""
    parts = str(value or "").strip().split("-")
    if len(parts) not in (2, 3) or not (len(parts[0]) == 4 and len(parts[1]) == 2):
        return None
    try:
        return in_range(date(int(parts[0]), int(parts[1]), 1))
    except ValueError:
        return None


def date_from_request(request, name: str, parse=query_date) -> date | None:
    """The date (or month) in the request's ``name`` parameter; when one was given but is not a date the
    service can show, the user is told and ``None`` is returned (the page shows its default)."""
    raw = request.POST.get(name) or request.GET.get(name)
    if not raw:
        return None
    value = parse(raw)
    if value is None:
        messages.warning(
            request,
            _("“%(value)s” is not a date this service can show (use for example 5.12.2026 or 2026-12-05): "
              "showing the current period instead.") % {"value": raw[:20]},
        )
    return value


def validate_year_in_range(value):
    """Every date and date-time typed into a form of ours (and of the admin) is within 1900–2099.

    Installed as the default validator of Django's date and date-time form fields at start-up
    (``CoreConfig.ready``), so no form can forget it: a meeting at year 1 would otherwise pass the form and
    fail when the database converts it to UTC (a server error), and a date at 31.12.9999 breaks every
    "the week after" on the pages that show it. Only the year is compared (comparing an aware date-time
    at year 1 with a bound would itself overflow).
    """
    if isinstance(value, date) and not FIRST_DAY.year <= value.year <= LAST_DAY.year:
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s.") % {"first": "1.1.1900", "last": "31.12.2099"},
            code="year_out_of_range",
        )
