"""Demo clients and two years of meetings. National ids only from the temporary range 900–999."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from joutsa_tyollisyys.bulk import insert_rows

from . import national_id as nid
from .enums import ClientStatus, Language, MainIncome, MeetingKind, MeetingStatus
from .models import Client, Meeting, ResponsibleWorkerChange
from .rules import income_of_benefit

#: The demo's main incomes (weights 15/60/20/5); the labour market subsidy becomes the basic benefit of the demo's
#: today (yleistuki from 1.5.2026, clients/rules.py).
DEMO_INCOMES = [MainIncome.UNEMPLOYMENT_BENEFIT, MainIncome.LABOUR_MARKET_SUBSIDY, MainIncome.INCOME_SUPPORT,
                MainIncome.OTHER]

FIRST = ["Aleksi", "Anna", "Antti", "Eeva", "Elina", "Heikki", "Helena", "Jani", "Johanna", "Juha", "Jukka",
         "Katja", "Kimmo", "Laura", "Leena", "Marko", "Minna", "Niko", "Noora", "Olli", "Päivi", "Pekka",
         "Petri", "Riitta", "Sami", "Satu", "Teemu", "Tiina", "Timo", "Ville", "Emilia", "Lauri", "Aada",
         "Onni", "Veera", "Joona", "Ella", "Eetu", "Sofia", "Kalle"]
LAST = ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
        "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
        "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen", "Karjalainen",
        "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen", "Leppänen", "Hiltunen", "Kärkkäinen"]
# Finnish surnames are many: the large data set composes them from common stems and endings.
STEMS = ["Aal", "Ahl", "Alan", "Ant", "Bergh", "Ekh", "Ers", "Hak", "Hal", "Har", "Hei", "Hil", "Hir", "Hon", "Huh",
         "Hyv", "Iha", "Ika", "Jaa", "Jal", "Joki", "Jus", "Kaa", "Kal", "Kan", "Kar", "Kes", "Kil", "Kin", "Kir",
         "Kok", "Kor", "Kos", "Kul", "Kur", "Kuu", "Laa", "Lah", "Lai", "Lam", "Lau", "Leh", "Lep", "Lin", "Luo",
         "Maa", "Mak", "Man", "Mar", "Mat", "Mie", "Myl", "Nie", "Nii", "Nor", "Nur", "Oja", "Oks", "Paa", "Pak",
         "Pel", "Pes", "Pih", "Pir", "Pol", "Puu", "Raa", "Ran", "Rau", "Rii", "Ron", "Ruo", "Saa", "Sal", "San",
         "Sav", "Sei", "Sil", "Sir", "Suo", "Syr", "Taa", "Tak", "Tam", "Tar", "Tii", "Tol", "Tuo", "Tur", "Uot",
         "Vaa", "Val", "Van", "Vee", "Vii", "Vil", "Vir", "Vuo", "Yli"]
ENDINGS = ["ainen", "anen", "enen", "inen", "onen", "unen", "la", "lä", "mäki", "niemi", "järvi", "salo", "koski",
           "lahti", "virta", "vaara", "harju", "mies", "maa", "puro"]


def surname(rng, large):
    if not large:
        return rng.choice(LAST)
    return rng.choice(STEMS) + rng.choice(ENDINGS)


STREETS = ["Länsitie", "Jousitie", "Myllytie", "Rantatie", "Koulutie", "Kirkkotie", "Pappilantie", "Mieskonmäentie",
           "Leivonmäentie", "Harjutie"]
POST = [("19650", "JOUTSA"), ("19650", "JOUTSA"), ("19650", "JOUTSA"), ("19670", "MIESKONMÄKI"),
        ("41770", "LEIVONMÄKI")]
PLACES = ["TyöVarikko, Länsitie 5", "Kunnantalo, Länsitie 5", "Puhelin", "Nuorten työpaja, Myllytie 2"]


def _weekday(day):
    """Move a Saturday or Sunday to the next Monday: the office is closed at weekends."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _unique_ids(rng, count, today):
    seen = set()
    while len(seen) < count:
        age = rng.choices([rng.randint(18, 24), rng.randint(25, 56), rng.randint(57, 64)], weights=[25, 60, 15])[0]
        born = today - timedelta(days=age * 365 + rng.randint(0, 364))
        code = nid.build(born, rng.randint(900, 999))
        if code not in seen:
            seen.add(code)
            yield code, born


DEMO_CASELOAD = 300  # the demo users' own clients; beyond them, generated coaches carry ~80 each


def generated_coaches(count):
    """Coaches for a large data set (benchmarks): teams of eight, about 80 clients each."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from joutsa_tyollisyys.demo import DEMO_PASSWORD
    from joutsa_tyollisyys.models import Team, User

    needed = max(0, (count - DEMO_CASELOAD) // 80)
    if not needed:
        return []
    teams = [Team.objects.get_or_create(name=f"Alue {n + 1}")[0] for n in range((needed + 7) // 8)]
    password = make_password(DEMO_PASSWORD)
    users = User.objects.bulk_create(
        [User(username=f"valmentaja-{n + 1}", first_name="Valmentaja", last_name=str(n + 1), password=password,
              team=teams[n // 8], title="Yksilövalmentaja") for n in range(needed)],
        batch_size=1000,
    )
    coach_group = Group.objects.get(name="coach")
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=coach_group.pk) for u in users], batch_size=1000)
    return users


def build_clients(ctx, count):
    rng, today = ctx.rng, ctx.today
    now = timezone.now()
    basic_income = income_of_benefit("", today)
    workers = [ctx.users[name] for name in ("valmentaja", "valmentaja2", "valmentaja3", "sosiaaliohjaaja")]
    youth = ctx.users["etsiva"]
    extra = ctx.coaches = generated_coaches(count)
    rows = []
    for index, (code, born) in enumerate(_unique_ids(rng, count, today)):
        age = (today - born).days // 365
        status = rng.choices(list(ClientStatus.values), weights=[10, 70, 15, 5])[0]
        if status == ClientStatus.NEW:
            worker = None
        elif index >= DEMO_CASELOAD and extra:
            worker = extra[index % len(extra)]
        else:
            worker = rng.choice(workers + ([youth] if age < 29 else []))
        post = rng.choice(POST)
        first, last = rng.choice(FIRST), surname(rng, index >= DEMO_CASELOAD)
        income = rng.choices(DEMO_INCOMES, weights=[15, 60, 20, 5])[0]
        if income == MainIncome.LABOUR_MARKET_SUBSIDY:  # the basic benefit of today (yleistuki from 1.5.2026)
            income = basic_income
        rows.append(dict(
            national_id=code, national_id_hash=nid.lookup_hash(code), birth_date=born,
            first_name=first, last_name=last, language=rng.choices([Language.FI, Language.SV], weights=[95, 5])[0],
            phone=f"040 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            email=f"{first}.{last}@example.invalid".lower().replace("ä", "a").replace("ö", "o"),
            street_address=f"{rng.choice(STREETS)} {rng.randint(1, 60)}", postal_code=post[0], post_office=post[1],
            contact_checked_on=today - timedelta(days=rng.randint(0, 400)) if worker else None,
            main_income=income, unemployed_since=today - timedelta(days=rng.randint(200, 3000)),
            is_typ=rng.random() < 0.12, responsible_worker_id=getattr(worker, "pk", None), status=status,
            # Most clients since before their two years of meetings, one in eight newer (without the generator: the
            # other data stays as it was): the monthly report counts a client from the day it became one.
            created_at=now - timedelta(days=760 + index * 7919 % 300 if index % 8 else 20 + index * 7919 % 700),
        ))
    insert_rows(Client, rows)
    # Only the columns the other builders need: no decryption of 100,000 ids. (A builder reading another column
    # of these would read it client by client: add it here.)
    return list(Client.objects.order_by("pk").only("pk", "responsible_worker_id", "status", "birth_date",
                                                    "main_income", "is_typ", "first_name", "last_name",
                                                    "unemployed_since", "created_at"))


def _meetings(ctx, clients, per_client_max):
    """Held and missed meetings of the past two years and, for half of the active clients, one planned."""
    rng = ctx.rng
    tz = timezone.get_current_timezone()
    for client in clients:
        if client.responsible_worker_id is None:
            continue
        for _ in range(rng.randint(0, per_client_max)):
            day = _weekday(ctx.today - timedelta(days=rng.randint(3, 730)))
            held = rng.random() >= 0.08
            yield dict(
                client_id=client.pk, worker_id=client.responsible_worker_id,
                status=MeetingStatus.HELD if held else MeetingStatus.NO_SHOW,
                kind=rng.choices(MEETING_KINDS, weights=[60, 30, 7, 3])[0],
                starts_at=timezone.make_aware(datetime.combine(day, time(rng.choice([9, 10, 11, 13, 14]))), tz),
                location=rng.choice(PLACES),
                notes="Käytiin läpi tilanne ja toiveet. Asiakas kertoi arjen sujuvan." if held else "",
                next_steps="Seuraava tapaaminen sovittu." if held else "",
            )
        if client.status == ClientStatus.ACTIVE and rng.random() < 0.5:
            day = _weekday(ctx.today + timedelta(days=rng.randint(0, 20)))
            yield dict(
                client_id=client.pk, worker_id=client.responsible_worker_id, status=MeetingStatus.PLANNED,
                kind=MeetingKind.IN_PERSON, location=PLACES[0], notes="", next_steps="",
                starts_at=timezone.make_aware(datetime.combine(day, time(rng.choice([9, 10, 13, 14]))), tz),
            )


MEETING_KINDS = list(MeetingKind.values)


def build_meetings(ctx, clients):
    """Two years of meetings: 0–10 per client in the demo; the scale's total on a large data set."""
    with_worker = [c for c in clients if c.responsible_worker_id is not None]
    per_client_max = 10
    if ctx.scale.meetings and with_worker:
        per_client_max = max(1, round(2 * ctx.scale.meetings / len(with_worker)) - 1)
    insert_rows(Meeting, _meetings(ctx, with_worker, per_client_max))
    insert_rows(ResponsibleWorkerChange, (
        dict(client_id=c.pk, worker_id=c.responsible_worker_id, reason="Asiakkuus alkoi", since=c.created_at,
             changed_by_id=c.responsible_worker_id) for c in with_worker))


def seed(ctx):
    clients = build_clients(ctx, ctx.scale.clients)
    build_meetings(ctx, clients)
    ctx.clients = clients


__all__ = ["seed", "date"]
