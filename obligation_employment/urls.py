from django.urls import path

from . import views

app_name = "obligation_employment"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("supervisors-meeting/", views.meeting_list, name="meeting_list"),
    path("claims/", views.claim_list, name="claim_list"),
    path("clients/<int:client_pk>/notice/", views.notice_create, name="notice_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/meeting/", views.meeting_decision, name="meeting"),
    path("<int:pk>/application/", views.application, name="application"),
    path("<int:pk>/decision/", views.decision, name="decision"),
    path("<int:pk>/contract/", views.contract, name="contract"),
    path("<int:pk>/contract.pdf", views.contract_pdf, name="contract_pdf"),
    path("<int:pk>/close/", views.close, name="close"),
    path("claims/<int:pk>/wages/", views.claim_wages, name="claim_wages"),
    path("claims/<int:pk>/submit/", views.claim_submit, name="claim_submit"),
    path("claims/<int:pk>/paid/", views.claim_paid, name="claim_paid"),
    path("claims/<int:pk>/summary.pdf", views.claim_pdf, name="claim_pdf"),
]
