"""`{{ registration|said:"already" }}`: the check-in answer's words about the registration's person, in their
gender (onsite/words.py)."""

from django import template

from onsite.words import said as words_about

register = template.Library()


@register.filter
def said(registration, key):
    return words_about(key, registration.person)
