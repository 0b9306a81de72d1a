"""Benchmark cases of rehabilitative work: the weekly attendance grid (20+ clients) and the agreement PDF."""

import itertools
import re
from datetime import date, timedelta
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


def _raw_save(agreement_ids, week, worker_id):
    """The grid save's own work written by hand, its floor: lock the agreements, read the week's days (and
    whether they were claimed), set every recorded day to the other status and write a history row for each, in
    one transaction (rolled back: every repetition changes the same days)."""
    from django.db import connection, transaction

    monday = date.fromisoformat(week)
    sunday = monday + timedelta(days=6)
    statuses = itertools.cycle(["present", "own_illness"])

    class Undo(Exception):
        pass

    def run():
        status = next(statuses)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT id FROM rehab_work_rehabagreement WHERE id = ANY(%s) FOR UPDATE",
                               [agreement_ids])
                cursor.execute(
                    "SELECT a.id, a.agreement_id, a.day, a.status, c.id FROM rehab_work_attendance a "
                    "LEFT JOIN rehab_work_claimedday c ON c.attendance_id = a.id "
                    "WHERE a.agreement_id = ANY(%s) AND a.day BETWEEN %s AND %s", [agreement_ids, monday, sunday])
                ids = [row[0] for row in cursor.fetchall()]
                cursor.execute(
                    "UPDATE rehab_work_attendance SET status = %s, recorded_by_id = %s, recorded_at = now() "
                    "WHERE id = ANY(%s)", [status, worker_id, ids])
                cursor.execute(
                    "INSERT INTO rehab_work_historicalattendance (id, day, status, history_date, history_type, "
                    "history_user_id, recorded_by_id, agreement_id) SELECT id, day, status, now(), '~', %s, "
                    "recorded_by_id, agreement_id FROM rehab_work_attendance WHERE id = ANY(%s)", [worker_id, ids])
                raise Undo
        except Undo:
            pass

    return run


def cases(http_for, check, raw, admin_changelist, Case):
    from django.utils import timezone

    from rehab_work import rules
    from rehab_work.models import RehabAgreement

    coach = http_for("valmentaja")
    last_week = (rules.week_bounds(timezone.localdate())[0] - timedelta(weeks=1)).isoformat()
    save, rows, grid_agreements = _grid_save(coach, last_week)
    agreement = RehabAgreement.objects.filter(status="signed", client__responsible_worker__username="valmentaja") \
        .order_by("pk").first()
    return [
        Case(f"attendance week grid ({rows} clients): view", lambda: check(coach.get("/rehab/attendance/",
                                                                                    {"week": last_week})), 150),
        Case(f"attendance week grid ({rows} clients): save", save, 150,
             baseline=_raw_save(grid_agreements, last_week, agreement.client.responsible_worker_id),
             baseline_kind="raw SQL"),
        Case("agreements (admin change list)", admin_changelist(RehabAgreement), 10_000),
        Case("agreement PDF", lambda: check(coach.get(f"/rehab/agreements/{agreement.pk}/agreement.pdf")), 400,
             repeat=10),
    ]
