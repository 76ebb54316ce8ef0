from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/me/", views.PasswordChange.as_view(), name="my_account"),
    path("accounts/password-reset/", views.password_reset, name="password_reset"),
    path("accounts/password-reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    # One-time links (invitations and resets) end here; Django swaps the token for "set-password" on the
    # first visit so that it never lingers in the address bar or a Referer header.
    path("accounts/set-password/<uidb64>/<token>/", views.SetPassword.as_view(), name="set_password"),
    path("accounts/set-password/done/", views.password_set, name="password_set"),
    path("accounts/two-factor/", views.two_factor_enrol, name="two_factor"),
    path("accounts/two-factor/code/", views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
