from datetime import timedelta

from django.utils import timezone

from joutsa_tyollisyys.roles import Role
from tests.activation.factories import FiguresFactory, PlanFactory, agreed_plan
from tests.matrix import OTHER_COACH, Case

COACH, SOCIAL, YOUTH = str(Role.COACH), str(Role.SOCIAL_COUNSELLOR), str(Role.YOUTH_WORKER)
#: The client's own workers; the clerk, the admin and the working group never see plans.
WORKERS = frozenset({COACH, SOCIAL})
LIST_USERS = frozenset({COACH, OTHER_COACH, YOUTH, SOCIAL})


def extend_world(world):
    client = world.objects["client"]
    FiguresFactory(client=client)
    world.objects["activation_draft"] = PlanFactory(client=client)
    world.objects["activation_agreed"] = agreed_plan(client)


def client(w):
    return {"pk": w.objects["client"].pk}


def draft(w):
    return {"plan_pk": w.objects["activation_draft"].pk}


def agreed(w):
    return {"plan_pk": w.objects["activation_agreed"].pk}


def today():
    return timezone.localdate().isoformat()


CASES = [
    Case("activation:work_queue", LIST_USERS),
    Case("activation:work_queue", LIST_USERS, query="scope=all", id="activation:work_queue:all"),
    Case("activation:reviews_due", LIST_USERS),
    Case("activation:figures_edit", WORKERS, kwargs=client),
    Case(
        "activation:figures_edit",
        WORKERS,
        kwargs=client,
        method="post",
        ok=(302,),
        data=lambda w: {
            "checked_on": today(),
            "subsidy_days_12m": 10,
            "subsidy_days_total": 520,
            "income_support_months": 0,
            "version": 1,
        },
    ),
    Case("activation:plan_create", WORKERS, kwargs=client),
    Case("activation:plan_detail", WORKERS, kwargs=draft),
    Case("activation:plan_edit", WORKERS, kwargs=draft),
    Case("activation:plan_agree", WORKERS, kwargs=draft),
    Case(
        "activation:plan_agree",
        WORKERS,
        kwargs=draft,
        method="post",
        ok=(302,),
        data=lambda w: {
            "agreed_on": today(),
            "client_signed": "on",
            "municipality_signed": "on",
            "employment_signed": "on",
            "version": w.objects["activation_draft"].version,
        },
    ),
    Case("activation:plan_end", WORKERS, kwargs=agreed),
    Case(
        "activation:plan_end",
        WORKERS,
        kwargs=agreed,
        method="post",
        ok=(302,),
        data=lambda w: {
            "ended_on": today(),
            "reason": "employed",
            "version": w.objects["activation_agreed"].version,
        },
    ),
    Case("activation:plan_review", WORKERS, kwargs=agreed),
    Case(
        "activation:plan_review",
        WORKERS,
        kwargs=agreed,
        method="post",
        ok=(302,),
        data=lambda w: {
            "reviewed_on": today(),
            "next_review_by": (timezone.localdate() + timedelta(days=90)).isoformat(),
            "version": w.objects["activation_agreed"].version,
        },
    ),
    Case("activation:plan_pdf", WORKERS, kwargs=agreed),
]
