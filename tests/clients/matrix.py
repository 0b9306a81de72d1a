from joutsa_tyollisyys.roles import Role
from tests.matrix import OTHER_COACH, ROLES, Case

COACH, SOCIAL, CLERK, ADMIN, YOUTH = (str(Role.COACH), str(Role.SOCIAL_COUNSELLOR), str(Role.OFFICE_CLERK),
                                      str(Role.ADMIN), str(Role.YOUTH_WORKER))
LISTERS = frozenset({COACH, OTHER_COACH, YOUTH, SOCIAL, CLERK, ADMIN})
VIEWERS = frozenset({COACH, SOCIAL, CLERK, ADMIN})  # the other coach and the youth worker: not their client
WORKERS = frozenset({COACH, SOCIAL})
MEETING_HOLDERS = frozenset({COACH, OTHER_COACH, YOUTH, SOCIAL})


def c(w):
    return {"pk": w.objects["client"].pk}


def meeting(w):
    return {"pk": w.objects["client"].pk, "meeting_pk": w.objects["meeting"].pk}


CASES = [
    Case("clients:log_extract", frozenset({str(Role.DATA_PROTECTION_OFFICER)})),
    Case("clients:log_extract", frozenset({str(Role.DATA_PROTECTION_OFFICER)}), method="post", id="log_extract:post",
         data=lambda w: {"national_id": w.objects["client"].national_id, "start": "1.1.2026", "end": "5.12.2026",
                         "format": "csv"}),
    Case("clients:log_verify", frozenset({str(Role.DATA_PROTECTION_OFFICER)})),
    Case("clients:log_verify", frozenset({str(Role.DATA_PROTECTION_OFFICER)}), method="post", id="log_verify:post"),
    Case("clients:list", LISTERS),
    Case("clients:create", LISTERS - {ADMIN}),
    Case("clients:detail", VIEWERS, kwargs=c),
    Case("clients:edit", WORKERS, kwargs=c),
    Case("clients:assign", WORKERS, kwargs=c),
    Case("clients:contact_checked", WORKERS, kwargs=c, method="post", ok=(302,)),
    Case("clients:consent_add", WORKERS, kwargs=c),
    Case("clients:consent_withdraw", WORKERS, method="post", ok=(302,), data=lambda w: {"confirmed": "1"},
         kwargs=lambda w: {"pk": w.objects["client"].pk, "consent_pk": w.objects["consent"].pk}),
    Case("clients:meeting_log", WORKERS, kwargs=c),
    Case("clients:meeting_record", WORKERS, kwargs=meeting),
    Case("clients:meeting_plan", WORKERS, kwargs=c),
    Case("clients:meeting_status", WORKERS, method="post", ok=(302,), data=lambda w: {"confirmed": "1"},
         kwargs=lambda w: {**meeting(w), "action": "no-show"}),
    Case("clients:invitation_create", WORKERS, kwargs=c),
    Case("clients:invitation_pdf", WORKERS,
         kwargs=lambda w: {"pk": w.objects["client"].pk, "invitation_pk": w.objects["invitation"].pk}),
    Case("clients:export", frozenset({COACH, SOCIAL, str(Role.DATA_PROTECTION_OFFICER)}), kwargs=c),
    Case("clients:my_meetings", MEETING_HOLDERS),
    Case("clients:calendar_rotate", MEETING_HOLDERS, method="post", ok=(302,), data=lambda w: {"confirmed": "1"}),
    # The feed is authorised by its private token alone (calendar programs cannot log in).
    Case("clients:calendar_feed", frozenset(ROLES), public=True,
         kwargs=lambda w: {"token": w.users[COACH].calendar_token}),
]

CASES += [
    Case("clients:te_record_add", WORKERS,
         kwargs=lambda w: {"pk": w.objects["client"].pk, "kind": "assessment"}),
]
