"""Every URL of the workshop × every role (see tests/matrix.py)."""

from datetime import timedelta

from django.utils import timezone

from joutsa_tyollisyys.roles import Role
from tests.matrix import EVERYONE, OTHER_COACH, Case

STAFF = EVERYONE - {str(Role.DATA_PROTECTION_OFFICER), str(Role.SUBSTITUTE_DECISION_MAKER)}  # log reader; deputy

COACH, SOCIAL, YOUTH = str(Role.COACH), str(Role.SOCIAL_COUNSELLOR), str(Role.YOUTH_WORKER)
CASE_WORKERS = frozenset({COACH, OTHER_COACH, YOUTH, SOCIAL})
#: The world's group is led by the coach; the social counsellor sees every group.
GROUP_PEOPLE = frozenset({COACH, SOCIAL})
#: The client's own workers (the other coach and the youth worker are not: the client is over 29).
WORKERS = frozenset({COACH, SOCIAL})


def extend_world(world):
    from django.core.files.base import ContentFile

    from tests.rehab_work.factories import PlacementFactory
    from tests.workshop.factories import GroupFactory, ParticipantFactory, PeriodFactory
    from workshop.models import CompetenceArea, CompetenceCertificate, LibraryDocument

    coach, client = world.users[COACH], world.objects["client"]
    group = GroupFactory(leader=coach, name="Matriisiryhmä")
    session = group.sessions.create(day=timezone.localdate() - timedelta(days=1))
    participant = ParticipantFactory(group=group, client=client)
    placement = PlacementFactory(name="Matriisin pajapaikka")
    period = PeriodFactory(
        client=client, placement=placement, coach=coach, start_date=timezone.localdate() + timedelta(days=400)
    )
    area = CompetenceArea.objects.first()
    certificate = CompetenceCertificate.objects.create(
        client=client,
        qualification=area.qualification,
        placement=placement,
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
        work_description="Pihatyöt",
        signed_by=coach,
        signer_title="Valmentaja",
        issued_on=timezone.localdate(),
    )
    certificate.areas.set([area])
    document = LibraryDocument(kind="info_pack", notes="Matriisi")
    document.file.save("infopaketti.txt", ContentFile(b"Tervetuloa TyoVarikolle"), save=False)
    document.save()
    world.objects.update(
        workshop_group=group,
        workshop_session=session,
        workshop_participant=participant,
        workshop_period=period,
        workshop_certificate=certificate,
        workshop_document=document,
    )


def group(w):
    return {"pk": w.objects["workshop_group"].pk}


def client(w):
    return {"client_pk": w.objects["client"].pk}


CASES = [
    Case("workshop:group_list", CASE_WORKERS),
    Case("workshop:group_create", CASE_WORKERS),
    Case("workshop:group_detail", GROUP_PEOPLE, kwargs=group),
    Case("workshop:group_edit", GROUP_PEOPLE, kwargs=group),
    Case("workshop:group_generate", GROUP_PEOPLE, kwargs=group, method="post", ok=(302,)),
    Case("workshop:participant_add", GROUP_PEOPLE, kwargs=group),
    Case(
        "workshop:participant_leave",
        GROUP_PEOPLE,
        method="post",
        ok=(302,),
        data=lambda w: {"confirmed": "1"},
        kwargs=lambda w: {"pk": w.objects["workshop_group"].pk, "participant_pk": w.objects["workshop_participant"].pk},
    ),
    Case("workshop:session_attendance", GROUP_PEOPLE, kwargs=lambda w: {"pk": w.objects["workshop_session"].pk}),
    Case("workshop:period_create", WORKERS, kwargs=client),
    Case("workshop:period_edit", WORKERS, kwargs=lambda w: {"pk": w.objects["workshop_period"].pk}),
    Case("workshop:coaching_create", WORKERS, kwargs=client),
    Case("workshop:coaching_plan_pdf", WORKERS, kwargs=client),
    Case("workshop:youth_create", WORKERS, kwargs=client),
    Case("workshop:certificate_create", WORKERS, kwargs=client),
    Case("workshop:certificate_pdf", WORKERS, kwargs=lambda w: {"pk": w.objects["workshop_certificate"].pk}),
    Case("workshop:places", STAFF),
    Case("workshop:library", STAFF),
    Case("workshop:library_download", STAFF, kwargs=lambda w: {"pk": w.objects["workshop_document"].pk}),
    Case("workshop:library_blank", STAFF, kwargs={"kind": "travel_expenses"}),
]
