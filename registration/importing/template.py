"""The registration list to download from the import page, ready to fill in: an xlsx whose first sheet has the
columns of registration_columns.yaml headed in Arabic and French ("الاسم العائلي / Nom (arabe)"), the name in
two columns (family name, given name) in each script, and whose second sheet says, in both languages, which
columns are required and how to write each value. Filled in, it is imported as any other list is."""

import io

import openpyxl
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .reading import NAME_PARTS, columns

ROWS = 1000  # rows given the columns' formats and choice lists
LIST_SHEET, HELP_SHEET = "اللائحة - Liste", "شرح الأعمدة - Colonnes"

NAME = _("Required: in Arabic or Latin letters")
REQUIRED = _("Required")
DECISION = _("Needed for the decision")
OPTIONAL = _("Optional")

# (status, explanation, example) of each column of the template, in the contract's order.
HELP = {
    "family_name_ar": (
        NAME,
        _("Family name in Arabic letters. At least one name is required: in Arabic letters, in Latin letters "
          "or both."),
        "العلمي",
    ),
    "given_name_ar": (NAME, _("Given name in Arabic letters."), "فاطمة الزهراء"),
    "family_name_latin": (NAME, _("Family name in Latin letters, as on the CIN."), "EL ALAMI"),
    "given_name_latin": (NAME, _("Given name in Latin letters, as on the CIN."), "Fatima Zahra"),
    "cin": (
        DECISION,
        _("National identity card number: one or two Latin letters, then digits. Without it the "
          "registration waits for a review before it can be accepted."),
        "AB123456",
    ),
    "sex": (
        OPTIONAL,
        _("Female or male: أنثى or ذكر (F, H, Femme, Homme are understood too). Needed when the caravan is for "
          "women only."),
        "أنثى",
    ),
    "birth_date": (
        DECISION,
        _("Date of birth, day first: dd/mm/yyyy. The year alone is accepted when the date is not known."),
        "12/03/1990",
    ),
    "phone": (
        OPTIONAL,
        _("Mobile number of ten digits starting with 06 or 07; +212 and spaces are accepted."),
        "0612345678",
    ),
    "province": (
        DECISION,
        _("Prefecture or province, in Arabic or in French: the caravan checks its region."),
        "طنجة أصيلة",
    ),
    "commune": (OPTIONAL, _("Commune, in Arabic or in French."), "القصر الصغير"),
    "community": (
        DECISION,
        _("The soulaliyate community the person belongs to, as written on its members' list."),
        "أولاد أحمد",
    ),
    "profile": (
        REQUIRED,
        _("Cooperative member (عضو تعاونية, عضوة تعاونية) or project holder (حامل مشروع, حاملة مشروع)."),
        "عضوة تعاونية",
    ),
    "cooperative_name": (OPTIONAL, _("Name of the cooperative, for its members."), "تعاونية النحل"),
    "cooperative_founded": (
        DECISION,
        _("Founding date of the cooperative, dd/mm/yyyy: needed for its members."),
        "01/06/2023",
    ),
    "sector": (OPTIONAL, _("Sector of activity, in Arabic or in French."), "العسل"),
    "project_idea": (
        DECISION,
        _("The project idea in a few words: needed for project holders."),
        "تربية النحل وبيع العسل",
    ),
}  # fmt: skip
TEXT_COLUMNS = {"cin", "phone"}  # kept as typed: a phone's leading 0, a CIN's letters
DATE_COLUMNS = {"birth_date", "cooperative_founded"}
CHOICES = {
    "sex": ["أنثى", "ذكر"],
    "profile": ["عضوة تعاونية", "عضو تعاونية", "حاملة مشروع", "حامل مشروع"],
}
REQUIRED_FILL = PatternFill("solid", start_color="FFF2CC")


def template_columns():
    """The columns of the template: every column of a list, the names in two parts rather than whole."""
    return [column for column in columns() if column["key"] not in NAME_PARTS]


def header(column):
    """The template's header of a column: its Arabic and French headers, which the import recognises."""
    return f"{column['ar']} / {column['fr']}"


def template_xlsx():
    """The template's bytes."""
    book = openpyxl.Workbook()
    _list_sheet(book.active)
    _help_sheet(book.create_sheet(HELP_SHEET))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _list_sheet(sheet):
    sheet.title = LIST_SHEET
    sheet.sheet_view.rightToLeft = True
    sheet.freeze_panes = "A2"
    for number, column in enumerate(template_columns(), start=1):
        cell = sheet.cell(1, number, header(column))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if HELP[column["key"]][0] in (NAME, REQUIRED):
            cell.fill = REQUIRED_FILL
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = 24
        cells = f"{letter}2:{letter}{ROWS + 1}"
        if column["key"] in TEXT_COLUMNS:
            for (row,) in sheet[cells]:
                row.number_format = "@"
        elif column["key"] in DATE_COLUMNS:
            for (row,) in sheet[cells]:
                row.number_format = "DD/MM/YYYY"
        if choices := CHOICES.get(column["key"]):
            # Offered, not imposed: the import understands other spellings too (F, Femme, Porteuse de projet…).
            choice = DataValidation(type="list", formula1=f'"{",".join(choices)}"', showErrorMessage=False)
            choice.add(cells)
            sheet.add_data_validation(choice)


def _help_sheet(sheet):
    sheet.sheet_view.rightToLeft = True
    for line in _in_both(
        _(
            "One person a row, from the second row of the first sheet. Keep the column titles; a column you do "
            "not need may be left empty or removed."
        )  # fmt: skip
    ):
        sheet.append([line])
    explanation_ar, explanation_fr = _in_both(_("Explanation"))
    sheet.append([_bilingual(_("Column")), _bilingual(_("Required?")), explanation_ar, explanation_fr,
                  _bilingual(_("Example"))])  # fmt: skip
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column in template_columns():
        status, explanation, example = HELP[column["key"]]
        sheet.append([header(column), _bilingual(status), *_in_both(explanation), example])
    for letter, width in zip("ABCDE", (34, 28, 60, 60, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _bilingual(text):
    return " / ".join(_in_both(text))


def _in_both(text):
    """(Arabic, French) of a translatable text."""
    found = []
    for language in ("ar", "fr"):
        with translation.override(language):
            found.append(str(text))
    return found
