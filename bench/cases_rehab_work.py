"""Benchmark cases of rehabilitative work: the weekly attendance grid (20+ clients) and the agreement PDF."""

import itertools
import re
from datetime import timedelta
from urllib.parse import urlencode

CELL = re.compile(r'name="(cell-\d+-\d{4}-\d{2}-\d{2})"')


def _grid_save(http, week):
    """Save last week's grid with every recorded day changed (present ↔ own illness), as after a week."""
    page = http.get("/rehab/attendance/", {"week": week}).content.decode()
    cells = sorted(set(CELL.findall(page)))
    if len(cells) < 40:
        raise RuntimeError(f"the grid has only {len(cells)} cells")
    statuses = itertools.cycle(["present", "own_illness"])

    def run():
        status = next(statuses)
        body = urlencode({"week": week, **{cell: status for cell in cells}})  # as a browser sends a form
        response = http.post("/rehab/attendance/", body, content_type="application/x-www-form-urlencoded")
        if response.status_code != 302:
            raise RuntimeError(f"grid save refused ({response.status_code})")

    agreements = sorted({int(c.split("-")[1]) for c in cells})
    return run, len(agreements), agreements


def cases(http_for, check, raw, admin_changelist, Case, vacuum):
    from django.utils import timezone

    from rehab_work import rules
    from rehab_work.models import RehabAgreement

    coach = http_for("valmentaja")
    last_week = (rules.week_bounds(timezone.localdate())[0] - timedelta(weeks=1)).isoformat()
    save, rows, _agreements = _grid_save(coach, last_week)
    agreement = RehabAgreement.objects.filter(status="signed", client__responsible_worker__username="valmentaja") \
        .order_by("pk").first()
    clerk = http_for("toimisto")
    return [
        Case(f"attendance week grid ({rows} clients): view", lambda: check(coach.get("/rehab/attendance/",
                                                                                    {"week": last_week})), 150),
        Case(f"attendance week grid ({rows} clients): save", save, 150),
        Case("agreement PDF", lambda: check(coach.get(f"/rehab/agreements/{agreement.pk}/agreement.pdf")), 400,
             repeat=10, http=("valmentaja", f"/rehab/agreements/{agreement.pk}/agreement.pdf", {})),
        Case("KEHA claim list (clerk)", lambda: check(clerk.get("/rehab/claims/")), 150, cold=True,
             http=("toimisto", "/rehab/claims/", {})),
    ]
