from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import ApiToken, AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is evidence: it can be read and searched here, never written or erased."""

    list_display = ["at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "object_type", "object_id", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    readonly_fields = ["at", "actor", "action", "object_type", "object_id", "details"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `qafila create-api-token USERNAME` (the raw value is shown once); here they are
    listed and revoked (deleted)."""

    list_display = ["user", "created", "fingerprint"]
    list_filter = ["created"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    readonly_fields = ["user", "created", "fingerprint"]
    fields = ["user", "created", "fingerprint"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        audit.record(request.user, "api_token.revoked", obj, user=obj.user.get_username())
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for token in queryset.select_related("user"):
            audit.record(request.user, "api_token.revoked", token, user=token.user.get_username())
        super().delete_queryset(request, queryset)

    @admin.display(description=_("fingerprint"))
    def fingerprint(self, token):
        # The first characters of the hash tell two tokens apart without revealing anything usable.
        return token.key_hash[:12]
