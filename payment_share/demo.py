"""Demo data: 24 monthly payment-share lists for the demo clients, with cumulative days that grow month by
month, persons who find work and leave the list, and new persons who are not yet clients (they become
clients "from the list, not contacted" through the same code as a real import).

Each month follows the rule set in force for it (``ShareRuleSet``, looked up by the month): 2024 lists carry the
labour market subsidy only, in the bands of the days paid before the month's payment period; from 1/2025 all
benefits from the rule set's first billed day, and the transition month's list comes as Kela's separate
invoices (one per benefit group); from 5/2026 the basic benefits are named "yleistuki" (the main-income rule
table of ``clients.rules``).

The 2025 band table entered here is an EXAMPLE for the demo only (marked in its note): the real
percentages of the 2025 model are entered by the administrator (see README.md)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Min
from django.utils import timezone

from clients import national_id as nid
from clients.demo import FIRST, LAST
from clients.enums import ClientStatus, MainIncome
from clients.models import Client, ResponsibleWorkerChange
from clients.rules import UNEMPLOYMENT_BENEFITS, income_of_benefit
from joutsa_tyollisyys.bulk import insert_rows, update_rows

from . import generate, rules, selectors
from .models import PaymentShareBand, PaymentShareEntry, PaymentShareList
from .parsing import ListRow
from .services import apply_rows

MONTHS = 24
DEMO_BANDS_2025 = [(0, "0"), (101, "10"), (200, "20"), (300, "30"), (400, "40"), (500, "50")]
DEMO_NOTE = "DEMO-esimerkki, ei lain luku: pääkäyttäjä syöttää vuoden 2025 mallin oikeat prosentit"


def _demo_bands_2025():
    for min_days, percent in DEMO_BANDS_2025:
        PaymentShareBand.objects.get_or_create(
            valid_from=date(2025, 1, 1),
            min_days=min_days,
            defaults={"municipal_percent": Decimal(percent), "note": DEMO_NOTE},
        )


def _newcomers(ctx, count):
    taken = set(Client.objects.values_list("national_id_hash", flat=True))
    people, index = [], 50_000
    while len(people) < count:
        code = generate.sample_national_id(index + ctx.rng.randint(0, 20_000))
        index += 1
        code_hash = nid.lookup_hash(code)
        if code_hash in taken:
            continue
        taken.add(code_hash)
        people.append({"code": code, "name": f"{ctx.rng.choice(LAST)} {ctx.rng.choice(FIRST)}"})
    return people


def _population(ctx, months):
    rng = ctx.rng
    candidates = [
        c
        for c in ctx.clients
        if c.main_income in UNEMPLOYMENT_BENEFITS
        and c.status != ClientStatus.ARCHIVED
    ]
    # Persons on the lists (a fifth new); with a target size a quarter more, as some leave the list and some
    # are still below its first band.
    wanted = ctx.scale.list_rows * 5 // 4 if ctx.scale.list_rows else len(ctx.clients) // 5 * 5 // 4
    chosen = rng.sample(candidates, min(len(candidates), max(10, wanted * 4 // 5)))
    codes = {}
    for start in range(0, len(chosen), 5000):  # one query per 5,000: ctx.clients hold no national ids
        ids = [c.pk for c in chosen[start : start + 5000]]
        codes.update(Client.objects.filter(pk__in=ids).values_list("pk", "national_id"))
    people = [{"code": codes[c.pk], "name": f"{c.last_name} {c.first_name}"} for c in chosen]
    people += _newcomers(ctx, max(6, len(chosen) // 4))
    for person in people:
        person["days"] = rng.randint(-250, 1300)  # cumulative paid days before the first month
        person["leaves"] = rng.randint(4, len(months) + 8) if rng.random() < 0.3 else None
        person["benefit"] = rng.choice(["työmarkkinatuki"] * 4 + ["peruspäiväraha", "ansiopäiväraha"])
    return people


def _benefit_name(benefit: str, month) -> str:
    """The benefit as Kela's list of the month names it: the basic benefits are "yleistuki" once the main-income
    rules of the month offer it (1.5.2026)."""
    basic = income_of_benefit(benefit, month) in (MainIncome.LABOUR_MARKET_SUBSIDY, MainIncome.GENERAL_SUPPORT) \
        or benefit == "peruspäiväraha"
    if basic and income_of_benefit("", month) == MainIncome.GENERAL_SUPPORT:
        return "yleistuki"
    return benefit


def _invoice(rule_set, previous, benefit: str) -> str:
    """The first month of a rule set that widens the benefits comes as Kela's separate invoices: one for the
    labour market subsidy, one for the daily allowances (the transition of January 2025)."""
    if previous is None or rule_set is None or not rule_set.all_benefits or previous.all_benefits:
        return ""
    return "1/2" if benefit == "työmarkkinatuki" else "2/2"


def _lists(ctx, months, people):
    rng = ctx.rng
    bands = selectors.bands_for_months(months)
    clerk = ctx.users["toimisto"]
    previous = selectors.rule_set_on(rules.add_months(months[0], -1))
    for index, month in enumerate(months):
        rule_set = selectors.rule_set_on(month)
        rows = []
        for person in people:
            worked = rng.randint(18, 22)
            person["days"] += worked
            if person["leaves"] is not None and index >= person["leaves"]:
                continue
            covered = rule_set is not None and (rule_set.all_benefits or person["benefit"] == "työmarkkinatuki")
            before = rules.days_before_period(person["days"], worked)
            band = rules.band_of_month(person["days"], worked, bands[month])
            if not covered or band is None or band.municipal_percent == 0 or before < rule_set.billed_from_days:
                continue
            benefit = _benefit_name(person["benefit"], month)
            row = generate.make_row(
                month, person["code"], person["name"], person["days"], worked, band.municipal_percent, benefit
            )
            rows.append(ListRow(len(rows) + 2, month, row.national_id, row.name, row.benefit, row.paid_days,
                                row.days_in_month, row.benefit_paid, row.share_percent, row.share_amount,
                                _invoice(rule_set, previous, person["benefit"])))
        previous = rule_set
        if rows:
            apply_rows(rows=rows, actor=clerk, file_name=f"maksuosuuslista-{month:%Y-%m}.csv")
            arrived = min(month + timedelta(days=rng.randint(70, 85)), ctx.today)  # Kela's list comes late
            PaymentShareList.objects.filter(month=month).update(
                imported_at=timezone.make_aware(datetime.combine(arrived, time(10, 15))))


def _review_outcomes(ctx, months):
    """Older months were gone through in the review; the latest one only partly."""
    rng = ctx.rng
    workers = [ctx.users[name] for name in ("valmentaja", "valmentaja2", "valmentaja3", "sosiaaliohjaaja")]
    workers += ctx.coaches  # a large data set spreads the new persons over its generated coaches
    counsellor = ctx.users["sosiaaliohjaaja"]
    first_seen = dict(
        PaymentShareEntry.objects.filter(new_client=True)
        .values("client_id")
        .annotate(first=Min("month"))
        .values_list("client_id", "first")
    )
    recent = months[-2]
    adopted = {}
    for client_id in Client.objects.filter(pk__in=first_seen, status=ClientStatus.NEW).values_list("pk", flat=True):
        if first_seen[client_id] < recent or rng.random() < 0.3:
            adopted[client_id] = rng.choice(workers).pk
    update_rows(Client, [{"pk": pk, "responsible_worker_id": worker, "status": ClientStatus.ACTIVE}
                         for pk, worker in adopted.items()], ["responsible_worker_id", "status"])
    insert_rows(ResponsibleWorkerChange, [
        {"client_id": pk, "worker_id": worker, "changed_by_id": counsellor.pk,
         "since": _named_in_review(ctx, first_seen[pk], pk),
         "reason": "Nimetty maksuosuuslistan kuukausikatselmuksessa"} for pk, worker in adopted.items()])

    updates = []
    entries = PaymentShareEntry.objects.order_by("pk").values_list("pk", "month", "client__responsible_worker_id")
    for pk, month, worker_id in entries.iterator(chunk_size=10_000):
        latest = month == months[-1]
        if rng.random() < (0.6 if latest else 0.95):
            contact = worker_id or rng.choice(workers).pk
            contacted_on = None
            if rng.random() < (0.4 if latest else 0.9):
                contacted_on = min(month + timedelta(days=rng.randint(40, 80)), ctx.today)
            updates.append({"pk": pk, "contact_worker_id": contact, "contacted_on": contacted_on,
                            "contacted_by_id": contact if contacted_on else None})
    update_rows(PaymentShareEntry, updates, ["contact_worker_id", "contacted_on", "contacted_by_id"])


def _named_in_review(ctx, month: date, pk: int) -> datetime:
    """When a new person of ``month``'s list was given a worker: in the review after the list came (2–3 months
    late), never after today (the monthly report reads who had a worker at each month's end). Not drawn from the
    random stream, so the rest of the demo stays as it was."""
    day = min(rules.add_months(month, 2) + timedelta(days=5 + pk % 36), ctx.today)
    return timezone.make_aware(datetime.combine(day, time(13)))


def seed(ctx):
    _demo_bands_2025()
    latest = rules.add_months(rules.month_start(ctx.today), -2)  # Kela's list comes 2–3 months late
    months = [rules.add_months(latest, -back) for back in range(MONTHS - 1, -1, -1)]
    _lists(ctx, months, _population(ctx, months))
    _review_outcomes(ctx, months)
