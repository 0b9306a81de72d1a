from django.urls import path

from . import views

app_name = "rehab_work"
urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("clients/<int:client_pk>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/do/<str:action>/", views.agreement_action, name="agreement_action"),
    path("agreements/<int:pk>/decision/", views.decide, name="decide"),
    path("agreements/<int:pk>/sign/", views.agreement_sign, name="agreement_sign"),
    path("agreements/<int:pk>/extend/", views.agreement_extend, name="agreement_extend"),
    path("agreements/<int:pk>/end/", views.agreement_end, name="agreement_end"),
    path("agreements/<int:pk>/final-evaluation/", views.final_evaluation, name="final_evaluation"),
    path("agreements/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("agreements/<int:pk>/<str:document>.pdf", views.agreement_pdf, name="agreement_pdf"),
    path(
        "agreements/<int:pk>/attendance/<int:year>/<int:month>.<str:fmt>",
        views.attendance_statement,
        name="attendance_statement",
    ),
    path("agreements/<int:pk>/attendance/fill/", views.attendance_fill, name="attendance_fill"),
    path("decisions/", views.decision_queue, name="decision_queue"),
    path("attendance/", views.attendance_week, name="attendance_week"),
    path("attendance/cell/", views.attendance_cell, name="attendance_cell"),
    path("attendance/month/", views.attendance_month, name="attendance_month"),
    path("overdue/", views.overdue, name="overdue"),
    path("placements/", views.placement_list, name="placement_list"),
    path("placements/capacity/", views.capacity, name="capacity"),
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/new/", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/do/<str:action>/", views.claim_action, name="claim_action"),
    path("claims/<int:pk>/submit/", views.claim_submit, name="claim_submit"),
    path("claims/<int:pk>/paid/", views.claim_paid, name="claim_paid"),
    path("claims/<int:pk>/claim.<str:fmt>", views.claim_export, name="claim_export"),
]
