from django.contrib import admin

from .models import SupportProgramme


@admin.register(SupportProgramme)
class SupportProgrammeAdmin(admin.ModelAdmin):
    list_display = ["key", "name_fr", "state", "checked_on", "confidence", "edited_at"]
    list_filter = ["state", "confidence"]
    search_fields = ["key", "name_ar", "name_fr", "operator_fr"]
    readonly_fields = ["edited_by", "edited_at"]

    def save_model(self, request, obj, form, change):
        # An edit here is a person's edit too: the loader must keep it.
        from django.utils import timezone

        obj.edited_by, obj.edited_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
