"""Typo suggestions from the index vocabulary ("Bạn có muốn tìm …").

Syllables are short and the vocabulary of a Vietnamese index is small (a few
thousand syllables), so a symmetric-delete table (SymSpell) over the indexed
syllables, built once per index generation on the first query that needs it,
answers in microseconds without scanning the lexicon.
"""
from __future__ import annotations

from itertools import combinations

MAX_LEN = 12


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    n = len(word)
    for k in range(1, min(depth, n - 1) + 1):
        for idx in combinations(range(n), k):
            out.add("".join(ch for i, ch in enumerate(word) if i not in idx))
    return out


def distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


class Vocabulary:
    """Indexed syllables with their document frequencies, and their nearest neighbours."""

    def __init__(self, terms: dict[str, int]):
        self.df = terms
        self._table: dict[str, list[str]] = {}
        for term in terms:
            if term.isalpha() and len(term) <= MAX_LEN:
                for d in _deletes(term, 2):
                    self._table.setdefault(d, []).append(term)

    def __contains__(self, term: str) -> bool:
        return term in self.df

    def candidates(self, word: str, k: int = 5) -> list[str]:
        """Indexed syllables near `word` (1 edit for short words, 2 otherwise), nearest and most frequent first."""
        if not word.isalpha() or len(word) > MAX_LEN:
            return []
        limit = 1 if len(word) <= 3 else 2
        ranked = []
        seen = set()
        for d in _deletes(word, limit):
            for cand in self._table.get(d, ()):
                if cand in seen or cand == word:
                    continue
                seen.add(cand)
                dist = distance(word, cand)
                if dist <= limit:
                    ranked.append((dist, -self.df[cand], cand))
        return [c for _, _, c in sorted(ranked)[:k]]

    def correct(self, word: str) -> str | None:
        """The most frequent indexed syllable nearest to `word`, or None."""
        found = self.candidates(word, 1)
        return found[0] if found else None
