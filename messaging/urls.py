from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("client/<int:pk>/", views.client_messages, name="client"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("status/", views.delivery_status, name="delivery_status"),
]
