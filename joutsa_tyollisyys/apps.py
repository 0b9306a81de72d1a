from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "joutsa_tyollisyys"
    label = "core"
    verbose_name = _("Employment services: shared")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles_sync import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="core.sync_role_groups")
        from .law import connect_signals

        connect_signals()
