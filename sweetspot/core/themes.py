"""Comment themes: what customers write about, found in their own words.

`find_themes` groups free-text comments into a handful of themes, each shown by its top words,
how many comments mention it and a few representative quotes. Every step is deterministic and
small enough to explain:

1. Words. Each comment is read in its language (`languages`, or voice_text.detect_languages).
   English comments (and those of unknown language) use suggest's words and stemming. German
   and French comments drop that language's stop words (voice_text) and are stemmed lightly:
   German endings -ern, -em, -en, -er, -es, -e, then -n after l/r and -s after a consonant;
   French -es, -s, -e, -x; three letters must stay (four for -n and -s), so
   "Wartezeit"/"Wartezeiten" and "attente"/"attentes" are one term. Dutch and Spanish comments
   drop their stop words and are not stemmed. Terms are kept per language: "service" in an
   English and in a French comment are two terms, and nothing is translated, so German and
   English comments on one subject can make two themes.
2. Copies. Comments equal after lower-casing and dropping punctuation and extra spaces are one
   comment. Near copies (rapidfuzz ratio ≥ ``NEAR_COPY``) are merged too, found without
   comparing all pairs (the sorted-neighbourhood method): the comments are sorted
   alphabetically, and then by their reversed text, and each is compared with the ``BLOCK``
   comments after it in each order (rapidfuzz cdist in chunks), so the work grows with
   comments × BLOCK, not comments². A copy edited near its start still sorts beside its
   original by its end, and one edited near its end by its start; near copies edited at both
   ends, or with more than ``BLOCK`` comments sorting between them both ways (thousands that
   start and end alike), are missed. A near copy joins the representative of the earliest
   comment it nearly copies, so it is at most two near-copy steps from it; a merged group
   counts every comment in it.
3. Matrix. TF-IDF over the distinct comments: raw counts × smoothed IDF ln((1+n)/(1+df)) + 1
   (as suggest), rows L2-normalised; terms in fewer than 2 comments or more than half of them
   are dropped, and at most ``MAX_TERMS`` terms are kept (the most frequent). The matrix is
   sparse (flat row/column/value arrays): 25,000 comments take a few MB.
4. Themes. Non-negative matrix factorisation X ≈ W·H in numpy: NNDSVD start (from a seeded
   randomised SVD), then HALS coordinate updates until ten rounds improve the error by less
   than ``TOL`` of its start (at most ``MAX_ITER`` rounds). Each theme is a row of H (its term
   weights, scaled to unit length); W holds each comment's weight in each theme.
5. How many. Unless `n_themes` is given, k = 2 … min(10, comments/20) is tried on a sample of
   at most ``SEARCH_DOCS`` distinct comments (``SEARCH_ITER`` rounds each) and the largest k
   whose themes stay distinct is chosen: for no two themes do the cosine of their term vectors
   (rows of H) plus the cosine of their comment weights (columns of W) reach
   ``DISTINCT_BELOW``, and every theme is the strongest for at least ``MIN_SHARE`` of the
   comments. A true theme split in two shares words, comments or both, and fails. When no k
   passes, the k whose themes overlap least. The chosen k is then fitted on all comments.
6. Assignment. Each comment goes to its strongest theme, unless it has no term left (-1) or its
   weight is below ``WEAK_SHARE`` of the median weight of that theme's comments (-1). Themes
   are numbered by mentions (comments, copies included). A theme's words are its top terms,
   each shown as its most frequent word; its quotes are up to ``QUOTES`` of its comments,
   strongest first, 40–200 characters preferred, no two near copies.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from sweetspot.core import suggest
from sweetspot.core.voice_text import STOP_WORDS_BY_LANGUAGE, detect_languages

NEAR_COPY = 92
BLOCK = 64
MAX_TERMS = 5_000
MAX_DF_SHARE = 0.5
MIN_DOCS = 10
DOCS_PER_THEME = 20
MAX_THEMES = 10
SEARCH_DOCS = 3_000
SEARCH_ITER = 60
MAX_ITER = 200
TOL = 1e-4
DISTINCT_BELOW = 0.3
MIN_SHARE = 0.03
WEAK_SHARE = 0.10
LABEL_WORDS = 3
TOP_TERMS = 8
QUOTES = 3
QUOTE_LENGTH = (40, 200)
CHECK_EVERY = 1_000

_DE_ENDINGS = ("ern", "em", "en", "er", "es", "e")
_S_BEFORE = frozenset("bdfghklmnrt")


@dataclass(frozen=True)
class Theme:
    """One theme: its words, the comments that mention it and a few of them to quote."""

    number: int  # 1-based, by mentions descending
    label: str  # the top words, e.g. "wait · queue · branch"
    terms: tuple[str, ...]  # top words (the most frequent surface form of each stem)
    comments: np.ndarray  # indices into the texts (near copies included), ascending
    quotes: tuple[str, ...]  # representative comments, distinct, not near copies of each other
    weight: np.ndarray  # theme weight of each comment in `comments`

    @property
    def mentions(self) -> int:
        return len(self.comments)


@dataclass(frozen=True)
class ThemeResult:
    """Themes of a set of comments, and where every comment went."""

    themes: tuple[Theme, ...]
    assignment: np.ndarray  # per text: index into themes, or -1 (blank, no words, too weak)
    duplicate_of: np.ndarray  # per text: the representative of its copies (itself when unique)
    chosen: int  # number of themes
    automatic: bool  # whether that number was chosen automatically
    messages: tuple[str, ...]  # plain sentences about what was done


# --- words -------------------------------------------------------------------------------


def _de_stem(word: str) -> str:
    for end in _DE_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 3:
            return word[: -len(end)]
    if len(word) > 4 and word[-1] == "n" and word[-2] in "lr":
        return word[:-1]
    if len(word) > 4 and word[-1] == "s" and word[-2] in _S_BEFORE:
        return word[:-1]
    return word


def _fr_stem(word: str) -> str:
    for end in ("es", "s", "e", "x"):
        if word.endswith(end) and len(word) - len(end) >= 3:
            return word[: -len(end)]
    return word


@functools.lru_cache(maxsize=200_000)
def _stem(language: str, word: str) -> str:
    if language == "de":
        return _de_stem(word)
    if language == "fr":
        return _fr_stem(word)
    if language in STOP_WORDS_BY_LANGUAGE:
        return word
    return suggest.stem(word)


def _words(text: str, language: str) -> list[str]:
    stop = STOP_WORDS_BY_LANGUAGE.get(language)
    if stop is None:
        return suggest.words(text)
    norm = unicodedata.normalize("NFKC", text).lower()
    return [
        w for w in suggest._WORD.findall(norm) if len(w) > 1 and w not in stop and not w.isdigit()
    ]


def _key(text: str) -> str:
    return " ".join(suggest._WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


# --- near copies -------------------------------------------------------------------------


def _near_copies(keys: list[str], check: Callable[[], None] | None) -> np.ndarray:
    """The representative (an index into keys) of every key after merging near copies."""
    earliest = np.arange(len(keys))
    for sort_key in (keys, [k[::-1] for k in keys]):  # by the start, then by the end
        order = np.argsort(np.asarray(sort_key, dtype=object), kind="stable")
        strings = [keys[i] for i in order]
        for start in range(0, len(order), BLOCK):
            if check is not None and start % (16 * BLOCK) == 0:
                check()
            scores = process.cdist(
                strings[start : start + BLOCK],
                strings[start : start + 2 * BLOCK],
                scorer=fuzz.ratio,
                score_cutoff=NEAR_COPY,
                dtype=np.uint8,
                workers=-1,
            )
            a, b = np.nonzero(scores)
            i, j = order[start + a], order[start + b]
            np.minimum.at(earliest, np.maximum(i, j), np.minimum(i, j))
    # A near copy joins the representative of the earliest comment it nearly copies.
    rep = earliest.copy()
    for j in np.flatnonzero(earliest != np.arange(len(keys))).tolist():
        rep[j] = rep[earliest[j]]
    return rep


# --- sparse matrix and NMF ---------------------------------------------------------------


@dataclass(frozen=True)
class _Sparse:
    """A sparse matrix as flat (row, column, value) arrays: enough for A·X and B·Xᵀ."""

    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    shape: tuple[int, int]

    def left(self, a: np.ndarray) -> np.ndarray:
        """a @ X for a of shape (k, rows): one bincount per row of a (fast for small k)."""
        g = np.take(a, self.rows, axis=1)
        g *= self.vals
        return np.stack([np.bincount(self.cols, weights=r, minlength=self.shape[1]) for r in g])

    def right(self, b: np.ndarray) -> np.ndarray:
        """b @ Xᵀ for b of shape (k, columns)."""
        g = np.take(b, self.cols, axis=1)
        g *= self.vals
        return np.stack([np.bincount(self.rows, weights=r, minlength=self.shape[0]) for r in g])

    def take(self, rows: np.ndarray) -> _Sparse:
        """The given rows (renumbered), keeping only the columns they use."""
        pos = np.full(self.shape[0], -1)
        pos[rows] = np.arange(len(rows))
        keep = pos[self.rows] >= 0
        used, cols = np.unique(self.cols[keep], return_inverse=True)
        return _Sparse(pos[self.rows[keep]], cols, self.vals[keep], (len(rows), len(used)))


def _nndsvd(x: _Sparse, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """NNDSVD start (Boutsidis & Gallopoulos 2008) from a seeded randomised truncated SVD.

    Returns Wᵀ (k × rows) and H (k × columns)."""
    rng = np.random.default_rng(seed)
    n, m = x.shape
    y = x.right(rng.standard_normal((min(m, k + 10), m))).T  # X·Ω
    for _ in range(2):  # power iterations sharpen the range
        q, _r = np.linalg.qr(y)
        z, _r = np.linalg.qr(x.left(q.T).T)
        y = x.right(z.T).T
    q, _r = np.linalg.qr(y)
    u_small, s, vt = np.linalg.svd(x.left(q.T), full_matrices=False)
    u = (q @ u_small).T
    wt, h = np.zeros((k, n)), np.zeros((k, m))
    wt[0], h[0] = np.sqrt(s[0]) * np.abs(u[0]), np.sqrt(s[0]) * np.abs(vt[0])
    for j in range(1, min(k, len(s))):
        a, b = u[j], vt[j]
        ap, an, bp, bn = np.maximum(a, 0), np.maximum(-a, 0), np.maximum(b, 0), np.maximum(-b, 0)
        np_, nn = np.linalg.norm(ap) * np.linalg.norm(bp), np.linalg.norm(an) * np.linalg.norm(bn)
        a, b, size = (ap, bp, np_) if np_ >= nn else (an, bn, nn)
        na, nb = np.linalg.norm(a), np.linalg.norm(b)
        if na > 0 and nb > 0:
            scale = np.sqrt(s[j] * size)
            wt[j], h[j] = scale * a / na, scale * b / nb
    # An all-zero factor would never move under HALS: give it a small constant start.
    mean = float(x.vals.sum()) / max(n * m, 1)
    wt[wt.sum(axis=1) == 0] = mean
    h[h.sum(axis=1) == 0] = mean
    return wt, h


def _nmf(
    x: _Sparse, k: int, seed: int, max_iter: int, check: Callable[[], None] | None
) -> tuple[np.ndarray, np.ndarray]:
    """X ≈ W·H by HALS (Cichocki & Phan 2009): W (rows × k), H (k × columns, unit rows)."""
    wt, h = _nndsvd(x, k, seed)
    xx = float(np.dot(x.vals, x.vals))
    start = last = None
    for it in range(max_iter):
        hxt, hht = x.right(h), h @ h.T  # (X·Hᵀ)ᵀ and H·Hᵀ
        for j in range(k):
            if hht[j, j] > 1e-12:
                wt[j] = np.maximum(wt[j] + (hxt[j] - hht[j] @ wt) / hht[j, j], 0.0)
        wtx, wtw = x.left(wt), wt @ wt.T  # Wᵀ·X and Wᵀ·W
        for j in range(k):
            if wtw[j, j] > 1e-12:
                h[j] = np.maximum(h[j] + (wtx[j] - wtw[j] @ h) / wtw[j, j], 0.0)
        if it % 10 == 0:
            if check is not None:
                check()
            err = xx - 2 * float(np.sum(wtx * h)) + float(np.sum(wtw * (h @ h.T)))
            if start is None:
                start = err
            elif last is not None and (last - err) / max(start, 1e-12) < TOL:
                break
            last = err
    norms = np.linalg.norm(h, axis=1)
    norms[norms == 0] = 1.0
    return (wt * norms[:, None]).T, h / norms[:, None]


def _cosines(vectors: np.ndarray) -> np.ndarray:
    """Cosine between every two rows (0 on the diagonal)."""
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    unit = vectors / norms[:, None]
    sims = unit @ unit.T
    np.fill_diagonal(sims, 0.0)
    return sims


def _overlap(w: np.ndarray, h: np.ndarray, counts: np.ndarray) -> float:
    """The largest word cosine + comment cosine of two themes; inf if one is under MIN_SHARE."""
    strongest = np.argmax(w, axis=1)
    has = w.max(axis=1) > 0
    shares = np.bincount(strongest[has], weights=counts[has], minlength=h.shape[0])
    if shares.min() < MIN_SHARE * max(float(counts.sum()), 1.0):
        return float("inf")
    return float((_cosines(h) + _cosines(w.T)).max())


def _choose_k(
    x: _Sparse, counts: np.ndarray, k_max: int, seed: int, check: Callable[[], None] | None
) -> tuple[int, bool]:
    """The largest k whose themes stay distinct (True), else the k overlapping least (False)."""
    rows = np.arange(x.shape[0])
    if len(rows) > SEARCH_DOCS:
        rows = np.sort(np.random.default_rng(seed).choice(rows, SEARCH_DOCS, replace=False))
    sample, sample_counts = x.take(rows), counts[rows]
    overlaps = {}
    for k in range(2, k_max + 1):
        w, h = _nmf(sample, k, seed, SEARCH_ITER, check)
        overlaps[k] = _overlap(w, h, sample_counts)
    distinct = [k for k, o in overlaps.items() if o < DISTINCT_BELOW]
    if distinct:
        return max(distinct), True
    return min(overlaps, key=lambda k: (overlaps[k], k)), False


# --- the whole run -----------------------------------------------------------------------


@dataclass
class _Comments:
    """The distinct comments (after normalising) and their words."""

    keys: list[str]  # normalised text of each distinct comment
    first: list[int]  # its first text
    of_text: np.ndarray  # per text: its distinct comment, or -1 when blank
    terms: list[list[int]]  # term ids of each distinct comment
    surface: dict[int, str]  # term id → its most frequent word


def _distinct_comments(
    items: list[str], languages: Sequence[str], check: Callable[[], None] | None
) -> _Comments:
    index: dict[str, int] = {}
    first: list[int] = []
    of_text = np.full(len(items), -1, dtype=np.intp)
    for i, text in enumerate(items):
        if check is not None and i % CHECK_EVERY == 0:
            check()
        key = _key(text)
        if key:
            u = index.setdefault(key, len(index))
            if u == len(first):
                first.append(i)
            of_text[i] = u
    vocab: dict[tuple[str, str], int] = {}
    pairs: Counter[tuple[int, str]] = Counter()
    terms: list[list[int]] = []
    for u, i in enumerate(first):
        if check is not None and u % CHECK_EVERY == 0:
            check()
        lang = languages[i] if languages[i] in STOP_WORDS_BY_LANGUAGE else "en"
        ids = []
        for word in _words(items[i], lang):
            t = vocab.setdefault((lang, _stem(lang, word)), len(vocab))
            pairs[(t, word)] += 1
            ids.append(t)
        terms.append(ids)
    best: dict[int, tuple[int, str]] = {}
    for (t, word), c in pairs.items():
        if t not in best or (c, word) > best[t]:
            best[t] = (c, word)
    surface = {t: word for t, (_c, word) in best.items()}
    return _Comments(list(index), first, of_text, terms, surface)


def _empty(n: int, duplicate_of: np.ndarray, messages: list[str]) -> ThemeResult:
    return ThemeResult((), np.full(n, -1, dtype=np.intp), duplicate_of, 0, False, tuple(messages))


def find_themes(
    texts: Sequence[str],
    *,
    languages: Sequence[str] | None = None,
    n_themes: int | None = None,
    seed: int = 0,
    check: Callable[[], None] | None = None,
) -> ThemeResult:
    """Themes of the comments (see the module docstring for every rule).

    `languages` (one per text, e.g. CommentScores.language) saves detecting them again;
    `n_themes` fixes the number of themes; `check` is called now and then and may raise to
    cancel.
    """
    items = [t if isinstance(t, str) else "" for t in texts]
    n = len(items)
    if languages is None:
        languages = detect_languages(items, check)
    elif len(languages) != n:
        raise ValueError(f"{len(languages)} languages for {n} texts")
    if n_themes is not None and n_themes < 1:
        raise ValueError("n_themes must be at least 1")
    c = _distinct_comments(items, languages, check)
    nothing = "There are no comments with words to group; no themes were made."
    if not c.keys:
        return _empty(n, np.arange(n, dtype=np.intp), [nothing])

    # Near copies among the distinct comments with words; `group` = representative's id.
    group = np.arange(len(c.keys), dtype=np.intp)
    with_words = np.asarray([u for u, ids in enumerate(c.terms) if ids], dtype=np.intp)
    if len(with_words):
        group[with_words] = with_words[_near_copies([c.keys[u] for u in with_words], check)]
    blank = c.of_text < 0
    group_of_text = np.where(blank, -1, group[np.maximum(c.of_text, 0)])
    first = np.asarray(c.first, dtype=np.intp)
    duplicate_of = np.where(blank, np.arange(n), first[np.maximum(group_of_text, 0)])
    messages: list[str] = []
    copies = int(np.count_nonzero(duplicate_of != np.arange(n)))
    if copies:
        messages.append(
            f"{copies:,} comment{'s' if copies != 1 else ''} repeated another one (exactly or "
            "nearly) and count with it."
        )

    # One document per group with words; `counts` = the comments it stands for.
    doc_ids = np.unique(group[with_words])
    doc_of_group = np.full(len(c.keys), -1, dtype=np.intp)
    doc_of_group[doc_ids] = np.arange(len(doc_ids))
    doc_of_text = np.where(blank, -1, doc_of_group[np.maximum(group_of_text, 0)])
    counts = np.bincount(doc_of_text[doc_of_text >= 0], minlength=len(doc_ids)).astype(float)
    n_docs = len(doc_ids)
    if n_docs < MIN_DOCS:
        messages.append(
            f"Only {n_docs:,} different comment{'s' if n_docs != 1 else ''} with words to "
            f"group (at least {MIN_DOCS} are needed); no themes were made."
            if n_docs
            else nothing
        )
        return _empty(n, duplicate_of, messages)
    x, term_ids = _tfidf([c.terms[u] for u in doc_ids], max(len(c.surface), 1))
    if x.shape[1] == 0:
        messages.append("No word recurs across the comments; no themes were made.")
        return _empty(n, duplicate_of, messages)

    k_max = min(MAX_THEMES, n_docs // DOCS_PER_THEME)
    if n_themes is not None:
        k = min(n_themes, n_docs // 2)
        if k < n_themes:
            messages.append(f"{n_themes} themes were asked for; {k} is the most these allow.")
    elif k_max < 2:
        k = 1
        messages.append(
            f"{n_docs:,} different comments are too few to tell themes apart "
            f"({DOCS_PER_THEME} per theme are needed): they make one theme."
        )
    else:
        k, distinct = _choose_k(x, counts, k_max, seed, check)
        rule = (
            f"no two themes' word cosine plus comment cosine reaches {DISTINCT_BELOW:g}, and "
            f"each holds at least {MIN_SHARE:.0%} of the comments"
        )
        messages.append(
            f"{k} themes were chosen automatically: the largest number (of 2–{k_max} tried) "
            f"whose themes stay distinct ({rule})."
            if distinct
            else f"{k} themes were chosen automatically: no number of 2–{k_max} kept the themes "
            f"distinct ({rule}), so the one whose themes overlap least."
        )
    w, h = _nmf(x, k, seed, MAX_ITER, check)

    # Each document to its strongest theme; none when it has no weight or too little.
    strongest = np.argmax(w, axis=1)
    top = w[np.arange(n_docs), strongest]
    doc_theme = np.where(top > 1e-9, strongest, -1)
    for j in range(k):
        mine = doc_theme == j
        if mine.any():
            doc_theme[mine & (top < WEAK_SHARE * float(np.median(top[mine])))] = -1
    text_theme = np.where(doc_of_text >= 0, doc_theme[np.maximum(doc_of_text, 0)], -1)

    mentions = np.bincount(text_theme[text_theme >= 0], minlength=k)
    order = [j for j in sorted(range(k), key=lambda j: (-mentions[j], j)) if mentions[j] > 0]
    new_index = np.full(k, -1, dtype=np.intp)
    themes: list[Theme] = []
    for number, j in enumerate(order, start=1):
        new_index[j] = number - 1
        members = np.flatnonzero(text_theme == j)
        best = np.argsort(-h[j], kind="stable")[:TOP_TERMS]
        words = tuple(c.surface[int(term_ids[t])] for t in best if h[j, t] > 0)
        docs = np.flatnonzero(doc_theme == j)
        quotes = _quotes(
            [items[c.first[doc_ids[d]]] for d in docs],
            [c.keys[doc_ids[d]] for d in docs],
            w[docs, j],
        )
        label = " · ".join(words[:LABEL_WORDS])
        themes.append(Theme(number, label, words, members, quotes, w[doc_of_text[members], j]))
    assignment = np.where(text_theme >= 0, new_index[np.maximum(text_theme, 0)], -1)
    if len(themes) < k:
        messages.append(f"{k - len(themes)} of the {k} themes found no comments of their own.")
    unplaced = int(np.count_nonzero((assignment < 0) & ~blank))
    if unplaced:
        messages.append(
            f"{unplaced:,} comment{'s are' if unplaced != 1 else ' is'} in no theme (no words "
            "shared with other comments, or too weakly tied to any theme)."
        )
    return ThemeResult(
        themes=tuple(themes),
        assignment=assignment.astype(np.intp),
        duplicate_of=duplicate_of.astype(np.intp),
        chosen=len(themes),
        automatic=n_themes is None,
        messages=tuple(messages),
    )


def _tfidf(docs: list[list[int]], n_terms: int) -> tuple[_Sparse, np.ndarray]:
    """TF-IDF rows of the documents over the kept terms, and the kept terms' ids."""
    lengths = np.asarray([len(d) for d in docs], dtype=np.intp)
    flat_doc = np.repeat(np.arange(len(docs), dtype=np.intp), lengths)
    flat_term = np.concatenate([np.asarray(d, dtype=np.intp) for d in docs])
    pairs, tf = np.unique(flat_doc.astype(np.int64) * n_terms + flat_term, return_counts=True)
    d_arr, t_arr = pairs // n_terms, pairs % n_terms
    df = np.bincount(t_arr, minlength=n_terms)
    ok = (df >= 2) & (df <= MAX_DF_SHARE * len(docs))
    candidates = np.flatnonzero(ok)
    keep = candidates[np.argsort(-df[candidates], kind="stable")[:MAX_TERMS]]
    keep.sort()
    column = np.full(n_terms, -1, dtype=np.intp)
    column[keep] = np.arange(len(keep))
    sel = column[t_arr] >= 0
    d_arr, cols = d_arr[sel], column[t_arr[sel]]
    idf = np.log((1.0 + len(docs)) / (1.0 + df[keep])) + 1.0
    vals = tf[sel] * idf[cols]
    norms = np.sqrt(np.bincount(d_arr, weights=vals * vals, minlength=len(docs)))
    vals = vals / norms[d_arr]
    return _Sparse(d_arr.astype(np.intp), cols, vals, (len(docs), len(keep))), keep


def _quotes(texts: list[str], keys: list[str], weight: np.ndarray) -> tuple[str, ...]:
    """Up to QUOTES comments: strongest first, 40–200 characters preferred, no near copies."""
    lo, hi = QUOTE_LENGTH
    order = sorted(
        range(len(texts)),
        key=lambda i: (not lo <= len(texts[i].strip()) <= hi, -weight[i], i),
    )
    picked: list[int] = []
    for i in order:
        if all(fuzz.ratio(keys[i], keys[p]) < NEAR_COPY for p in picked):
            picked.append(i)
            if len(picked) == QUOTES:
                break
    return tuple(" ".join(texts[i].split()) for i in picked)
