"""Template filters for documents (`{% load documents %}`)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def ltr(value):
    """Keep a time range, phone number or identifier left to right inside Arabic text ("09:30–10:15", not
    "10:15–09:30"), with Unicode isolates: WeasyPrint ignores CSS `unicode-bidi`, Pango honours these."""
    return mark_safe(f"\u2066{conditional_escape(value)}\u2069")
