"""The fast path's inner loops over the postings arrays, compiled with numba.

Why: at 100,000 reports a common word has a posting in nearly every report and
a million positions, and numpy does such work in several whole-array passes
(a temporary array each). A compiled loop does it in one pass, in place:

- phrases: four words of "thông tin đối ngoại" (1.4-2 million positions each)
  took 47-127 ms in numpy (positions into one space, a bool array of chain ends,
  a gather per word); a merge of the sorted postings, word after word, touches
  each position once and needs no shared scratch array (threads check phrases
  side by side: nogil);
- a term's documents and BM25 scores written into the node's arrays;
- an Or adding a child's scores where the child matches.

Every loop does Whoosh's floating-point operations in Whoosh's order (LLVM
without fast-math keeps IEEE semantics), so scores stay Whoosh's to the bit.
Positions of a word follow its postings: document after document (ascending),
each document's positions ascending, as indexer/columns.py stores them.
"""
from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def _first(docs, counts, positions, cand, out_doc, out_pos):
    """The positions of the first word in the candidate documents."""
    k = 0
    j = 0
    for i in range(docs.size):
        d = docs[i]
        c = counts[i]
        if cand[d]:
            for t in range(c):
                out_doc[k] = d
                out_pos[k] = positions[j + t]
                k += 1
        j += c
    return k


@numba.njit(cache=True, nogil=True)
def _next(end_doc, end_pos, n_ends, docs, counts, positions, slop, out_doc, out_pos):
    """The next word's positions p with a chain end in [p - slop, p - 1] in the same document."""
    k = 0
    e = 0
    j = 0
    for i in range(docs.size):
        d = docs[i]
        c = counts[i]
        while e < n_ends and end_doc[e] < d:
            e += 1
        if e >= n_ends:
            break
        if end_doc[e] == d:
            f = e
            for t in range(c):
                p = np.int64(positions[j + t])
                while f < n_ends and end_doc[f] == d and end_pos[f] < p - slop:
                    f += 1
                if f < n_ends and end_doc[f] == d and end_pos[f] < p:
                    out_doc[k] = d
                    out_pos[k] = p
                    k += 1
        j += c
    return k


def phrase_documents(words, cand: np.ndarray, slop: int) -> np.ndarray:
    """Sorted documents where the words stand in order, each within `slop` positions of the one
    before (Whoosh's Phrase). words: (docs, counts, positions) of each word; cand: bool per document."""
    docs, counts, positions = (np.asarray(a) for a in words[0])
    size = int(positions.size)
    end_doc = np.empty(size, dtype=np.int32)
    end_pos = np.empty(size, dtype=np.int64)
    n = _first(docs, counts, positions, cand, end_doc, end_pos)
    for docs, counts, positions in words[1:]:
        if n == 0:
            break
        docs, counts, positions = np.asarray(docs), np.asarray(counts), np.asarray(positions)
        size = min(n * (slop + 1), int(positions.size))
        out_doc = np.empty(size, dtype=np.int32)
        out_pos = np.empty(size, dtype=np.int64)
        n = _next(end_doc, end_pos, n, docs, counts, positions, np.int64(slop), out_doc, out_pos)
        end_doc, end_pos = out_doc, out_pos
    found = end_doc[:n]
    if found.size == 0:
        return found
    return found[np.r_[True, found[1:] != found[:-1]]]


@numba.njit(cache=True, nogil=True)
def term_into(docs, counts, boost, idf, k1, norm, mask, score):
    """Whoosh's bm25() of each posting, with weights stored as counts: float32(count * boost),
    as Whoosh stores them, and norm[d] = K1 * ((1 - B) + B * fl / avgfl)."""
    for i in range(docs.size):
        d = docs[i]
        tf = np.float64(np.float32(np.float64(counts[i]) * boost))
        mask[d] = True
        score[d] = idf * ((tf * (k1 + 1)) / (tf + norm[d]))


@numba.njit(cache=True, nogil=True)
def or_into(mask, score, child_mask, child_score):
    """Whoosh's Or: a child adds its score where it matches."""
    for i in range(mask.size):
        if child_mask[i]:
            mask[i] = True
            score[i] += child_score[i]
