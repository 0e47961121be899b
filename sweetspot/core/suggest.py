"""Suggested links: the insights and objectives an initiative probably addresses.

Each initiative (title + description + theme, plus a custom "tags" column when there is one)
is compared with every insight (need + evidence + tags) and objective (objective + KPI) by the
cosine similarity of their TF-IDF vectors, and a target that shares tags with the initiative is
boosted. Suggestions are never applied: the app lists them, with the words that matched and a
suggested strength, and the consultant accepts one at a time (an undoable link edit).

Text handling is deliberately small and predictable, so a consultant can see why a suggestion
came up:

- words are lower-cased runs of letters/digits; English stop words and 1-letter words dropped;
- light stemming: plural ``s``/``ies``, ``-ing`` and ``-ed`` are removed and a final ``e`` is
  dropped, so "queue", "queues", "queuing" and "queued" are one term (``queu``);
- TF-IDF: raw term counts × smoothed IDF ``ln((1 + n) / (1 + df)) + 1`` over all insights,
  objectives and initiatives (the same formula as scikit-learn's default), vectors L2-normalised;
- score = cosine + ``TAG_BOOST`` × number of shared tags (at most ``MAX_TAG_BOOST``), capped at 1;
- suggested strength from the score: ≥ ``STRONG_AT`` → 9 (strong), ≥ ``MEDIUM_AT`` → 3 (medium),
  otherwise 1 (weak); nothing below ``MIN_SCORE`` is suggested.

Decision: plain numpy, not scikit-learn. TfidfVectorizer would add a large dependency (and scipy)
to the app bundle for one feature of ~200 lines; the vectors are stored as flat (document, term,
weight) arrays so a 100,000-insight programme is scored with one ``bincount`` per query.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from sweetspot.core.model import Workshop

TargetKind = Literal["insight", "objective"]

TAG_BOOST = 0.10
MAX_TAG_BOOST = 0.30
STRONG_AT = 0.40
MEDIUM_AT = 0.20
MIN_SCORE = 0.05

# A compact English stop-word list (articles, pronouns, auxiliaries, prepositions, fillers).
_STOP_TEXT = """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn doing
    don down during each else etc even ever every few for from further get gets got had hadn has
    hasn have haven having he her here hers herself him himself his how however i if in into is
    isn it its itself just let ll me more most much must my myself need needs no nor not now of
    off on once one only or other our ours ourselves out over own per please re really s same
    shall she should shouldn so some such t than that the their theirs them themselves then there
    these they this those though through to too under until up upon us very via want wants was
    wasn we were weren what when where whether which while who whom whose why will with within
    without won would wouldn ve yet you your yours yourself yourselves d m o y
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def stem(word: str) -> str:
    """Light English stemming: plurals, -ing, -ed, and a final e (see the module docstring)."""
    w = word
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing") and _has_vowel(w[:-3]):
        w = _undouble(w[:-3])
    elif len(w) > 4 and w.endswith("ed") and not w.endswith("eed") and _has_vowel(w[:-2]):
        w = _undouble(w[:-2])
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return stem(word)


def _has_vowel(s: str) -> bool:
    return any(ch in "aeiouy" for ch in s)


def _undouble(s: str) -> str:
    # "stopp" → "stop", but "call" and "pass" keep their double letter (Porter's rule).
    if len(s) > 2 and s[-1] == s[-2] and s[-1] not in "aeioulsz":
        return s[:-1]
    return s


def words(text: object) -> list[str]:
    """The content words of a text, lower case, stop words removed (not stemmed)."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return []
    # Apostrophes split words: "what's" → "what" + "s", "don't" → "don" + "t" (stop words).
    norm = unicodedata.normalize("NFKC", str(text)).casefold()
    return [
        w for w in _WORD.findall(norm) if len(w) > 1 and w not in STOP_WORDS and not w.isdigit()
    ]


def terms(text: object) -> list[str]:
    """The stemmed terms of a text."""
    return [_stem(w) for w in words(text)]


def split_tags(value: object) -> list[str]:
    """Tags from a cell: separated by commas, semicolons, pipes or new lines."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    return [t.strip() for t in re.split(r"[,;|\n]", str(value)) if t.strip()]


@dataclass(frozen=True)
class Suggestion:
    """A link the texts suggest: initiative → target, with why and how strong."""

    initiative: str
    target: str
    kind: TargetKind
    # The target's text (need or objective), for the list.
    label: str
    # Cosine similarity of the TF-IDF vectors, 0–1.
    similarity: float
    # Tags of the target whose words all occur in the initiative.
    shared_tags: tuple[str, ...]
    # Similarity plus the tag boost, capped at 1: what suggestions are ranked by.
    score: float
    # The words both texts share, biggest contribution to the similarity first.
    matched_words: tuple[str, ...]
    # Suggested link strength on the 1/3/9 ladder.
    strength: float


def suggested_strength(score: float) -> float:
    """9 (strong) from STRONG_AT, 3 (medium) from MEDIUM_AT, otherwise 1 (weak)."""
    if score >= STRONG_AT:
        return 9.0
    if score >= MEDIUM_AT:
        return 3.0
    return 1.0


def _column(df: pd.DataFrame, name: str) -> list[object]:
    if name not in df.columns:
        return [""] * len(df)
    return df[name].tolist()


def _join(*parts: Iterable[object]) -> list[str]:
    out = []
    for values in zip(*parts, strict=True):
        out.append(" ".join("" if pd.isna(v) else str(v) for v in values))
    return out


class SuggestionIndex:
    """TF-IDF vectors of every insight, objective and initiative of one workshop.

    Build it once per workshop state (it is cheap: one pass over the texts) and ask
    `suggest(initiative_id)` for any initiative.
    """

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        ins, obj, ini = workshop.insights, workshop.objectives, workshop.initiatives
        self.target_ids: list[str] = [str(i) for i in ins["id"]] + [str(i) for i in obj["id"]]
        insight: list[TargetKind] = ["insight"]
        objective: list[TargetKind] = ["objective"]
        self.target_kinds: list[TargetKind] = insight * len(ins) + objective * len(obj)
        self.target_labels: list[str] = [str(x) for x in _column(ins, "need")] + [
            str(x) for x in _column(obj, "objective")
        ]
        target_texts = _join(_column(ins, "need"), _column(ins, "evidence"), _column(ins, "tags"))
        target_texts += _join(_column(obj, "objective"), _column(obj, "kpi"))
        init_texts = _join(
            _column(ini, "initiative"),
            _column(ini, "description"),
            _column(ini, "theme"),
            _column(ini, "tags"),
        )
        self.initiative_ids: list[str] = [str(i) for i in ini["id"]]
        self._init_pos = {ident: pos for pos, ident in enumerate(self.initiative_ids)}
        self.target_tags: list[list[str]] = [split_tags(t) for t in _column(ins, "tags")] + [
            [] for _ in range(len(obj))
        ]
        # Distinct tags as term sets, and (target, tag) pairs as flat arrays, so the shared tags
        # of a query are one set test per distinct tag and one bincount.
        tag_pos: dict[str, int] = {}
        pair_target: list[int] = []
        pair_tag: list[int] = []
        for j, tags in enumerate(self.target_tags):
            for tag in tags:
                pair_target.append(j)
                pair_tag.append(tag_pos.setdefault(tag, len(tag_pos)))
        self._tag_names = list(tag_pos)
        self._tag_pos = tag_pos
        self._tag_sets = [frozenset(terms(t)) for t in self._tag_names]
        self._pair_target = np.asarray(pair_target, dtype=np.intp)
        self._pair_tag = np.asarray(pair_tag, dtype=np.intp)

        # Words of each distinct text once (real programmes repeat texts; stems are cached).
        texts = target_texts + init_texts
        seen: dict[str, list[str]] = {}
        for t in texts:
            if t not in seen:
                seen[t] = words(t)
        # Surface form of each stem: the word seen most often (shown as "matched words").
        pairs: Counter[tuple[str, str]] = Counter()
        for toks in seen.values():
            pairs.update((_stem(w), w) for w in toks)
        surface: dict[str, tuple[int, str]] = {}
        for (st, word), n in pairs.items():
            best = surface.get(st)
            if best is None or (n, word) > best:
                surface[st] = (n, word)
        self._surface = {st: word for st, (_n, word) in surface.items()}
        self.vocabulary: dict[str, int] = {st: k for k, st in enumerate(sorted(surface))}
        vocab = self.vocabulary
        term_ids = {
            t: np.asarray([vocab[_stem(w)] for w in ws], dtype=np.intp) for t, ws in seen.items()
        }
        docs_terms = [term_ids[t] for t in texts]

        n_docs = len(docs_terms)
        n_terms = max(len(vocab), 1)
        lengths = np.asarray([len(a) for a in docs_terms], dtype=np.intp)
        flat_doc = np.repeat(np.arange(n_docs, dtype=np.intp), lengths)
        flat_term = np.concatenate(docs_terms) if n_docs else np.zeros(0, dtype=np.intp)
        keys, counts = np.unique(
            flat_doc.astype(np.int64) * n_terms + flat_term, return_counts=True
        )
        d_arr = (keys // n_terms).astype(np.intp)
        t_arr = (keys % n_terms).astype(np.intp)
        tf = counts.astype(float)
        df = np.bincount(t_arr, minlength=len(vocab)).astype(float)
        self.idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
        w = tf * self.idf[t_arr]
        norms = np.sqrt(np.bincount(d_arr, weights=w * w, minlength=n_docs))
        with np.errstate(divide="ignore", invalid="ignore"):
            w = np.where(norms[d_arr] > 0, w / norms[d_arr], 0.0)
        self._doc, self._term, self._weight = d_arr, t_arr, w
        # Entries are sorted by document, so each one's entries are a slice (CSR offsets).
        self._start = np.searchsorted(d_arr, np.arange(n_docs + 1))
        self._stems = {k: st for st, k in vocab.items()}
        self._n_targets = len(target_texts)
        self._init_terms = [{self._stems[int(t)] for t in a} for a in docs_terms[self._n_targets :]]
        self._is_insight = np.arange(self._n_targets) < len(ins)

    def _vector(self, doc: int) -> dict[int, float]:
        a, b = self._start[doc], self._start[doc + 1]
        return dict(zip(self._term[a:b].tolist(), self._weight[a:b].tolist(), strict=True))

    def similarities(self, initiative_id: str) -> np.ndarray:
        """Cosine similarity of the initiative with every target (insights, then objectives)."""
        pos = self._init_pos.get(initiative_id)
        if pos is None:
            raise KeyError(f"No initiative with ID {initiative_id}")
        query = np.zeros(len(self.vocabulary))
        for t, v in self._vector(self._n_targets + pos).items():
            query[t] = v
        on_targets = self._doc < self._n_targets
        contrib = self._weight[on_targets] * query[self._term[on_targets]]
        return np.bincount(self._doc[on_targets], weights=contrib, minlength=self._n_targets)

    def suggest(
        self,
        initiative_id: str,
        *,
        top: int | None = 10,
        min_score: float = MIN_SCORE,
        kinds: Sequence[TargetKind] = ("insight", "objective"),
        include_linked: bool = False,
        words_per_suggestion: int = 5,
    ) -> list[Suggestion]:
        """The targets the initiative probably addresses, best first.

        Targets already linked to it (strength > 0) are left out unless `include_linked`.
        """
        sims = self.similarities(initiative_id)
        pos = self._init_pos[initiative_id]
        init_terms = self._init_terms[pos]
        linked: set[str] = set()
        if not include_linked:
            links = self.workshop.links
            mine = links["initiative"].astype(str) == initiative_id
            strong = pd.to_numeric(links["strength"], errors="coerce").fillna(0.0) > 0
            linked = set(links.loc[mine & strong, "target"].astype(str))
        query = self._vector(self._n_targets + pos)
        shared_tag = np.asarray(
            [bool(ts) and ts <= init_terms for ts in self._tag_sets], dtype=bool
        )
        pair_hit = shared_tag[self._pair_tag] if len(self._pair_tag) else np.zeros(0, bool)
        n_shared = np.bincount(self._pair_target[pair_hit], minlength=self._n_targets)
        total_all = np.minimum(1.0, sims + np.minimum(TAG_BOOST * n_shared, MAX_TAG_BOOST))
        wanted = np.where(self._is_insight, "insight" in kinds, "objective" in kinds)
        ok = (total_all >= min_score) & (total_all > 0) & wanted
        scored: list[tuple[float, int, tuple[str, ...]]] = []
        for j in np.flatnonzero(ok).tolist():
            if self.target_ids[j] in linked:
                continue
            shared: tuple[str, ...] = ()
            if n_shared[j]:
                shared = tuple(tag for tag in self.target_tags[j] if shared_tag[self._tag_pos[tag]])
            scored.append((float(total_all[j]), j, shared))
        scored.sort(key=lambda x: (-x[0], self.target_kinds[x[1]] != "insight", x[1]))
        if top is not None:
            scored = scored[:top]
        out: list[Suggestion] = []
        for total, j, shared in scored:
            target_vec = self._vector(j)
            common = sorted(
                (t for t in target_vec if t in query),
                key=lambda t: (-target_vec[t] * query[t], t),
            )
            matched = tuple(self._surface[self._stems[t]] for t in common[:words_per_suggestion])
            out.append(
                Suggestion(
                    initiative=initiative_id,
                    target=self.target_ids[j],
                    kind=self.target_kinds[j],
                    label=self.target_labels[j],
                    similarity=float(sims[j]),
                    shared_tags=shared,
                    score=total,
                    matched_words=matched,
                    strength=suggested_strength(total),
                )
            )
        return out


def suggest_links(
    workshop: Workshop,
    initiative_id: str,
    *,
    top: int | None = 10,
    min_score: float = MIN_SCORE,
    kinds: Sequence[TargetKind] = ("insight", "objective"),
    include_linked: bool = False,
) -> list[Suggestion]:
    """Suggested links for one initiative (builds a SuggestionIndex; reuse one for many)."""
    return SuggestionIndex(workshop).suggest(
        initiative_id, top=top, min_score=min_score, kinds=kinds, include_linked=include_linked
    )


def suggestions_table(suggestions: Sequence[Suggestion]) -> pd.DataFrame:
    """Suggestions as a table (for the CLI or an export)."""
    return pd.DataFrame(
        {
            "initiative": [s.initiative for s in suggestions],
            "target": [s.target for s in suggestions],
            "kind": [s.kind for s in suggestions],
            "label": [s.label for s in suggestions],
            "similarity": [s.similarity for s in suggestions],
            "shared_tags": [", ".join(s.shared_tags) for s in suggestions],
            "score": [s.score for s in suggestions],
            "matched_words": [", ".join(s.matched_words) for s in suggestions],
            "strength": [s.strength for s in suggestions],
        }
    )
