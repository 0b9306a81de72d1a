"""Health data is special-category: only the client's own workers (the responsible coach and the social
counsellor) reach a client's pages; the clerk, the admin and the working group never do."""

from datetime import timedelta

from django.utils import timezone

from joutsa_tyollisyys.roles import Role
from tests.matrix import OTHER_COACH, Case

COACH, SOCIAL, YOUTH = str(Role.COACH), str(Role.SOCIAL_COUNSELLOR), str(Role.YOUTH_WORKER)
#: The world's client's own workers.
OWN = frozenset({COACH, SOCIAL})
#: Workers with health pages of their own (lists scoped to their clients).
HEALTH_WORKERS = frozenset({COACH, OTHER_COACH, YOUTH, SOCIAL})
SCHEDULERS = frozenset({COACH, OTHER_COACH, SOCIAL})


def extend_world(world):
    from health_cooperation import services
    from tests.health_cooperation.factories import (
        BookingFactory,
        GuidedReferralFactory,
        HealthCheckFactory,
        NextStepFactory,
        ScheduleFactory,
        SlotFactory,
    )

    client, coach = world.objects["client"], world.users[COACH]
    ScheduleFactory()
    held_slot = SlotFactory(meeting__date=timezone.localdate() - timedelta(days=3))
    booking = BookingFactory(client=client, slot=held_slot, brought_by=coach)
    investigation = services.pension_investigation_open(
        actor=coach, client_id=client.pk, opened_on=timezone.localdate()
    )
    world.objects.update(
        hc_check=HealthCheckFactory(client=client, referred_by=coach),
        hc_referral=GuidedReferralFactory(client=client, sent_by=coach),
        hc_booking=booking,
        hc_step=NextStepFactory(booking=booking, responsible=coach),
        hc_investigation=investigation,
        hc_examination=investigation.examinations.first(),
    )


def client(w):
    return {"pk": w.objects["client"].pk}


def obj(name):
    return lambda w: {"pk": w.objects[name].pk}


CASES = [
    Case("health_cooperation:index", HEALTH_WORKERS),
    Case("health_cooperation:checks_due", HEALTH_WORKERS),
    Case("health_cooperation:checks_due", HEALTH_WORKERS, query="months=6&mine=on", id="checks_due:months"),
    Case("health_cooperation:sote_meetings", HEALTH_WORKERS),
    Case("health_cooperation:sote_generate", SCHEDULERS, method="post", ok=(302,)),
    Case("health_cooperation:client", OWN, kwargs=client),
    Case("health_cooperation:check_refer", OWN, kwargs=client),
    Case("health_cooperation:referral_create", OWN, kwargs=client),
    Case("health_cooperation:booking_create", OWN, kwargs=client),
    Case("health_cooperation:pension_open", OWN, kwargs=client),
    Case("health_cooperation:check_forms", OWN, kwargs=obj("hc_check")),
    Case("health_cooperation:check_outcome", OWN, kwargs=obj("hc_check")),
    Case(
        "health_cooperation:check_cancel",
        OWN,
        kwargs=obj("hc_check"),
        method="post",
        ok=(302,),
        data={"reason": "Asiakas muutti pois", "confirmed": "1"},
    ),
    Case(
        "health_cooperation:referral_advance",
        OWN,
        method="post",
        ok=(302,),
        kwargs=lambda w: {"pk": w.objects["hc_referral"].pk, "action": "received"},
    ),
    Case("health_cooperation:booking", OWN, kwargs=obj("hc_booking")),
    Case(
        "health_cooperation:booking",
        OWN,
        kwargs=obj("hc_booking"),
        method="post",
        ok=(302,),
        data={"description": "Varataan lääkäriaika"},
        id="booking:add_step",
    ),
    Case("health_cooperation:booking_outcome", OWN, kwargs=obj("hc_booking")),
    Case(
        "health_cooperation:booking_cancel",
        OWN,
        kwargs=obj("hc_booking"),
        method="post",
        ok=(302,),
        data={"reason": "Asiakas sairastui", "confirmed": "1"},
    ),
    Case("health_cooperation:step_done", OWN, kwargs=obj("hc_step"), method="post", ok=(302,)),
    Case("health_cooperation:pension", OWN, kwargs=obj("hc_investigation")),
    Case("health_cooperation:pension_close", OWN, kwargs=obj("hc_investigation")),
    Case("health_cooperation:pension_item", OWN, kwargs=obj("hc_examination")),
]
