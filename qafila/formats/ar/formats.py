"""Dates as Moroccan administrations write them in Arabic: day first, 24-hour clock, no Mashreqi comma.

Django's own `ar` module (`j F، Y`, `g:i A`, no short date-time so `m/d/Y`) stays behind this one for
everything not set here (number separators).
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Parsing (and the first one for a DateInput without its own format); Django adds the ISO forms after these.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"]
