"""Postings and per-document columns as arrays: the index's hot data in a form numpy can work on.

Why: Whoosh matches and scores one posting at a time in Python (25 µs to match,
50 µs to score, ~300 µs per phrase check; DESIGN.md, "Performance"), and in this
domain most words occur in most documents. So, once per generation, the build
copies what ranking needs out of Whoosh's own index into flat arrays beside it:

    gen-NNNNNN/columns/<field>.terms      the field's terms, one a line (Whoosh's lexicon order;
                                          terms an update brings are added at the end)
    gen-NNNNNN/columns/<field>.<array>.npy  term_ptr, docs, counts, [weights], pos_term_ptr, positions, lengths

docs/weights are the term's postings (global docnums, Whoosh's stored weights,
field boost included; when every weight is the frequency times the field boost,
as with this schema, only the frequencies are kept, in counts), counts the
number of positions of each posting (frequency for fields without positions), positions
the term's positions concatenated posting after posting, lengths the per-document field lengths
exactly as Whoosh's scorer reads them (byte-quantised). Read from Whoosh rather than
re-analysed, these are the index of record's own numbers: scores computed from them
are Whoosh's scores. Searchers map them read-only (np.load mmap_mode="r":
pages shared between processes and left to the OS), nothing is kept when a
generation is replaced. An update reads from Whoosh only the segments it wrote
(STATS.json records the segments the arrays were made from) and joins them to
the previous generation's arrays.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

COLUMNS_DIR = "columns"
FORMAT_VERSION = 1


def scorable_fields(schema) -> dict[str, bool]:
    """Fields queries can match on → whether they keep positions.

    Scorable text fields (matched and ranked on), and the small unstored flag and
    keyword fields a query may require (their score is their weight, as Whoosh's
    WeightScorer); not stored identifiers (id, hash, date), one term per document.
    """
    out = {}
    for name, field in schema.items():
        fmt = getattr(field, "format", None)
        if fmt is None or not fmt.supports("weight"):
            continue
        if field.scorable or not (field.stored or getattr(field, "unique", False)):
            out[name] = bool(fmt.supports("positions"))
    return out


def _leaf_postings(leaf, field: str, term: bytes, positional: bool):
    """(ids, weights, positions lists) of one term in one segment, a block at a time where possible."""
    m = leaf.postings(field, term)
    blockwise = all(hasattr(m, a) for a in ("_read_ids", "_read_weights", "_read_values", "_next_block"))
    if not blockwise:  # another codec: the generic, slower interface
        if not positional:
            items = list(m.items_as("weight"))
            return [i for i, _ in items], [w for _, w in items], [()] * len(items)
        ids, poslists = [], []
        for docnum, value in m.items_as("positions"):
            ids.append(docnum)
            poslists.append(value)
        weights = [w for _, w in leaf.postings(field, term).items_as("weight")]
        return ids, weights, poslists
    ids, weights, poslists = [], [], []
    decode = m.format.decode_positions if positional else None
    while m.is_active():
        m._read_ids()
        m._read_weights()
        ids.extend(m._ids)
        weights.extend(m._weights)
        if positional:
            m._read_values()
            poslists.extend(decode(v) for v in m._values)
        m._next_block()
    if not positional:
        poslists = [()] * len(ids)
    return ids, weights, poslists


def _field_arrays(leaves, field: str, positional: bool, boost: float) -> tuple[list[str], dict, dict]:
    """(terms, arrays, stats) of one field over some leaf readers (with their global doc bases)."""
    terms, term_ptr = [], [0]
    docs_parts, weight_parts, count_parts, pos_parts = [], [], [], []
    total = 0
    lexicon = sorted({t for leaf, _ in leaves for t in (leaf.lexicon(field) if field in leaf.schema else ())})
    for term in lexicon:
        all_ids, all_w, all_pos = [], [], []
        for leaf, base in leaves:
            if (field, term) not in leaf:
                continue
            ids, w, pos = _leaf_postings(leaf, field, term, positional)
            all_ids.extend(i + base for i in ids)
            all_w.extend(w)
            all_pos.extend(pos)
        if not all_ids:
            continue
        terms.append(term.decode("utf-8") if isinstance(term, bytes) else str(term))
        docs_parts.append(np.asarray(all_ids, dtype=np.int32))
        weight_parts.append(np.asarray(all_w, dtype=np.float32))
        count_parts.append(np.fromiter((len(p) for p in all_pos), dtype=np.int32, count=len(all_pos)))
        pos_parts.append(np.fromiter((x for p in all_pos for x in p), dtype=np.int64))
        total += len(all_ids)
        term_ptr.append(total)
    counts = np.concatenate(count_parts) if count_parts else np.zeros(0, np.int32)
    positions = np.concatenate(pos_parts) if pos_parts else np.zeros(0, np.int64)
    pos_term_ptr = np.zeros(len(term_ptr), dtype=np.int64)
    np.cumsum([p.size for p in pos_parts], out=pos_term_ptr[1:])
    lengths = np.fromiter((leaf.doc_field_length(d, field, 1) for leaf, _ in leaves for d in range(leaf.doc_count_all())),
                          dtype=np.float64)
    weights = np.concatenate(weight_parts) if weight_parts else np.zeros(0, np.float32)
    # Whoosh's weight is the term's frequency times the field boost: when that holds for every
    # posting, the frequencies (2 bytes) stand for the weights (4 bytes) and the counts.
    freqs = counts if positional else np.rint(weights.astype(np.float64) / boost)
    derived = (freqs.size == 0 or freqs.max() < 65535) and np.array_equal(
        (freqs.astype(np.float64) * boost).astype(np.float32), weights)
    arrays = dict(
        term_ptr=np.asarray(term_ptr, dtype=np.int64),
        docs=np.concatenate(docs_parts) if docs_parts else np.zeros(0, np.int32),
        pos_term_ptr=pos_term_ptr,
        positions=positions.astype(np.uint16 if positions.size == 0 or positions.max() < 65535 else np.int32),
        lengths=lengths)
    if derived:
        arrays["counts"] = freqs.astype(np.uint16)
    else:
        arrays["weights"] = weights
        arrays["counts"] = counts.astype(np.uint16 if counts.size == 0 or counts.max() < 65535 else np.int32)
    stats = {"terms": len(terms), "postings": int(total), "positions": int(positions.size),
             "positional": positional, "weights_from_counts": boost if derived else None}
    return terms, arrays, stats


def _appended(old_dir: Path, field: str, old_info: dict, terms: list[str], new: dict, new_info: dict,
              cut: int):
    """A field's arrays: the old ones' postings of documents before `cut`, then the new postings
    (documents from `cut` on) appended term by term: what _field_arrays over all leaves gives, up
    to the order of the terms. None when the two cannot be joined (one keeps weights, the other
    only counts)."""
    if old_info.get("weights_from_counts") != new_info.get("weights_from_counts"):
        if new_info["postings"]:
            return None
    old = {name: np.load(old_dir / f"{field}.{name}.npy", mmap_mode="r")
           for name in ("term_ptr", "docs", "weights", "counts", "pos_term_ptr", "positions", "lengths")
           if (old_dir / f"{field}.{name}.npy").is_file()}
    if cut < old["lengths"].size:
        old = _before(old, cut, old_info["positional"])
    text = (old_dir / f"{field}.terms").read_text(encoding="utf-8")
    old_terms = text.split("\n") if text else []
    index = {t: i for i, t in enumerate(old_terms)}
    fresh = [t for t in terms if t not in index]
    merged_terms = old_terms + fresh
    index.update({t: len(old_terms) + i for i, t in enumerate(fresh)})
    where = np.array([index[t] for t in terms], dtype=np.int64)  # each new term's place in the merged list

    order = np.argsort(where, kind="stable")  # the new terms' blocks in merged-list order

    def join(old_ptr, new_ptr, old_values, new_values):
        """Each new block inserted after its term's old block (np.insert: one pass, no index arrays
        as long as the data), the blocks of terms the old list lacks at the end."""
        m = len(merged_terms)
        lengths = np.zeros(m, dtype=np.int64)
        lengths[:len(old_terms)] = np.diff(old_ptr)
        added = np.diff(new_ptr)
        lengths[where] += added
        ptr = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(lengths, out=ptr[1:])
        at = old_ptr[np.minimum(where[order] + 1, len(old_terms))]  # end of the term's old block
        starts, sizes = new_ptr[:-1][order], added[order]
        offsets = np.cumsum(sizes) - sizes
        take = np.repeat(starts - offsets, sizes) + np.arange(int(sizes.sum()))  # the new values, blockwise
        places = np.repeat(at, sizes)
        out = {}
        for name, ov in old_values.items():
            nv = new_values.get(name)
            if nv is None:  # nothing new in this field (so no weights either)
                nv = np.zeros(0, dtype=ov.dtype)
            dtype = np.result_type(ov.dtype, nv.dtype)
            out[name] = np.insert(np.asarray(ov, dtype=dtype), places, nv[take].astype(dtype))
        return ptr, out

    per_posting = [n for n in ("docs", "weights", "counts") if n in old]
    term_ptr, joined = join(np.asarray(old["term_ptr"]), new["term_ptr"],
                            {n: old[n] for n in per_posting}, {n: new[n] for n in per_posting})
    pos_term_ptr, pos = join(np.asarray(old["pos_term_ptr"]), new["pos_term_ptr"],
                             {"positions": old["positions"]}, {"positions": new["positions"]})
    arrays = dict(term_ptr=term_ptr, pos_term_ptr=pos_term_ptr, positions=pos["positions"],
                  lengths=np.concatenate([old["lengths"], new["lengths"]]), **joined)
    info = dict(old_info, terms=len(merged_terms), postings=int(term_ptr[-1]), positions=int(pos_term_ptr[-1]))
    return merged_terms, arrays, info


def _before(old: dict, cut: int, positional: bool) -> dict:
    """The arrays with only the postings (and positions) of documents before `cut`: the documents
    from there on were in segments Whoosh has since merged into a new one."""
    ptr = np.asarray(old["term_ptr"])
    keep = np.asarray(old["docs"]) < cut
    kept = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])
    out = {name: np.asarray(old[name])[keep] for name in ("docs", "weights", "counts") if name in old}
    out["term_ptr"] = kept[ptr]
    if positional:
        counts = np.asarray(old["counts"], dtype=np.int64)
        out["positions"] = np.asarray(old["positions"])[np.repeat(keep, counts)]
        out["pos_term_ptr"] = np.concatenate([[0], np.cumsum(counts * keep)])[ptr]
    else:
        out["positions"] = np.asarray(old["positions"])
        out["pos_term_ptr"] = np.zeros(ptr.size, dtype=np.int64)
    out["lengths"] = np.asarray(old["lengths"])[:cut]
    return out


def write_columns(gen_dir: Path, reader, schema, previous: Path | None = None) -> dict:
    """Copy the scorable fields' postings and lengths out of an open Whoosh reader. Returns stats.

    previous: the columns of the generation this one was copied from. When its segments are
    still the first ones, in the same order, only the postings of the segments after them are
    read from Whoosh and appended (an update touches what it added, not the whole index)."""
    out_dir = Path(gen_dir) / COLUMNS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    n = reader.doc_count_all()
    leaves = list(reader.leaf_readers())
    segments = [leaf.segment().segment_id() if hasattr(leaf, "segment") else None for leaf, _ in leaves]
    old_stats = _read_stats(Path(previous)) if previous is not None else None
    bases = [base for _, base in leaves]
    # The old arrays serve for the segments both generations begin with, at the same docnums:
    # an update adds segments after them, and Whoosh may have merged small ones at the end.
    kept = 0
    if old_stats and old_stats.get("segments") and None not in segments:
        old_segments, old_bases = old_stats["segments"], old_stats.get("bases")
        while (kept < min(len(segments), len(old_segments)) and segments[kept] == old_segments[kept]
               and (old_bases is None or old_bases[kept] == bases[kept])):
            kept += 1
        if old_bases is None and kept < len(old_segments):
            kept = 0  # an older record without docnums: only a whole prefix can be trusted
    cut = bases[kept] if kept < len(leaves) else n
    if kept and cut > old_stats["doc_count_all"]:
        kept = 0
    stats = {"version": FORMAT_VERSION, "doc_count_all": n, "segments": segments, "bases": bases,
             "appended_to": kept and str(previous), "fields": {}}
    for field, positional in scorable_fields(schema).items():
        boost = float(getattr(schema[field].format, "field_boost", 1.0) or 1.0)
        result = None
        if kept and field in old_stats["fields"]:
            terms, arrays, info = _field_arrays(leaves[kept:], field, positional, boost)
            result = _appended(Path(previous), field, old_stats["fields"][field], terms, arrays, info, cut)
        if result is None:
            result = _field_arrays(leaves, field, positional, boost)
        terms, arrays, info = result
        for name, array in arrays.items():
            np.save(out_dir / f"{field}.{name}.npy", array)
        (out_dir / f"{field}.terms").write_text("\n".join(terms), encoding="utf-8")
        stats["fields"][field] = info
    tmp = out_dir / "STATS.json.tmp"
    tmp.write_text(json.dumps(stats), encoding="utf-8")
    os.replace(tmp, out_dir / "STATS.json")  # written last: its presence says the columns are complete
    return stats


def _read_stats(directory: Path) -> dict | None:
    try:
        stats = json.loads((directory / "STATS.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stats if stats.get("version") == FORMAT_VERSION else None


class FieldColumns:
    """One field's arrays, loaded once per generation."""

    ARRAYS = ("term_ptr", "docs", "weights", "counts", "pos_term_ptr", "positions", "lengths")

    def __init__(self, directory: Path, field: str, positional: bool, weights_from_counts: float | None = None):
        self.positional = positional
        self.boost = weights_from_counts  # weights are counts x boost, computed when read
        for name in self.ARRAYS:
            if name == "weights" and weights_from_counts:
                self.weights = None
                continue
            setattr(self, name, np.load(directory / f"{field}.{name}.npy", mmap_mode="r"))
        self.lengths = np.array(self.lengths)  # small and read on every query: keep it in memory
        text = (directory / f"{field}.terms").read_text(encoding="utf-8")
        self.term_index = {t: i for i, t in enumerate(text.split("\n"))} if text else {}

    def postings(self, term: str):
        """(docs, weights) of a term, or None when the field has no such term."""
        i = self.term_index.get(term)
        if i is None:
            return None
        a, b = int(self.term_ptr[i]), int(self.term_ptr[i + 1])
        if self.weights is None:  # the same float32 Whoosh stored: float(freq) * boost, rounded to float32
            return self.docs[a:b], (np.asarray(self.counts[a:b], dtype=np.float64) * self.boost).astype(np.float32)
        return self.docs[a:b], self.weights[a:b]

    def counted_postings(self, term: str):
        """(docs, counts) of a term when weights are counts x boost (self.boost), else None."""
        i = self.term_index.get(term)
        if i is None or self.weights is not None:
            return None
        a, b = int(self.term_ptr[i]), int(self.term_ptr[i + 1])
        return np.asarray(self.docs[a:b]), np.asarray(self.counts[a:b])

    def word_positions(self, i: int):
        """(docs, counts, positions) of term number i: its documents, how many positions in each,
        and the positions, document after document (what indexer.kernels checks phrases on)."""
        a, b = int(self.term_ptr[i]), int(self.term_ptr[i + 1])
        lo, hi = int(self.pos_term_ptr[i]), int(self.pos_term_ptr[i + 1])
        return self.docs[a:b], self.counts[a:b], self.positions[lo:hi]


class Columns:
    """All scorable fields of one generation; None from load() when the build wrote none."""

    def __init__(self, directory: Path, stats: dict):
        self.directory = directory
        self.stats = stats
        self.doc_count_all = stats["doc_count_all"]
        self.fields = {f: FieldColumns(directory, f, info["positional"], info.get("weights_from_counts"))
                       for f, info in stats["fields"].items()}

    @classmethod
    def load(cls, gen_dir: Path, doc_count_all: int) -> "Columns | None":
        directory = Path(gen_dir) / COLUMNS_DIR
        stats = _read_stats(directory)
        if stats is None or stats.get("doc_count_all") != doc_count_all:
            return None
        try:
            return cls(directory, stats)
        except (OSError, ValueError, KeyError):
            return None
