"""Logging out also takes the roster of offline check-in off this browser: the devices it enrolled are revoked (its
next contact would wipe its copy) and it is told to clear its storage now."""

from django.contrib.auth import views as auth_views

from onsite.offline.services import SESSION_DEVICES, revoke_devices_of


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        user, enrolled = request.user, request.session.get(SESSION_DEVICES, [])
        if user.is_authenticated and enrolled:
            revoke_devices_of(user, enrolled)
        response = super().post(request, *args, **kwargs)
        # The browser erases this site's storage (IndexedDB, the service worker's caches): no participant's
        # name stays on a shared phone after its agent logs out.
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
