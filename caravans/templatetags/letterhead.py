"""`{% letterhead_of caravan "certificate" as head %}`: what documents/_letterhead.html prints."""

from django import template

from caravans.letterhead import letterhead_of

register = template.Library()


@register.simple_tag(name="letterhead_of", takes_context=True)
def letterhead_tag(context, caravan, document):
    # Read once per document and caravan: a batch of certificates prints the same letterhead on every page. Kept
    # in the outermost render state, since each {% include %} of the partial gets a fresh one.
    cache = context.render_context.dicts[0].setdefault("letterheads", {})
    key = (getattr(caravan, "pk", None), document)
    if key not in cache:
        cache[key] = letterhead_of(caravan, document)
    return cache[key]
