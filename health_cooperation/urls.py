from django.urls import path

from . import views

app_name = "health_cooperation"
urlpatterns = [
    path("", views.index, name="index"),
    path("checks/due/", views.checks_due, name="checks_due"),
    path("sote/", views.sote_meetings, name="sote_meetings"),
    path("sote/generate/", views.sote_generate, name="sote_generate"),
    path("clients/<int:pk>/", views.client_page, name="client"),
    path("clients/<int:pk>/checks/new/", views.check_refer, name="check_refer"),
    path("clients/<int:pk>/referrals/new/", views.referral_create, name="referral_create"),
    path("clients/<int:pk>/sote/book/", views.booking_create, name="booking_create"),
    path("clients/<int:pk>/pension/new/", views.pension_open, name="pension_open"),
    path("checks/<int:pk>/forms/", views.check_forms, name="check_forms"),
    path("checks/<int:pk>/outcome/", views.check_outcome, name="check_outcome"),
    path("checks/<int:pk>/cancel/", views.check_cancel, name="check_cancel"),
    path("referrals/<int:pk>/<str:action>/", views.referral_advance, name="referral_advance"),
    path("bookings/<int:pk>/", views.booking, name="booking"),
    path("bookings/<int:pk>/outcome/", views.booking_outcome, name="booking_outcome"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("steps/<int:pk>/done/", views.step_done, name="step_done"),
    path("pension/<int:pk>/", views.pension, name="pension"),
    path("pension/<int:pk>/close/", views.pension_close, name="pension_close"),
    path("pension/examinations/<int:pk>/", views.pension_item, name="pension_item"),
]
