from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("new/", views.round_new, name="round_new"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/letters/progress/", views.letters_progress, name="letters_progress"),
    path("<int:pk>/letters.pdf", views.letters_pdf, name="letters_pdf"),
    path("<int:pk>/letters/retry/", views.letters_retry, name="letters_retry"),
    path("<int:pk>/send/", views.round_send, name="round_send"),
    path("<int:pk>/cancel/", views.round_cancel, name="round_cancel"),
    path("members/<int:pk>/record/", views.member_record, name="member_record"),
]
