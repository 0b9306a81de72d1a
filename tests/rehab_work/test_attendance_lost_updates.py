"""Lost updates on the attendance grid: a day someone else recorded meanwhile is refused, not overwritten.

The page sends, for every open day, what it showed (``was-<agreement>-<day>``). User A opens the grid, user B
records a day, A records the same day differently: refused with the day as it is now; a day A left as shown is
not written at all (the grid's "Save" sends every cell); a page that does not say what it showed is refused.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from joutsa_tyollisyys.roles import Role
from rehab_work import services
from rehab_work.models import Attendance
from tests.concurrency import at_once, needs_row_locks
from tests.factories import ClientFactory
from tests.rehab_work.factories import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(make_user):
    from tests.factories import TeamFactory

    crew = TeamFactory(name="Varikko")
    return make_user(Role.COACH, username="a", team=crew), make_user(Role.COACH, username="b", team=crew)


def cell_post(agreement, day, status, was):
    data = {"agreement": agreement.pk, "day": day.isoformat(), f"cell-{agreement.pk}-{day.isoformat()}": status}
    if was is not None:
        data[f"was-{agreement.pk}-{day.isoformat()}"] = was
    return data


def test_the_grid_sends_what_each_open_day_showed(team, login):
    coach, _b = team
    agreement = AgreementFactory(client=ClientFactory(responsible_worker=coach))
    monday = agreement.start_date
    Attendance.objects.create(agreement=agreement, day=monday, status="present", recorded_by=coach)
    html = login(coach).get("/rehab/attendance/", {"week": monday.isoformat()}).content.decode()
    assert f'name="was-{agreement.pk}-{monday.isoformat()}" value="present"' in html
    tuesday = monday + timedelta(days=1)
    assert f'name="was-{agreement.pk}-{tuesday.isoformat()}" value=""' in html


def test_a_cell_someone_else_recorded_meanwhile_is_refused_with_the_day_as_it_is_now(team, login):
    coach_a, coach_b = team
    agreement = AgreementFactory(client=ClientFactory(responsible_worker=coach_a))
    day = agreement.start_date + timedelta(days=1)
    # Both opened the grid with the day empty; B records it first.
    sent_b = login(coach_b).post("/rehab/attendance/cell/", cell_post(agreement, day, "present", ""),
                                 HTTP_HX_REQUEST="true")
    assert sent_b.status_code == 200 and Attendance.objects.get().status == "present"
    sent_a = login(coach_a).post("/rehab/attendance/cell/", cell_post(agreement, day, "own_illness", ""),
                                 HTTP_HX_REQUEST="true")
    html = sent_a.content.decode()
    assert sent_a.status_code == 200 and 'role="alert"' in html
    assert "Joku muu merkitsi päivän" in html and "Läsnä" in html and "Mitään ei korvattu" in html
    assert Attendance.objects.get().status == "present"
    # The row A got back shows the day as saved now: choosing again is a deliberate change and saves.
    assert f'name="was-{agreement.pk}-{day.isoformat()}" value="present"' in html
    again = login(coach_a).post("/rehab/attendance/cell/", cell_post(agreement, day, "own_illness", "present"),
                                HTTP_HX_REQUEST="true")
    assert again.status_code == 200 and Attendance.objects.get().status == "own_illness"


def test_a_cell_cleared_meanwhile_is_not_recorded_again_over_it(team, login):
    coach_a, coach_b = team
    agreement = AgreementFactory(client=ClientFactory(responsible_worker=coach_a))
    day = agreement.start_date
    Attendance.objects.create(agreement=agreement, day=day, status="present", recorded_by=coach_a)
    login(coach_b).post("/rehab/attendance/cell/", cell_post(agreement, day, "", "present"), HTTP_HX_REQUEST="true")
    assert not Attendance.objects.exists()
    html = login(coach_a).post("/rehab/attendance/cell/", cell_post(agreement, day, "job_interview", "present"),
                               HTTP_HX_REQUEST="true").content.decode()
    assert "ei merkintää" in html
    assert not Attendance.objects.exists()


def test_a_cell_without_what_it_showed_is_refused_not_taken_as_fresh(team, login):
    coach, _b = team
    agreement = AgreementFactory(client=ClientFactory(responsible_worker=coach))
    day = agreement.start_date
    html = login(coach).post("/rehab/attendance/cell/", cell_post(agreement, day, "present", None),
                             HTTP_HX_REQUEST="true").content.decode()
    assert "ilman sen version tietoa" in html
    assert not Attendance.objects.exists()


def test_grid_save_leaves_untouched_days_to_whoever_changed_them_and_refuses_a_clash(team, login):
    coach_a, coach_b = team
    agreement = AgreementFactory(client=ClientFactory(responsible_worker=coach_a))
    monday, tuesday = agreement.start_date, agreement.start_date + timedelta(days=1)
    # A opened the week with both days empty; B then records both.
    for day in (monday, tuesday):
        Attendance.objects.create(agreement=agreement, day=day, status="present", recorded_by=coach_b)
    mon, tue = f"{agreement.pk}-{monday.isoformat()}", f"{agreement.pk}-{tuesday.isoformat()}"
    week = {"week": monday.isoformat(), f"cell-{mon}": "", f"was-{mon}": "", f"cell-{tue}": "own_illness",
            f"was-{tue}": ""}
    response = login(coach_a).post("/rehab/attendance/", week)
    assert response.status_code == 200  # Tuesday clashes: nothing saved, the clash marked
    assert dict(Attendance.objects.values_list("day", "status")) == {monday: "present", tuesday: "present"}
    row = response.context["rows"][0]
    cells = {cell.day: cell for cell in row.cells}
    assert "Joku muu merkitsi" in cells[tuesday].error and cells[tuesday].status == "own_illness"
    assert cells[monday].status == "present" and not cells[monday].error  # left as shown: as saved now
    # Without the clash (A left Tuesday as shown too) the save writes nothing over B's days.
    week[f"cell-{tue}"] = ""
    assert login(coach_a).post("/rehab/attendance/", week).status_code == 302
    assert dict(Attendance.objects.values_list("day", "status")) == {monday: "present", tuesday: "present"}


def test_grid_save_without_what_the_days_showed_is_refused(team, login):
    coach, _b = team
    agreement = AgreementFactory(client=ClientFactory(responsible_worker=coach))
    monday = agreement.start_date
    response = login(coach).post("/rehab/attendance/", {
        "week": monday.isoformat(), f"cell-{agreement.pk}-{monday.isoformat()}": "present"})
    assert response.status_code == 200 and not Attendance.objects.exists()
    assert "ilman sen version tietoa" in response.context["rows"][0].cells[0].error


def test_the_service_checks_was_only_when_given(team):
    coach, _b = team
    agreement = AgreementFactory(client=ClientFactory(responsible_worker=coach))
    day = agreement.start_date
    services.attendance_set(actor=coach, agreement_id=agreement.pk, day=day, status="present")
    with pytest.raises(ValidationError):
        services.attendance_set(actor=coach, agreement_id=agreement.pk, day=day, status="own_illness", was="")
    with pytest.raises(ValidationError):
        services.attendance_set(actor=coach, agreement_id=agreement.pk, day=day, status="own_illness",
                                was=services.WAS_MISSING)
    services.attendance_set(actor=coach, agreement_id=agreement.pk, day=day, status="own_illness")
    assert Attendance.objects.get().status == "own_illness"


@pytest.mark.django_db(transaction=True)
def test_two_cells_at_once_the_second_waits_for_the_first_and_is_refused(team):
    needs_row_locks()
    coach_a, coach_b = team
    agreement = AgreementFactory(client=ClientFactory(responsible_worker=coach_a))
    day = agreement.start_date

    def record(coach, status):
        return lambda: services.attendance_set(actor=coach, agreement_id=agreement.pk, day=day, status=status, was="")

    results = at_once(record(coach_b, "present"), record(coach_a, "own_illness"))
    assert not isinstance(results["first"], Exception)
    assert isinstance(results["second"], ValidationError)
    assert "Joku muu merkitsi" in " ".join(results["second"].messages)
    assert Attendance.objects.get().status == "present"
