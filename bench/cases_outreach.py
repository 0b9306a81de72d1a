"""Benchmark cases of the invitation rounds: a round of 2,000 letters rendered (target ≤ 60 s on two cores) and the
review → round form over the large data set's latest list (100,000 clients)."""

from django.db import transaction

LETTERS = 2000


def _letters_round(month):
    """Make a round of 2,000 letters from the month's list ("call us": no slots needed) and render its PDF the way
    the Celery task does, then roll everything back so that a repetition starts from the same data."""
    from django.contrib.auth import get_user_model

    from outreach import services
    from outreach.models import InvitationTemplate
    from payment_share.models import PaymentShareEntry

    counsellor = get_user_model().objects.get(username="sosiaaliohjaaja")
    template = InvitationTemplate.objects.filter(active=True).first()
    chosen = []
    for entry in PaymentShareEntry.objects.filter(month=month).select_related("client").order_by("pk").iterator():
        if services.has_usable_address(entry.client):
            chosen.append({"client_id": entry.client_id, "entry_id": entry.pk, "channel": "letter"})
        if len(chosen) == LETTERS:
            break

    class Undo(Exception):
        pass

    def run():
        try:
            with transaction.atomic():
                invitation_round = services.round_create(actor=counsellor, members=chosen, template_id=template.pk,
                                                         timing="call_us")
                done = services.letters_render(round_id=invitation_round.pk)
                if done.letters_count != len(chosen):
                    raise RuntimeError(f"{done.letters_count} letters of {len(chosen)}")
                raise Undo
        except Undo:
            pass

    return run


def cases(http_for, check, raw, admin_changelist, Case, vacuum):  # noqa: ARG001 (the shared signature)
    from payment_share import selectors

    counsellor = http_for("sosiaaliohjaaja")
    month = selectors.latest_month()
    if month is None:
        return []
    key = f"{month:%Y-%m}"
    return [
        Case("invitation round form: the review's persons without a worker (at most 3,000)",
             lambda: check(counsellor.get("/outreach/new/", {"source": "review", "month": key, "no_worker": "on"})),
             3000, repeat=3),
        Case("invitation round form: the review's persons approaching the next band",
             lambda: check(counsellor.get("/outreach/new/", {"source": "review", "month": key,
                                                             "approaching_days": "60"})), 3000, repeat=3),
        Case("invitation rounds list", lambda: check(counsellor.get("/outreach/")), 100),
        Case(f"invitation round of {LETTERS:,} letters made and rendered (one PDF)", _letters_round(month), 60_000,
             repeat=1),
    ]
