"""The customer journey: where in it customers hurt, how much the initiatives cover, and how
they feel.

Stages run across (the order they first appear in the data, or the order the room set and the
project saved), segments down, with "All customers" on top. Every figure of a stage × segment
cell is computed here, once, for the Journey view, the `Journey` export sheet, the report page and
`sweetspot journey`:

- total need: Σ N_j of the cell's insights (N_j the need weight of "How scores work", without the
  lens, as the unmet needs list: where customers hurt is a fact about the evidence);
- unmet need: Σ N_j of the insights no initiative addresses with strength ≥ 3 (medium);
- coverage: Σ N_j × s_j / 9 ÷ total need, s_j the strongest link to insight j (strength-weighted
  as in customer impact, but the strongest link only, so two weak links never make a need met);
- need relieved by the top N: the same sum over only the links of the top N sweet spots in rank
  order, the projection of "if these ship". No sentiment is invented for the to-be journey: the
  projection says how much of the stage's need those initiatives act on, nothing more;
- mean sentiment: the plain mean over the cell's insights that have one, on −1…1 (see
  `read_sentiment`), with how many had one;
- dominant emotions: the three most named in the Emotion column (split at , ; /);
- initiatives acting there: those with a link of strength ≥ 3 to one of the cell's insights, in
  rank order.

A stage is flagged when it holds an unmet need of the unmet needs list (need weight above the
median, no link ≥ 3) and no initiative acts there at all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sweetspot.core.graph import ADDRESSED_STRENGTH
from sweetspot.core.model import FULL_STRENGTH, Workshop
from sweetspot.core.scoring import ScoreResult, need_weights
from sweetspot.core.values import is_blank

ALL_CUSTOMERS = "All customers"
# The project's view state key that holds the journey plan (stage order, targets, top N).
PLAN_KEY = "journey"
DEFAULT_TOP = 5
MAX_EMOTIONS = 3

# Sentiment words, case- and accent-insensitive as typed (English, German, French, Dutch,
# Spanish): five steps on −1…1.
SENTIMENT_WORDS: dict[str, float] = {
    **dict.fromkeys(
        ["very negative", "sehr negativ", "très négatif", "tres negatif", "zeer negatief",
         "muy negativo"],
        -1.0,
    ),
    **dict.fromkeys(
        ["negative", "neg", "negativ", "négatif", "negatif", "negatief", "negativo"], -0.5
    ),
    **dict.fromkeys(
        ["slightly negative", "somewhat negative", "leicht negativ", "plutôt négatif"], -0.25
    ),
    **dict.fromkeys(["neutral", "neu", "neutre", "neutraal", "neutro", "mixed", "gemischt"], 0.0),
    **dict.fromkeys(
        ["slightly positive", "somewhat positive", "leicht positiv", "plutôt positif"], 0.25
    ),
    **dict.fromkeys(["positive", "pos", "positiv", "positif", "positief", "positivo"], 0.5),
    **dict.fromkeys(
        ["very positive", "sehr positiv", "très positif", "tres positif", "zeer positief",
         "muy positivo"],
        1.0,
    ),
}  # fmt: skip

CELL_COLUMNS = [
    "segment",
    "stage",
    "insights",
    "total_need",
    "unmet_need",
    "coverage",
    "relieved",
    "need_left",
    "sentiment",
    "sentiment_n",
    "emotions",
    "initiatives",
    "flagged",
]


# -- the plan the room agrees on ---------------------------------------------------------------
@dataclass(frozen=True)
class StageTarget:
    """The feeling the workshop wants a stage to leave customers with."""

    sentiment: float | None = None  # −1…1
    feeling: str = ""

    @property
    def is_empty(self) -> bool:
        return self.sentiment is None and not self.feeling.strip()


@dataclass(frozen=True)
class JourneyPlan:
    """What the room set for the journey; saved in the project's view state under `PLAN_KEY`."""

    stage_order: tuple[str, ...] = ()
    targets: Mapping[str, StageTarget] = field(default_factory=dict)
    top: int = DEFAULT_TOP

    def to_state(self) -> dict[str, Any]:
        return {
            "stage_order": list(self.stage_order),
            "targets": {
                stage: {"sentiment": t.sentiment, "feeling": t.feeling}
                for stage, t in self.targets.items()
                if not t.is_empty
            },
            "top": int(self.top),
        }

    @classmethod
    def from_state(cls, state: object) -> JourneyPlan:
        """The plan in a project's view state; anything unreadable falls back to the default."""
        if not isinstance(state, Mapping):
            return cls()
        order = state.get("stage_order") or []
        targets: dict[str, StageTarget] = {}
        raw_targets = state.get("targets") or {}
        if isinstance(raw_targets, Mapping):
            for stage, raw in raw_targets.items():
                if not isinstance(raw, Mapping):
                    continue
                target = StageTarget(
                    _clip_sentiment(raw.get("sentiment")), str(raw.get("feeling") or "")
                )
                if not target.is_empty:
                    targets[str(stage)] = target
        top = state.get("top", DEFAULT_TOP)
        try:
            top = max(1, int(top))
        except (TypeError, ValueError):
            top = DEFAULT_TOP
        stages = tuple(str(s) for s in order) if isinstance(order, list | tuple) else ()
        return cls(stages, targets, top)

    def with_target(self, stage: str, target: StageTarget) -> JourneyPlan:
        targets = dict(self.targets)
        if target.is_empty:
            targets.pop(stage, None)
        else:
            targets[stage] = target
        return JourneyPlan(self.stage_order, targets, self.top)

    def with_order(self, stages: Sequence[str]) -> JourneyPlan:
        return JourneyPlan(tuple(stages), dict(self.targets), self.top)

    def with_top(self, top: int) -> JourneyPlan:
        return JourneyPlan(self.stage_order, dict(self.targets), max(1, int(top)))


def _clip_sentiment(value: object) -> float | None:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else float(np.clip(x, -1.0, 1.0))


def plan_of(view_state: Mapping[str, Any]) -> JourneyPlan:
    return JourneyPlan.from_state(view_state.get(PLAN_KEY))


# -- reading the columns -------------------------------------------------------------------------
def _text(value: object) -> str:
    return "" if is_blank(value) else str(value).strip()


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.casefold()).strip()


_FOLDED_WORDS = {_fold(k): v for k, v in SENTIMENT_WORDS.items()}


@dataclass(frozen=True)
class SentimentReading:
    """The Sentiment column on −1…1 (NaN where there is none), and how it was read."""

    values: np.ndarray
    scale: str  # "", "−1 to 1", "−5 to 5 (divided by 5)", "words", or a mix "… and words"
    unreadable: tuple[str, ...] = ()  # insight IDs whose sentiment could not be read

    @property
    def known(self) -> int:
        return int(np.count_nonzero(~np.isnan(self.values)))


def _texts(col: pd.Series | Sequence[object] | None, n: int) -> pd.Series:
    """A column as stripped text, blanks (None, NaN, white space) as "" (vectorised)."""
    if col is None:
        return pd.Series([""] * n, dtype=object)
    series = pd.Series(list(col) if not isinstance(col, pd.Series) else col, dtype=object)
    series = series.reset_index(drop=True)
    return series.where(series.notna(), "").astype(str).str.strip()


def read_sentiment(
    values: Sequence[object] | pd.Series, ids: Sequence[object] = ()
) -> SentimentReading:
    """Sentiments as typed into −1…1.

    Numbers: a column whose numbers all lie in −1…1 is used as it is; one whose numbers reach
    beyond 1 but stay within −5…5 is divided by 5; numbers beyond ±5 are not a sentiment scale
    we know and are left out. Words: very negative −1, negative −0.5, slightly negative −0.25,
    neutral (or mixed) 0, slightly positive 0.25, positive 0.5, very positive 1, in English,
    German, French, Dutch and Spanish. Anything else is left out and named."""
    n = len(values)
    texts = _texts(values, n)
    id_list = np.asarray(list(ids) if len(ids) == n else [str(i + 1) for i in range(n)], object)
    given = (texts != "").to_numpy()
    cleaned = texts.str.replace(",", ".", regex=False).str.replace("−", "-", regex=False)
    numbers = np.array(pd.to_numeric(cleaned.where(given, None), errors="coerce"), dtype=float)
    numbers[~np.isfinite(numbers)] = np.nan
    have = ~np.isnan(numbers)
    folded = texts.str.casefold().str.replace(r"[\s_\-]+", " ", regex=True).str.strip()
    word_values = np.array(folded.map(_FOLDED_WORDS), dtype=float)
    words = given & ~have & ~np.isnan(word_values)
    out = np.where(words, word_values, np.nan)
    bad = given & ~have & ~words
    scale = ""
    if have.any():
        biggest = float(np.abs(numbers[have]).max())
        if biggest <= 1.0:
            out[have] = numbers[have]
            scale = "−1 to 1"
        else:
            inside = have & (np.abs(np.nan_to_num(numbers)) <= 5.0)
            out[inside] = numbers[inside] / 5.0
            scale = "−5 to 5 (divided by 5)"
            bad |= have & ~inside
    if words.any():
        scale = f"{scale} and words" if scale else "words"
    return SentimentReading(out, scale, tuple(str(i) for i in id_list[bad]))


def split_emotions(value: object) -> list[str]:
    """'Frustrated, anxious' → ['frustrated', 'anxious'] (lower case, as a room would say them)."""
    return [p.strip().casefold() for p in re.split(r"[,;/|]", _text(value)) if p.strip()]


def _emotion_rows(col: pd.Series | None, n: int) -> pd.DataFrame:
    """Every emotion named, one row each: the insight's position and the emotion."""
    parts = _texts(col, n).str.casefold().str.split(r"[,;/|]", regex=True).explode()
    parts = parts.str.strip()
    parts = parts[parts.notna() & (parts != "")]
    return pd.DataFrame({"pos": parts.index.to_numpy(np.intp), "emotion": parts.to_numpy(object)})


def _distinct(col: pd.Series | None) -> list[str]:
    if col is None:
        return []
    texts = _texts(col, len(col))
    return [str(t) for t in pd.unique(texts[texts != ""].to_numpy(object))]


def stages_in_data(workshop: Workshop) -> list[str]:
    """The journey stages in the order they first appear in the Insights table."""
    return _distinct(workshop.insights.get("journey_stage"))


def stage_order(workshop: Workshop, plan: JourneyPlan | None = None) -> list[str]:
    """The saved order first (stages gone from the data dropped), then new ones in data order."""
    return _ordered(stages_in_data(workshop), plan)


def _ordered(present: list[str], plan: JourneyPlan | None) -> list[str]:
    known = set(present)
    saved = [s for s in (plan.stage_order if plan else ()) if s in known]
    chosen = set(saved)
    return saved + [s for s in present if s not in chosen]


def segments_in_data(workshop: Workshop) -> list[str]:
    return _distinct(workshop.insights.get("segment"))


# -- the map -----------------------------------------------------------------------------------
@dataclass
class JourneyMap:
    """Every figure of the journey view, by stage × segment ("All customers" first)."""

    stages: list[str]
    segments: list[str]  # ALL_CUSTOMERS first, then the segments in data order
    # One row per (segment, stage), segments in `segments` order, stages in `stages` order.
    cells: pd.DataFrame
    plan: JourneyPlan
    # The top N sweet spots the projection assumes ship, in rank order.
    shipped: list[str]
    sentiment: SentimentReading
    # Insights without a stage (counted nowhere on the map) and the whole workshop's median
    # need weight the unmet needs are measured against.
    unstaged: int = 0
    median_need: float = 0.0

    @property
    def has_stages(self) -> bool:
        return bool(self.stages)

    @property
    def has_sentiment(self) -> bool:
        return self.sentiment.known > 0

    def cell(self, segment: str, stage: str) -> pd.Series:
        rows = self.cells.loc[(self.cells["segment"] == segment) & (self.cells["stage"] == stage)]
        return rows.iloc[0]

    def grid(self, column: str) -> np.ndarray:
        """One figure as a segments × stages array (NaN where a segment has no insight)."""
        values = pd.to_numeric(self.cells[column], errors="coerce").to_numpy(float)
        return values.reshape(len(self.segments), len(self.stages))

    def stage_table(self) -> pd.DataFrame:
        """The All-customers row of every stage, with its target: what the curve draws."""
        rows = self.cells.loc[self.cells["segment"] == ALL_CUSTOMERS].reset_index(drop=True)
        targets = [self.plan.targets.get(s, StageTarget()) for s in rows["stage"]]
        rows["target_sentiment"] = [np.nan if t.sentiment is None else t.sentiment for t in targets]
        rows["target_feeling"] = [t.feeling for t in targets]
        return rows

    def flagged_stages(self) -> list[str]:
        table = self.stage_table()
        return [str(s) for s in table.loc[table["flagged"], "stage"]]

    def notes(self) -> list[str]:
        """Plain sentences about what the map could not use."""
        out: list[str] = []
        if self.unstaged:
            out.append(
                f"{self.unstaged} insight{'s' if self.unstaged != 1 else ''} without a journey "
                "stage are not on the map."
            )
        bad = self.sentiment.unreadable
        if bad:
            shown = ", ".join(bad[:5]) + (" …" if len(bad) > 5 else "")
            out.append(
                f"The sentiment of {len(bad)} insight{'s' if len(bad) != 1 else ''} could not be "
                f"read and is left out ({shown}): use −1…1, −5…5 or words such as negative, "
                "neutral, positive."
            )
        return out


def top_sweet_spots(result: ScoreResult, top: int) -> list[str]:
    """The first `top` initiatives of the Sweet spot quadrant, in rank order."""
    table = result.table
    return [str(i) for i in table.loc[table["quadrant"] == "Sweet spot", "id"].head(top)]


@dataclass
class _Base:
    """What the map takes from the evidence and the links alone: unchanged by weights, α or
    a lens, so a slider move reuses it (kept on the workshop, keyed by the data's content)."""

    stages: list[str]
    rows: list[str]
    need: np.ndarray
    member: np.ndarray  # insight position of each (insight, cell) membership
    cell_of: np.ndarray  # its cell, row-major over rows × stages
    insights: list[tuple[str, ...]]
    per_cell: dict[str, np.ndarray]
    acting: pd.DataFrame  # cell, init: links ≥ 3 into the cell, each initiative once
    emotions: dict[int, list[tuple[str, int]]]
    sentiment: SentimentReading
    link_target: np.ndarray  # insight position of each link (−1: not an insight)
    link_init: np.ndarray
    link_strength: np.ndarray
    unstaged: int
    median: float
    present: list[str] = field(default_factory=list)  # stages in data order

    def cells(self, weights: np.ndarray) -> np.ndarray:
        size = len(self.rows) * len(self.stages)
        return np.bincount(self.cell_of, weights=weights[self.member], minlength=size)[:size]


def _signature(workshop: Workshop) -> tuple[Any, ...]:
    """The content the base depends on: a hash of the columns it reads (7 ms at M)."""
    ins = workshop.insights
    columns = [c for c in _BASE_COLUMNS if c in ins.columns]
    links = workshop.links[["initiative", "target", "strength"]]
    return (
        tuple(columns),
        len(ins),
        len(links),
        int(pd.util.hash_pandas_object(ins[columns].astype(object), index=False).sum()),
        int(pd.util.hash_pandas_object(links.astype(object), index=False).sum()),
        workshop.scale.minimum,
        workshop.scale.maximum,
    )


_BASE_COLUMNS = (
    "id",
    "importance",
    "satisfaction",
    "reach",
    "segment",
    "journey_stage",
    "sentiment",
    "emotion",
)


def _base(workshop: Workshop, plan: JourneyPlan) -> _Base:
    """The kept base when the data is the same: the same revision and tables (no edit since:
    nothing to hash), or, after an edit, the same content of the columns the base reads."""
    quick = (workshop.revision, id(workshop.insights), id(workshop.links), workshop.scale)
    kept = workshop.score_cache.get("journey")
    base: _Base
    if kept is not None:
        key, base, kept_quick = kept
        same = kept_quick == quick
        if not same and key == _signature(workshop):
            same = True
            workshop.score_cache["journey"] = (key, base, quick)
        if same and base.stages == _ordered(base.present, plan):
            return base
    present = stages_in_data(workshop)
    base = _build_base(workshop, _ordered(present, plan))
    base.present = present
    workshop.score_cache["journey"] = (_signature(workshop), base, quick)
    return base


def _build_base(workshop: Workshop, stages: list[str]) -> _Base:
    ins = workshop.insights
    n = len(ins)
    ids = _texts(ins.get("id"), n).to_numpy(object)
    insight_ids = pd.Index(ids)
    need = need_weights(workshop).to_numpy(float)
    segments = segments_in_data(workshop)
    rows = [ALL_CUSTOMERS, *segments]
    raw_sentiment = ins["sentiment"] if "sentiment" in ins.columns else [None] * n
    sentiment = read_sentiment(raw_sentiment, list(ids))

    links = workshop.links
    link_target = insight_ids.get_indexer(pd.Index(links["target"].astype(str).array))
    raw = pd.to_numeric(links["strength"], errors="coerce").to_numpy(float)
    link_strength = np.nan_to_num(np.clip(raw, 0, FULL_STRENGTH))
    link_init = links["initiative"].astype(str).to_numpy(dtype=object)
    on_insight = link_target >= 0
    best = np.zeros(n)
    np.maximum.at(best, link_target[on_insight], link_strength[on_insight])
    addressed = on_insight & (link_strength >= ADDRESSED_STRENGTH)

    median = float(np.median(need)) if n else 0.0
    unmet = best < ADDRESSED_STRENGTH
    listed_unmet = (need > median) & unmet  # the unmet needs list's rule (graph.analyse)
    n_st, size = len(stages), len(rows) * len(stages)
    stage_pos = {s: k for k, s in enumerate(stages)}
    seg_pos = {s: k + 1 for k, s in enumerate(segments)}
    cell_stage = _texts(ins.get("journey_stage"), n).map(stage_pos).fillna(-1).to_numpy(np.intp)
    cell_seg = _texts(ins.get("segment"), n).map(seg_pos).fillna(-1).to_numpy(np.intp)
    # Each staged insight counts in two cells: its stage on the All-customers row, and its
    # stage on its segment's row (when it has a segment).
    staged = np.flatnonzero(cell_stage >= 0)
    with_segment = staged[cell_seg[staged] >= 0]
    member = np.concatenate([staged, with_segment])
    cell_of = np.concatenate(
        [cell_stage[staged], cell_seg[with_segment] * n_st + cell_stage[with_segment]]
    )
    order = np.argsort(cell_of, kind="stable")
    bounds = np.searchsorted(cell_of[order], np.arange(size + 1))
    insights = [
        tuple(str(i) for i in ids[member[order[bounds[k] : bounds[k + 1]]]]) for k in range(size)
    ]

    # Initiatives acting in a cell: links ≥ 3 into its insights, each initiative once.
    rows_of = link_target[addressed]
    inits = link_init[addressed]
    act_stage = cell_stage[rows_of]
    act_seg = cell_seg[rows_of]
    act_cell = np.concatenate([act_stage, np.where(act_seg >= 0, act_seg * n_st + act_stage, -1)])
    act_ok = (act_cell >= 0) & (np.concatenate([act_stage, act_stage]) >= 0)
    act_init = np.concatenate([inits, inits])
    acting = pd.DataFrame({"cell": act_cell[act_ok], "init": act_init[act_ok]}).drop_duplicates()

    # The most named emotions per cell: each naming counted once per insight in the cell.
    named = pd.DataFrame({"pos": member, "cell": cell_of}).merge(
        _emotion_rows(ins.get("emotion"), n), on="pos"
    )
    counts = named.groupby(["cell", "emotion"], sort=False).size().reset_index(name="n")
    counts = counts.sort_values(["cell", "n", "emotion"], ascending=[True, False, True])
    emotions: dict[int, list[tuple[str, int]]] = {}
    for c, e, k in zip(
        counts["cell"].tolist(), counts["emotion"], counts["n"].tolist(), strict=True
    ):
        got = emotions.setdefault(int(c), [])
        if len(got) < MAX_EMOTIONS:
            got.append((str(e), int(k)))

    base = _Base(
        stages=stages,
        rows=rows,
        need=need,
        member=member,
        cell_of=cell_of,
        insights=insights,
        per_cell={},
        acting=acting,
        emotions=emotions,
        sentiment=sentiment,
        link_target=link_target,
        link_init=link_init,
        link_strength=link_strength,
        unstaged=int(np.count_nonzero(cell_stage < 0)),
        median=median,
    )
    known = ~np.isnan(sentiment.values)
    base.per_cell = {
        "total": base.cells(need),
        "unmet": base.cells(np.where(unmet, need, 0.0)),
        "covered": base.cells(need * best / FULL_STRENGTH),
        "senti_n": base.cells(known.astype(float)),
        "senti_sum": base.cells(np.where(known, sentiment.values, 0.0)),
        "listed": base.cells(listed_unmet.astype(float)) > 0,
    }
    return base


def journey_map(
    workshop: Workshop, result: ScoreResult, plan: JourneyPlan | None = None
) -> JourneyMap:
    """The journey's figures for the workshop and its current scores (module docstring).

    What depends on the evidence and the links only is kept on the workshop between calls;
    a new weight or α costs the projection of the top N and the rank order, nothing more."""
    plan = plan or JourneyPlan()
    base = _base(workshop, plan)
    stages = base.stages
    shipped = top_sweet_spots(result, plan.top)
    keep = (base.link_target >= 0) & np.isin(base.link_init, np.asarray(shipped, dtype=object))
    best_shipped = np.zeros(len(base.need))
    np.maximum.at(best_shipped, base.link_target[keep], base.link_strength[keep])
    relieved = base.cells(base.need * best_shipped / FULL_STRENGTH)

    # Initiatives acting in each cell, in rank order: one lexsort, then split at the cells.
    rank = pd.Index(result.table["id"].astype(str).to_numpy(object))
    init_rank = rank.get_indexer(base.acting["init"].to_numpy(object))
    init_rank = np.where(init_rank < 0, len(rank), init_rank)
    cell = base.acting["cell"].to_numpy(np.intp)
    order = np.lexsort((base.acting["init"].to_numpy(object).astype(str), init_rank, cell))
    sorted_inits = base.acting["init"].to_numpy(object)[order]
    edges = np.searchsorted(cell[order], np.arange(len(base.rows) * len(stages) + 1))
    lists = {
        k: tuple(sorted_inits[edges[k] : edges[k + 1]].tolist())
        for k in range(len(edges) - 1)
        if edges[k + 1] > edges[k]
    }

    p, n_st = base.per_cell, len(stages)
    records: list[dict[str, Any]] = []
    for k in range(len(base.rows) * n_st):
        t = float(p["total"][k])
        acting = lists.get(k, ())
        records.append(
            {
                "segment": base.rows[k // n_st],
                "stage": stages[k % n_st],
                "insights": base.insights[k],
                "total_need": t,
                "unmet_need": float(p["unmet"][k]),
                "coverage": float(p["covered"][k] / t) if t > 0 else np.nan,
                "relieved": float(relieved[k]),
                "need_left": t - float(relieved[k]),
                "sentiment": float(p["senti_sum"][k] / p["senti_n"][k])
                if p["senti_n"][k]
                else np.nan,
                "sentiment_n": int(p["senti_n"][k]),
                "emotions": tuple(base.emotions.get(k, ())),
                "initiatives": acting,
                "flagged": bool(p["listed"][k]) and not acting,
            }
        )
    return JourneyMap(
        stages=stages,
        segments=base.rows,
        cells=pd.DataFrame.from_records(records, columns=CELL_COLUMNS),
        plan=plan,
        shipped=shipped,
        sentiment=base.sentiment,
        unstaged=base.unstaged,
        median_need=base.median,
    )


def emotions_text(emotions: Sequence[tuple[str, int]]) -> str:
    """'frustrated (4), anxious (2)'."""
    return ", ".join(f"{name} ({count})" for name, count in emotions)


def sentiment_word(value: float) -> str:
    """A sentiment on −1…1 as the word nearest to it (for tooltips and the export)."""
    if value != value:  # NaN
        return ""
    steps = [
        (-0.75, "very negative"),
        (-0.375, "negative"),
        (-0.125, "slightly negative"),
        (0.125, "neutral"),
        (0.375, "slightly positive"),
        (0.75, "positive"),
    ]
    for edge, word in steps:
        if value < edge:
            return word
    return "very positive"


def empty_state(workshop: Workshop) -> str:
    """Why the journey cannot be drawn, in a sentence that names the column to add; or ""."""
    if not len(workshop.insights):
        return "Import insights to see the customer journey."
    if not stages_in_data(workshop):
        return (
            "No journey stages yet. Add a Journey stage column to the Insights sheet (for example "
            "Join, Everyday banking, Get help) and import again to see where customers hurt."
        )
    return ""


def sentiment_empty_state(workshop: Workshop) -> str:
    """Why there is no emotion curve, or ""."""
    col = workshop.insights.get("sentiment")
    if col is None or not any(_text(v) for v in col):
        return (
            "No sentiment yet. Add a Sentiment column to the Insights sheet (−1…1, −5…5 or words "
            "such as negative, neutral, positive) to draw the emotion curve."
        )
    return ""


def journey_table(jmap: JourneyMap) -> pd.DataFrame:
    """The map as a flat table for the `Journey` sheet and `sweetspot journey -o`: one row per
    stage × segment in map order, labelled as in the app, targets on the All-customers rows."""
    cells = jmap.cells
    targets = [
        jmap.plan.targets.get(s, StageTarget()) if seg == ALL_CUSTOMERS else StageTarget()
        for seg, s in zip(cells["segment"], cells["stage"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Stage": cells["stage"],
            "Segment": cells["segment"],
            "Insights": [len(i) for i in cells["insights"]],
            "Total need": cells["total_need"],
            "Unmet need": cells["unmet_need"],
            "Coverage": cells["coverage"],
            f"Need relieved by top {jmap.plan.top}": cells["relieved"],
            f"Need left after top {jmap.plan.top}": cells["need_left"],
            "Mean sentiment": cells["sentiment"],
            "Sentiment from": cells["sentiment_n"],
            "Dominant emotions": [emotions_text(e) for e in cells["emotions"]],
            "Initiatives acting": ["; ".join(i) for i in cells["initiatives"]],
            "No initiative for an unmet need": ["yes" if f else "" for f in cells["flagged"]],
            "Target sentiment": [np.nan if t.sentiment is None else t.sentiment for t in targets],
            "Target feeling": [t.feeling for t in targets],
            "Insight IDs": ["; ".join(i) for i in cells["insights"]],
        }
    )
