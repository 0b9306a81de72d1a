"""Every URL of the invitation rounds × every role (see tests/matrix.py)."""

from django.utils import timezone

from joutsa_tyollisyys.roles import Role
from tests.matrix import OTHER_COACH, Case

COACH, SOCIAL = str(Role.COACH), str(Role.SOCIAL_COUNSELLOR)
MAKERS = frozenset({COACH, OTHER_COACH, SOCIAL})
#: A round made by the world's coach (team A): followed by them and the social counsellor, not another team.
FOLLOWERS = frozenset({COACH, SOCIAL})


def _blank_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def extend_world(world):
    from outreach.models import InvitationRound, InvitationTemplate, RoundMember

    coach, client = world.users[COACH], world.objects["client"]
    template = InvitationTemplate.objects.get_or_create(
        name="Matriisi", defaults={"letter_fi": "Hei {first_name}", "letter_sv": "Hej {first_name}",
                                   "text_fi": "Hei {first_name}", "text_sv": "Hej {first_name}"})[0]
    prepared = InvitationRound.objects.create(created_by=coach, template=template, timing="call_us",
                                              letters_status="done", letters_count=1, letters_pdf=_blank_pdf())
    RoundMember.objects.create(round=prepared, client=client, channel="letter", message="Hei", printed=True)
    sent = InvitationRound.objects.create(created_by=coach, template=template, timing="call_us", status="sent",
                                          sent_at=timezone.now())
    world.objects["round"] = prepared
    world.objects["member"] = RoundMember.objects.create(round=sent, client=client, channel="phone",
                                                         status="to_call")


def round_(w):
    return {"pk": w.objects["round"].pk}


CASES = [
    Case("outreach:rounds", MAKERS),
    Case("outreach:round_new", MAKERS, id="outreach:round_new:empty"),
    Case("outreach:round_new", MAKERS, query="source=clients&status=active", id="outreach:round_new:clients"),
    # From the review: the payment-share list's reviewers who may make rounds (the clerk may not).
    Case("outreach:round_new", MAKERS, method="post", data=lambda w: {"entries": [w.objects["entry"].pk]},
         id="outreach:round_new:review"),
    Case("outreach:round", FOLLOWERS, kwargs=round_),
    Case("outreach:letters_progress", FOLLOWERS, kwargs=round_),
    Case("outreach:letters_pdf", FOLLOWERS, kwargs=round_),
    Case("outreach:letters_retry", FOLLOWERS, method="post", ok=(302,), kwargs=round_),
    Case("outreach:round_send", FOLLOWERS, method="post", ok=(302,), kwargs=round_),
    Case("outreach:round_cancel", FOLLOWERS, method="post", ok=(302,), kwargs=round_,
         data=lambda w: {"confirmed": "1"}),
    Case("outreach:member_record", FOLLOWERS, method="post", ok=(302,),
         kwargs=lambda w: {"pk": w.objects["member"].pk}, data={"status": "answered"}),
]
