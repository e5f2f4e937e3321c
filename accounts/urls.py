from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("language/", views.language, name="language"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("logged-out/", views.logged_out, name="logged_out"),
    path("expired/", views.expired, name="expired"),
    path("request-access/", views.request_access, name="request_access"),
    path("request-access/sent/", views.request_sent, name="request_sent"),
    path("request-access/confirm/<str:token>/", views.request_confirm, name="request_confirm"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path("set-password/done/", views.set_password_done, name="set_password_done"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("requests/", views.requests_list, name="requests"),
    path("requests/<int:pk>/", views.request_decide, name="request_decide"),
    path("nominate/", views.nominate, name="nominate"),
    path("users/", views.users_list, name="users"),
    path("users/<int:pk>/", views.user_manage, name="user_manage"),
]
