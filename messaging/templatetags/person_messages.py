"""`{% person_messages person caravan user %}`: a person's messages, on their registration's page.

A tag rather than a line in registration's view: the page is registration's, the list and who may read it are
the outbox's."""

from django import template
from django.db.models import Q

from caravans.access import roles_for
from core.permissions import allowed
from messaging.models import Message
from messaging.views import rows

register = template.Library()


@register.inclusion_tag("messaging/staff/_person_messages.html")
def person_messages(person, caravan, user):
    """The messages to `person` about `caravan` (or about no caravan), newest first, if `user` may see them."""
    roles = roles_for(user, caravan)
    if not allowed(roles, "messages.view"):
        return {"hidden": True}
    found = Message.objects.filter(Q(caravan=caravan) | Q(caravan=None), person=person)
    return {"rows": rows(found, allowed(roles, "personal_data.view")), "caravan": caravan}
