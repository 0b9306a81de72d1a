from django.db.models import OuterRef

from joutsa_tyollisyys.rows import RelatedRows

from .models import TextMessage

SECTION_LIMIT = 5


def client_messages(client):
    return TextMessage.objects.filter(client=client).select_related("created_by", "cancelled_by")


def client_section():
    """The client page's section: the latest messages, read with the client's row."""
    return {"text_messages": RelatedRows(
        TextMessage.objects.filter(client=OuterRef("pk")), limit=SECTION_LIMIT + 1,
        fields=["id", "purpose", "status", "created_at", "sent_at", "status_at", "client"])}
