"""The shell's own pages: logging in and out, the user's tokens and keys; and the dashboard
(engine/dashboard_views.py), which spans every app."""

from django.contrib.auth import views as auth
from django.urls import path

from engine.dashboard_views import dashboard

from . import account

urlpatterns = [
    path(
        "accounts/login/", auth.LoginView.as_view(redirect_authenticated_user=False), name="login"
    ),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("dashboard/", dashboard, name="dashboard"),
    path("account/tokens/", account.tokens, name="account-tokens"),
    path("account/tokens/<int:pk>/revoke/", account.revoke_token, name="account-token-revoke"),
    path("account/access-keys/", account.access_keys, name="account-access-keys"),
    path(
        "account/access-keys/<int:pk>/revoke/",
        account.revoke_access_key,
        name="account-access-key-revoke",
    ),
]
