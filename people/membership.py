"""Is a person on their soulaliyate community's list of right-holders (ذوو الحقوق)?

The same CIN once normalised is membership for certain. Otherwise a right-holder whose name sounds like the
person's, in either script, counts, with the thresholds and skeletons of duplicate detection
(`people.matching`: names alike at `ALIKE_WITH_ONE`, feminine endings equal) — unless both carry a CIN and
the CINs differ: namesakes are common, and a different card is a different person.

`Members(community)` reads the list once (one query) and answers for many people (an import calls it for
every row); the names are compared in rapidfuzz's C loop first, and only the few close ones again in Python,
so a list of a few thousand answers in about a millisecond.
"""

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from people.matching import ALIKE_WITH_ONE, cin_key
from people.models import RightHolder
from people.names import name_similarity, read


class Members:
    """A community's list of right-holders, read once and prepared for name and CIN look-ups."""

    def __init__(self, community):
        rows = RightHolder.objects.filter(community=community).values_list(
            "full_name_ar", "full_name_latin", "cin"
        )
        self.cins = set()
        self.holders = []  # [(cin key, [Name, …])]
        self.compacts = []  # the joined skeleton of each holder's name, and its holder's index
        self.rotations = []  # every rotation of each holder's name, and its holder's index
        for name_ar, name_latin, cin in rows:
            cin = cin_key(cin)
            if cin:
                self.cins.add(cin)
            names = [name for name in (read(name_ar or ""), read(name_latin or "")) if name]
            index = len(self.holders)
            self.holders.append((cin, names))
            for name in names:
                self.compacts.append((name.compact, index))
                self.rotations.extend((rotation, index) for rotation in name.rotations)
        self._compact_texts = [text for text, _ in self.compacts]
        self._rotation_texts = [text for text, _ in self.rotations]

    def __len__(self):
        return len(self.holders)

    def contains(self, person):
        """The same CIN on the list, or a right-holder of the same name whose CIN does not contradict."""
        cin = cin_key(person.cin)
        if cin and cin in self.cins:
            return True
        names = [n for n in (read(person.full_name_ar or ""), read(person.full_name_latin or "")) if n]
        for index in self._close(names):
            holder_cin, holder_names = self.holders[index]
            if cin and holder_cin:
                continue  # both carry a CIN and they differ: a namesake
            if _alike(names, holder_names):
                return True
        return False

    def _close(self, names):
        """Indexes of holders with a name at least as alike as the threshold, as `name_similarity` scores
        it (the person's joined name against every rotation of theirs, and every rotation of the person's
        against their joined name)."""
        found = set()
        for name in names:
            found.update(self._matches(name.compact, self._rotation_texts, self.rotations))
            for rotation in name.rotations[1:]:
                found.update(self._matches(rotation, self._compact_texts, self.compacts))
        return sorted(found)

    @staticmethod
    def _matches(text, choices, owners):
        hits = process.extract(
            text,
            choices,
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=ALIKE_WITH_ONE,
            limit=None,
        )
        return (owners[position][1] for _, _, position in hits)


def _alike(names, holder_names):
    """The best pair of names sounds the same and both or neither end in a feminine "a" (as in
    `people.matching`: Karim is not Karima on one piece of evidence)."""
    best, feminine_differs = 0.0, True
    for left in names:
        for right in holder_names:
            score = name_similarity(left, right)
            if score > best or (score == best and left.feminine == right.feminine):
                best, feminine_differs = score, left.feminine != right.feminine
    return best >= ALIKE_WITH_ONE and not feminine_differs
