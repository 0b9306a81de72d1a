"""Keep the role groups and the admin role's model permissions in sync after every migrate."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .extensions import admin_models
from .roles import Role


def sync_role_groups(**kwargs):
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    admin = Group.objects.get(name=Role.ADMIN)
    query = Q(pk__in=[])
    for label in admin_models:
        app_label, model = label.split(".")
        query |= Q(content_type__app_label=app_label, content_type__model=model)
    admin.permissions.set(Permission.objects.filter(query))
