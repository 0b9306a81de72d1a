"""Demo data: texts of the last weeks to some of the coaches' clients (invitations and meeting reminders, most
delivered, a few failed or waiting), and a few clients who have refused texts. Rows only: nothing is printed."""

from datetime import datetime, time, timedelta
from itertools import islice

from django.utils import timezone

from clients.enums import ClientStatus
from clients.models import Client
from joutsa_tyollisyys import phones

from .enums import TextMessagePurpose, TextMessageStatus
from .models import TextMessage

MOST = 60  # a city's data set gets no more than the demo's


def seed(ctx):
    clients = ctx.clients or list(Client.objects.select_related("responsible_worker")[:300])
    chosen = list(islice((c for c in clients if c.responsible_worker_id and c.status != ClientStatus.ARCHIVED
                          and phones.is_mobile(c.phone)), MOST))
    rows, refused = [], []
    for n, client in enumerate(chosen):
        if n % 15 == 14:
            refused.append(client.pk)
            continue
        at = timezone.make_aware(datetime.combine(ctx.today - timedelta(days=ctx.rng.randint(1, 40)), time(9, 30)))
        reminder = n % 2 == 0
        status = (TextMessageStatus.FAILED if n % 11 == 5 else
                  TextMessageStatus.SENT if n % 4 == 1 else TextMessageStatus.DELIVERED)
        body = (f"Muistutus: tapaamisenne on {at + timedelta(days=1):%d.%m.%Y} klo 10.00, Länsitie 5. "
                f"Jos ette pääse, soittakaa numeroon 040 000 0000." if reminder else
                "Hei! Teille on varattu aika työllisyyspalveluihin. Soittakaa meille numeroon 040 000 0000.")
        rows.append(TextMessage(
            client=client, phone=phones.mobile_e164(client.phone), body=body,
            purpose=TextMessagePurpose.MEETING_REMINDER if reminder else TextMessagePurpose.INVITATION,
            key=f"demo:{client.pk}:{n}", status=status, gateway_id=f"demo-{n}", attempts=1,
            error="Undelivered: absent subscriber" if status == TextMessageStatus.FAILED else "",
            created_at=at, sent_at=at, status_at=at + timedelta(minutes=1),
            created_by=None if reminder else client.responsible_worker))
    TextMessage.objects.bulk_create(rows)
    Client.objects.filter(pk__in=refused).update(text_messages_refused=True,
                                                 text_messages_refused_on=ctx.today - timedelta(days=30))
