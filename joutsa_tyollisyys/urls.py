from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views, views_sso, views_two_factor

admin.site.site_header = _("Employment services: administration")
admin.site.site_title = _("Employment services")

core_patterns = (
    [
        path("", views.home, name="home"),
        path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
        path("undo/", views.undo, name="undo"),
    ],
    "core",
)

urlpatterns = [
    path("", include(core_patterns)),
    path("healthz/", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accounts/login/", views_sso.LoginView.as_view(), name="login"),
    path("accounts/sso/start/", views_sso.StartView.as_view(), name="sso_start"),
    path("accounts/sso/callback/", views_sso.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("accounts/no-role/", views_sso.no_role, name="no_role"),
    path("accounts/two-factor/", views_two_factor.verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", views_two_factor.setup, name="two_factor_setup"),
    path("accounts/logout/", views_sso.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("clients/", include("clients.urls")),
    path("activation/", include("activation.urls")),
    path("rehab/", include("rehab_work.urls")),
    path("obligation/", include("obligation_employment.urls")),
    path("payment-share/", include("payment_share.urls")),
    path("health/", include("health_cooperation.urls")),
    path("workshop/", include("workshop.urls")),
    path("outreach/", include("outreach.urls")),
    path("reports/", include("reporting.urls")),
    path("text-messages/", include("messaging.urls")),
]
