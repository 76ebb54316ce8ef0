"""Finding people by a name typed in a search box, in either script and any usual spelling
(فاطمة = فاطمه = Fatima; محمد = Mohamed = Mhamed), scored against the names of many records."""

from core.text import fold, fold_compact
from people import names

SIMILAR = 0.8  # a whole name typed with a slip (one letter in five) still finds its person
PREFIX = 3  # a word this long or longer also finds the names whose word starts with it


class TypedName:
    """What someone typed, read once, scored against many names."""

    def __init__(self, text: str) -> None:
        self.folded = fold(text)
        self.compact = fold_compact(text)
        self.name = names.read(text)

    def __bool__(self) -> bool:
        return bool(self.folded)

    def score(self, *spellings: str | None) -> float:
        """0 (not this person) to 1 (the typed text is in one of the names as written)."""
        written = [s for s in spellings if s]
        if any(self.folded in fold(s) or self.compact in fold_compact(s) for s in written):
            return 1.0
        if not self.name:
            return 0.0
        words = {word for s in written for word in names.read(s).words}
        if all(any(_same_word(typed, word) for word in words) for typed in self.name.words):
            return 0.95
        best = max((names.similarity(self.name, s) for s in written), default=0.0)
        return best if best >= SIMILAR and len(self.name.compact) >= 4 else 0.0

    def matches(self, *spellings: str | None) -> bool:
        return self.score(*spellings) > 0


def _same_word(typed: str, word: str) -> bool:
    return word == typed or (len(typed) >= PREFIX and word.startswith(typed))
