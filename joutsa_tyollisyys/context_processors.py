from django.conf import settings
from django.urls import reverse

from .extensions import nav_items
from .roles import roles_of


def navigation(request):
    user = getattr(request, "user", None)
    roles = roles_of(user)
    items = [
        {"label": item.label, "url": reverse(item.url_name), "active": request.path.startswith(reverse(item.url_name))}
        for item in nav_items
        if roles & {str(r) for r in item.roles}
    ]
    return {
        "nav_items": items,
        "user_roles": roles,
        "municipality_name": settings.MUNICIPALITY_NAME,
        "service_unit_name": settings.SERVICE_UNIT_NAME,
    }
