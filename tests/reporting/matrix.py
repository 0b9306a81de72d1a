"""Every URL of the monthly reports × every role (see tests/matrix.py)."""

from datetime import date

from joutsa_tyollisyys.roles import Role
from tests.matrix import OTHER_COACH, Case

COACH, SOCIAL, CLERK, WG, ADMIN = (str(Role.COACH), str(Role.SOCIAL_COUNSELLOR), str(Role.OFFICE_CLERK),
                                   str(Role.WORKING_GROUP), str(Role.ADMIN))
MANAGERS = frozenset({COACH, OTHER_COACH})
PEOPLE = MANAGERS | {SOCIAL, CLERK}
DRAFT_READERS = PEOPLE | {ADMIN}
READERS = DRAFT_READERS | {WG}


def extend_world(world):
    from .factories import ReportFactory, small_figures

    ids = [world.objects["client"].pk]
    world.objects["report"] = ReportFactory(month=date(2024, 3, 1), figures=small_figures(rehab_ids=ids))
    world.objects["draft"] = ReportFactory(month=date(2024, 4, 1), status="draft",
                                           figures=small_figures(date(2024, 4, 1), rehab_ids=ids))


def report(w):
    return {"pk": w.objects["report"].pk}


def draft(w):
    return {"pk": w.objects["draft"].pk}


CASES = [
    Case("reporting:index", READERS),
    Case("reporting:detail", READERS, kwargs=report),
    Case("reporting:detail", DRAFT_READERS, kwargs=draft, id="reporting:detail:draft"),
    Case("reporting:chart", READERS, kwargs=lambda w: {**report(w), "name": "diversify"}),
    Case("reporting:pdf", READERS, kwargs=report),
    Case("reporting:pdf", DRAFT_READERS, kwargs=draft, id="reporting:pdf:draft"),
    Case("reporting:xlsx", READERS, kwargs=report),
    Case("reporting:people", PEOPLE, kwargs=lambda w: {**report(w), "key": "rehab_clients"}),
    Case("reporting:inputs", MANAGERS),
    Case("reporting:inputs", MANAGERS, method="post", ok=(302,), id="reporting:inputs:post",
         data=lambda w: {"month": "2024-03", "unemployment_rate": "10.5", "version": "0"}),
    Case("reporting:generate", MANAGERS, method="post", ok=(302,), data={"month": "2024-04"}),
    Case("reporting:finalise", MANAGERS, method="post", ok=(302,), kwargs=draft, data={"confirmed": "1"}),
]
