"""A client's text messages: only the client's own workers (the responsible coach and the social counsellor) see
them or cancel one; the gateway's delivery report is refused to everybody without the shared token."""

from joutsa_tyollisyys.roles import Role
from tests.matrix import Case

OWN = frozenset({str(Role.COACH), str(Role.SOCIAL_COUNSELLOR)})


def extend_world(world):
    from messaging import services

    world.objects["text_message"] = services.queue_text_message(
        actor=world.users[str(Role.COACH)], client=world.objects["client"], body="Tervetuloa", purpose="invitation",
        key="matrix:1")


CASES = [
    Case("messaging:client", OWN, kwargs=lambda w: {"pk": w.objects["client"].pk}),
    Case("messaging:cancel", OWN, kwargs=lambda w: {"pk": w.objects["text_message"].pk}, method="post", ok=(302,),
         data=lambda w: {"confirmed": "1"}),
    Case("messaging:delivery_status", frozenset(), method="post", public=True,
         data=lambda w: {"id": "x", "status": "delivered"}),
]
