"""Demo activation figures and plans: some clients of "valmentaja" meet the condition without a plan,
some have plans whose review is due (soon or overdue), TYP clients have multi-agency plans.

The plans follow the law in force on their start day (``joutsa_tyollisyys.law``): after the activation
reform a benefit recipient's plan is a multi-agency plan, and valmentaja's "plan missing" clients are on
income support (the only ones the condition still applies to)."""

from datetime import timedelta
from decimal import Decimal

from clients.enums import ClientStatus, MainIncome
from clients.models import Client
from clients.rules import UNEMPLOYMENT_BENEFITS
from joutsa_tyollisyys.law import law_on

from . import rules
from .enums import EndReason, PlanKind, PlanStatus
from .models import ActivationFigures, ActivationPlan, PlanTask, ServiceType

TE_EXPERTS = ["Liisa Lahti", "Markku Rinne", "Hanna Aalto", "Jouni Peltonen"]
KELA_EXPERTS = ["Pirkko Saari", "Tomi Vainio"]
PLACES = [
    "TyöVarikko, puutyöt",
    "TyöVarikko, kierrätys",
    "Kunnan keittiö",
    "Joutsan seurakunta",
    "Palvelukeskus Jousitupa",
    "Nuorten työpaja",
]
#: What happens to valmentaja's first clients, so that the demo always shows each list.
GUARANTEED = [
    "missing",
    "missing",
    "missing",
    "missing",
    "review_overdue",
    "review_soon",
    "review_soon",
    "in_force",
    "draft",
    "replaced",
]


def _figures(ctx, client, meets: bool):
    rng, today = ctx.rng, ctx.today
    young = rules.age_on(client.birth_date, today) < 25
    income_support = client.main_income == MainIncome.INCOME_SUPPORT
    days_12m = days_total = months = 0
    if income_support:
        months = rng.randint(4 if young else 12, 30) if meets else rng.randint(0, 3 if young else 11)
        days_total = rng.randint(0, 120)
        days_12m = min(days_total, rng.randint(0, 60))
    elif young:
        days_12m = rng.randint(180, 300) if meets else rng.randint(20, 179)
        days_total = days_12m + rng.randint(0, 200)
    else:
        days_total = rng.randint(500, 1600) if meets else rng.randint(60, 499)
        days_12m = min(days_total, rng.randint(120, 260))
    return ActivationFigures(
        client=client,
        checked_on=today - timedelta(days=rng.randint(0, 120)),
        subsidy_days_12m=days_12m,
        subsidy_days_total=days_total,
        income_support_months=months,
        receives_unemployment_benefit=client.main_income
        in UNEMPLOYMENT_BENEFITS,
        receives_income_support=income_support or rng.random() < 0.15,
        checked_by_id=client.responsible_worker_id,
        version=1,
    )


def _on_income_support(client):
    if client.main_income != MainIncome.INCOME_SUPPORT:
        client.main_income = MainIncome.INCOME_SUPPORT
        Client.objects.filter(pk=client.pk).update(main_income=MainIncome.INCOME_SUPPORT)


def _plan(ctx, client, status, *, agreed_days_ago=60, review_in=120, workers=None):
    rng, today = ctx.rng, ctx.today
    starts_on = today - timedelta(days=agreed_days_ago)
    worker = workers[client.responsible_worker_id]
    kind = rules.plan_kind(
        typ_client=client.is_typ,
        benefit_recipient=rules.is_benefit_recipient(
            main_income=client.main_income, receives_unemployment_benefit=False
        ),
        income_support_only=law_on(starts_on).activation_income_support_only,
    )
    plan = ActivationPlan(
        client=client,
        kind=kind,
        status=status,
        starts_on=starts_on,
        review_by=today + timedelta(days=review_in),
        goals="Arjen rytmin vahvistaminen ja työelämävalmiuksien kartoitus.",
        rehab_goal="Säännöllinen päivärytmi, työkyvyn ja osaamisen kartoitus, polku koulutukseen tai työhön.",
        support="Vastuutyöntekijä tapaa asiakasta kuukausittain ja tukee asioinnissa.",
        municipality_party=worker.get_full_name(),
        employment_party=rng.choice(TE_EXPERTS),
        kela_party=rng.choice(KELA_EXPERTS) if kind == PlanKind.MULTI_AGENCY else "",
        created_by=worker,
        version=1,
    )
    if status in (PlanStatus.AGREED, PlanStatus.ENDED):
        plan.agreed_on = starts_on
        plan.client_signed = plan.municipality_signed = plan.employment_signed = True
        plan.kela_signed = kind == PlanKind.MULTI_AGENCY
    return plan


def _tasks(ctx, plan, types):
    rng = ctx.rng
    rows = [
        PlanTask(
            plan=plan,
            service_type=types["rehabilitative_work"],
            order=0,
            description="Kuntouttava työtoiminta",
            place=rng.choice(PLACES),
            hours_per_day=Decimal(rng.choice([4, 4, 5, 6])),
            days_per_week=rng.choice([2, 3, 3, 4]),
            starts_on=plan.starts_on + timedelta(days=rng.randint(0, 14)),
            length_months=rng.choice([3, 6, 6, 12]),
        )
    ]
    extra = rng.choice(["health_check", "training", "mental_health_services", "work_trial", None])
    if extra:
        rows.append(PlanTask(plan=plan, service_type=types[extra], order=1, description=types[extra].name))
    return rows


def seed(ctx):
    rng, today = ctx.rng, ctx.today
    types = {t.code: t for t in ServiceType.objects.all()}
    workers = {u.pk: u for u in [*ctx.users.values(), *ctx.coaches]}
    valmentaja = ctx.users["valmentaja"]
    clients = [
        c for c in ctx.clients if c.responsible_worker_id in workers and c.status != ClientStatus.ARCHIVED
    ]
    guaranteed = iter(GUARANTEED)
    figures, plans = [], []
    for client in clients:
        scenario = next(guaranteed, None) if client.responsible_worker_id == valmentaja.pk else None
        if scenario == "missing" and law_on(today).activation_income_support_only:
            _on_income_support(client)  # since the reform only they can be missing an activation plan
        if scenario is None:
            if rng.random() < 0.2:
                continue  # figures not checked yet
            meets = rng.random() < 0.55
            scenario = (
                rng.choices(
                    ["missing", "in_force", "review_soon", "review_overdue", "draft", "replaced"],
                    weights=[25, 45, 10, 5, 5, 10],
                )[0]
                if meets
                else "not_met"
            )
        figures.append(_figures(ctx, client, scenario != "not_met"))
        if scenario in ("missing", "not_met"):
            continue
        if scenario == "draft":
            plans.append(
                _plan(ctx, client, PlanStatus.DRAFT, agreed_days_ago=0, review_in=180, workers=workers)
            )
            continue
        review_in = {"review_soon": rng.randint(1, 30), "review_overdue": -rng.randint(1, 20)}.get(
            scenario, rng.randint(31, 170)
        )
        if scenario == "replaced":
            old = _plan(ctx, client, PlanStatus.ENDED, agreed_days_ago=400, review_in=-220, workers=workers)
            old.ended_on, old.end_reason = today - timedelta(days=60), EndReason.REPLACED
            plans.append(old)
        agreed_days_ago = 60 if scenario == "replaced" else rng.randint(20, 150)
        plans.append(
            _plan(
                ctx,
                client,
                PlanStatus.AGREED,
                agreed_days_ago=agreed_days_ago,
                review_in=review_in,
                workers=workers,
            )
        )
    ActivationFigures.objects.bulk_create(figures, batch_size=2000)
    ActivationPlan.objects.bulk_create(plans, batch_size=2000)
    tasks = [row for plan in plans for row in _tasks(ctx, plan, types)]
    PlanTask.objects.bulk_create(tasks, batch_size=5000)
