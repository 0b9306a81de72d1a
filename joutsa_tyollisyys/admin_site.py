"""The administration site: Django's own, with its list of apps and models built once per set of permissions
(issue 24). Building it asks every registered admin for the user's permissions (dozens of rule checks) and the
index built it twice a request (the page and the navigation): the admin index was the slowest page under load
(p95 457 ms at the stress pace)."""

import hashlib

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.core.cache import cache
from django.utils.translation import get_language

from .roles import roles_of

APP_LIST_SECONDS = 300


class AdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        """The app list of this request's user, from the cache: keyed by everything it depends on (the user's
        permissions and roles, superuser, staff, the language, the app asked for), so a role changed shows at once.
        Per-user predicates of a model admin beyond these (none today) would have to join the key."""
        memo = request.__dict__.setdefault("_admin_app_lists", {})
        if app_label in memo:
            return memo[app_label]
        user = request.user
        permissions = ",".join(sorted(user.get_all_permissions())) if user.is_active else ""
        roles = ",".join(sorted(roles_of(user)))  # the rules' predicates are the roles'
        digest = hashlib.sha256(f"{permissions}|{roles}|{user.is_superuser}|{user.is_staff}|{get_language()}|"
                                f"{app_label}|{self.name}".encode()).hexdigest()
        key = f"admin-app-list:{digest}"
        found = cache.get(key)
        if found is None:
            found = super().get_app_list(request, app_label)
            for app in found:  # lazy names, in this key's language: as text, so that the list pickles
                app["name"] = str(app["name"])
                for model in app["models"]:
                    model["name"] = str(model["name"])
            cache.set(key, found, APP_LIST_SECONDS)
        memo[app_label] = found
        return found


class AdminConfig(DjangoAdminConfig):
    default_site = "joutsa_tyollisyys.admin_site.AdminSite"
