"""Logging out also takes the rosters of offline check-in off the user's phones: their devices are revoked
(a phone's next contact wipes its copy) and this browser is told to clear its storage now."""

from django.contrib.auth import views as auth_views

from onsite.offline.services import revoke_devices_of


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            revoke_devices_of(user)
        response = super().post(request, *args, **kwargs)
        # The browser erases this site's storage (IndexedDB, the service worker's caches): no participant's
        # name stays on a shared phone after its agent logs out.
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
