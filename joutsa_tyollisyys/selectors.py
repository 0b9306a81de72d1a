from .models import Notification


def unread_notifications(user, limit=10):
    return Notification.objects.filter(recipient=user, read_at__isnull=True)[:limit]
