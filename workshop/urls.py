from django.urls import path

from . import views

app_name = "workshop"
urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/sessions/generate/", views.group_generate, name="group_generate"),
    path("groups/<int:pk>/participants/add/", views.participant_add, name="participant_add"),
    path("groups/<int:pk>/participants/<int:participant_pk>/leave/", views.participant_leave, name="participant_leave"),
    path("sessions/<int:pk>/", views.session_attendance, name="session_attendance"),
    path("clients/<int:client_pk>/periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/", views.period_edit, name="period_edit"),
    path("clients/<int:client_pk>/coaching/new/", views.coaching_create, name="coaching_create"),
    path("clients/<int:client_pk>/coaching-plan.pdf", views.coaching_plan_pdf, name="coaching_plan_pdf"),
    path("clients/<int:client_pk>/youth/new/", views.youth_create, name="youth_create"),
    path("clients/<int:client_pk>/certificates/new/", views.certificate_create, name="certificate_create"),
    path("certificates/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("places/", views.places, name="places"),
    path("library/", views.library, name="library"),
    path("library/<int:pk>/download/", views.library_download, name="library_download"),
    path("library/<str:kind>/blank.pdf", views.library_blank, name="library_blank"),
]
