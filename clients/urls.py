from django.urls import path

from . import views, views_log_extract

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/edit/", views.client_edit, name="edit"),
    path("<int:pk>/worker/", views.client_assign, name="assign"),
    path("<int:pk>/contact-checked/", views.client_contact_checked, name="contact_checked"),
    path("<int:pk>/consents/new/", views.consent_add, name="consent_add"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/meetings/log/", views.meeting_log, name="meeting_log"),
    path("<int:pk>/meetings/<int:meeting_pk>/log/", views.meeting_log, name="meeting_record"),
    path("<int:pk>/meetings/plan/", views.meeting_plan, name="meeting_plan"),
    path("<int:pk>/meetings/<int:meeting_pk>/<str:action>/", views.meeting_status, name="meeting_status"),
    path("<int:pk>/invitations/new/", views.invitation_create, name="invitation_create"),
    path("<int:pk>/invitations/<int:invitation_pk>/letter.pdf", views.invitation_pdf, name="invitation_pdf"),
    path("<int:pk>/export.zip", views.client_export, name="export"),
    path("<int:pk>/te-records/<str:kind>/new/", views.te_record_add, name="te_record_add"),
    path("access-log-extract/", views_log_extract.log_extract_view, name="log_extract"),
    path("access-log-verify/", views_log_extract.log_verify_view, name="log_verify"),
    path("meetings/", views.my_meetings, name="my_meetings"),
    path("meetings/calendar/rotate/", views.calendar_rotate, name="calendar_rotate"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
