"""The project canvas, adapted to cooperatives: a fixed list of blocks, one screen each on a phone."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 2000  # a block is a few sentences written on a phone, not an essay


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    question: str
    examples: str


BLOCKS = [
    Block(
        "need",
        _("Need or opportunity"),
        _("What problem do you solve, or what opportunity do you see, and for whom?"),
        _("Example: tourists and city shops ask for local goat cheese that nobody sells packaged."),
    ),
    Block(
        "offer",
        _("Product or service"),
        _("What will you sell or offer? What makes it different?"),
        _("Example: fresh and aged goat cheese, 250 g, labelled, made from the members' herds."),
    ),
    Block(
        "customers",
        _("Customers and market"),
        _("Who will buy, where are they, how many, and who else sells the same thing?"),
        _("Example: grocers in Tangier, rural guesthouses, visitors of the weekly souk."),
    ),
    Block(
        "channels",
        _("Channels, including digital"),
        _(
            "How will customers hear of you and buy: souk, shops, fairs, social networks, marketplaces, "
            "the cooperative's own page?"
        ),
        _("Example: a Facebook and WhatsApp page, orders delivered twice a week, regional fairs."),
    ),
    Block(
        "partners",
        _("Key partners"),
        _("Who will help you: suppliers, institutions, associations, buyers, other cooperatives?"),
        _("Example: ODCO delegation, INDH platform, the commune, a veterinary service."),
    ),
    Block(
        "resources",
        _("Resources and skills"),
        _("What do you already have (land, premises, tools, know-how) and what is missing?"),
        _("Example: 120 goats and a room; missing: a cold room and hygiene training."),
    ),
    Block(
        "members",
        _("Members and their roles"),
        _("Who does what: production, sales, accounts, management?"),
        _("Example: Fatima keeps the accounts, Khadija sells, four members make the cheese."),
    ),
    Block(
        "costs",
        _("Costs"),
        _("What must you pay to start, and every month to run?"),
        _("Example: equipment 60,000 MAD; milk, packaging, transport every month."),
    ),
    Block(
        "revenues",
        _("Revenues"),
        _("What will you sell, at what price, how much per month?"),
        _("Example: 300 cheeses a month at 45 MAD."),
    ),
    Block(
        "impact",
        _("Social and environmental impact"),
        _("What does the project change for members, women, young people, the land and water?"),
        _("Example: income for eight women; whey given to farmers instead of thrown away."),
    ),
]

KEYS = [block.key for block in BLOCKS]
BY_KEY = {block.key: block for block in BLOCKS}


def neighbours(key):
    """(previous block key or None, next block key or None)."""
    index = KEYS.index(key)
    return (KEYS[index - 1] if index else None, KEYS[index + 1] if index + 1 < len(KEYS) else None)


def progress(canvas):
    """How many blocks have something written in them."""
    return sum(1 for key in KEYS if (canvas or {}).get(key, "").strip())
