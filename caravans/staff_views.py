from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .access import is_staff_member
from .models import Caravan


@require_safe
@login_required
def staff_home(request):
    if not is_staff_member(request.user):
        raise PermissionDenied
    caravans = Caravan.objects.for_user(request.user).select_related("region")
    return render(request, "caravans/staff/home.html", {"caravans": caravans})
