"""The opt-out page a message links to: no login, a signed token naming the message, a button to confirm.

The token names a message, never its phone or address; the page shows the address masked, so a forwarded link
tells nobody whose number it is. A GET changes nothing (link previews open it): only the button does."""

from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import links, outbox
from .models import OptOut


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def opt_out(request, token):
    message = links.message_for(token)
    if message is None:
        raise Http404(token)
    if request.method == "POST":
        outbox.opt_out(message.to, source=OptOut.Source.LINK)
    done = OptOut.objects.filter(address=message.to).exists()
    # The page speaks the language the message was written in.
    with translation.override(message.language):
        return render(
            request, "messaging/public/opt_out.html", {"address": outbox.masked(message.to), "done": done}
        )
