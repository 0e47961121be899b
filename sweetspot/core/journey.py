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
from collections import Counter
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


def read_sentiment(values: Sequence[object], ids: Sequence[object] = ()) -> SentimentReading:
    """Sentiments as typed into −1…1.

    Numbers: a column whose numbers all lie in −1…1 is used as it is; one whose numbers reach
    beyond 1 but stay within −5…5 is divided by 5; numbers beyond ±5 are not a sentiment scale
    we know and are left out. Words: very negative −1, negative −0.5, slightly negative −0.25,
    neutral (or mixed) 0, slightly positive 0.25, positive 0.5, very positive 1, in English,
    German, French, Dutch and Spanish. Anything else is left out and named."""
    n = len(values)
    out = np.full(n, np.nan)
    numbers = np.full(n, np.nan)
    words = np.zeros(n, dtype=bool)
    unreadable: list[str] = []
    id_list = list(ids) if len(ids) == n else [str(i + 1) for i in range(n)]
    for k, value in enumerate(values):
        text = _text(value)
        if not text:
            continue
        try:
            numbers[k] = float(text.replace(",", ".").replace("−", "-"))
            continue
        except ValueError:
            pass
        word = _FOLDED_WORDS.get(_fold(text))
        if word is None:
            unreadable.append(str(id_list[k]))
        else:
            out[k] = word
            words[k] = True
    have = ~np.isnan(numbers)
    scale = ""
    if have.any():
        biggest = float(np.abs(numbers[have]).max())
        inside = have & (np.abs(numbers) <= 5.0)
        if biggest <= 1.0:
            out[have] = numbers[have]
            scale = "−1 to 1"
        else:
            out[inside] = numbers[inside] / 5.0
            scale = "−5 to 5 (divided by 5)"
            unreadable += [str(id_list[k]) for k in np.flatnonzero(have & ~inside)]
    if words.any():
        scale = f"{scale} and words" if scale else "words"
    return SentimentReading(out, scale, tuple(unreadable))


def split_emotions(value: object) -> list[str]:
    """'Frustrated, anxious' → ['frustrated', 'anxious'] (lower case, as a room would say them)."""
    return [p.strip().casefold() for p in re.split(r"[,;/|]", _text(value)) if p.strip()]


def stages_in_data(workshop: Workshop) -> list[str]:
    """The journey stages in the order they first appear in the Insights table."""
    col = workshop.insights.get("journey_stage")
    if col is None:
        return []
    return list(dict.fromkeys(s for s in (_text(v) for v in col) if s))


def stage_order(workshop: Workshop, plan: JourneyPlan | None = None) -> list[str]:
    """The saved order first (stages gone from the data dropped), then new ones in data order."""
    present = stages_in_data(workshop)
    known = set(present)
    saved = [s for s in (plan.stage_order if plan else ()) if s in known]
    return saved + [s for s in present if s not in set(saved)]


def segments_in_data(workshop: Workshop) -> list[str]:
    col = workshop.insights.get("segment")
    if col is None:
        return []
    return list(dict.fromkeys(s for s in (_text(v) for v in col) if s))


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


def _best_strengths(
    workshop: Workshop, insight_ids: pd.Index, only: Sequence[str] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per insight the strongest link (0 without one), and the links' insight positions and
    initiative IDs (links to objectives dropped); `only` keeps the links of those initiatives."""
    links = workshop.links
    targets = insight_ids.get_indexer(pd.Index(links["target"].astype(str).array))
    strength = np.nan_to_num(
        np.clip(pd.to_numeric(links["strength"], errors="coerce").to_numpy(float), 0, FULL_STRENGTH)
    )
    inits = links["initiative"].astype(str).to_numpy(dtype=object)
    keep = targets >= 0
    if only is not None:
        keep &= np.isin(inits, np.asarray(list(only), dtype=object))
    best = np.zeros(len(insight_ids))
    np.maximum.at(best, targets[keep], strength[keep])
    addressed = keep & (strength >= ADDRESSED_STRENGTH)
    return best, targets[addressed], inits[addressed]


def top_sweet_spots(result: ScoreResult, top: int) -> list[str]:
    """The first `top` initiatives of the Sweet spot quadrant, in rank order."""
    table = result.table
    return [str(i) for i in table.loc[table["quadrant"] == "Sweet spot", "id"].head(top)]


def journey_map(
    workshop: Workshop, result: ScoreResult, plan: JourneyPlan | None = None
) -> JourneyMap:
    """The journey's figures for the workshop and its current scores (module docstring)."""
    plan = plan or JourneyPlan()
    ins = workshop.insights
    ids = ins["id"].astype(str).to_numpy(dtype=object)
    insight_ids = pd.Index(ids)
    need = need_weights(workshop).to_numpy(float)
    stages = stage_order(workshop, plan)
    segments = segments_in_data(workshop)
    rows_segments = [ALL_CUSTOMERS, *segments]
    stage_col = np.array([_text(v) for v in ins.get("journey_stage", pd.Series([""] * len(ins)))])
    segment_col = np.array([_text(v) for v in ins.get("segment", pd.Series([""] * len(ins)))])
    sentiment = read_sentiment(list(ins.get("sentiment", pd.Series([None] * len(ins)))), list(ids))
    emotions = [split_emotions(v) for v in ins.get("emotion", pd.Series([None] * len(ins)))]

    best, act_rows, act_inits = _best_strengths(workshop, insight_ids)
    shipped = top_sweet_spots(result, plan.top)
    best_shipped, _, _ = _best_strengths(workshop, insight_ids, shipped)
    rank = {str(i): int(r) for i, r in zip(result.table["id"], result.table["rank"], strict=True)}

    median = float(np.median(need)) if len(need) else 0.0
    unmet = best < ADDRESSED_STRENGTH
    listed_unmet = (need > median) & unmet  # the unmet needs list's rule (graph.analyse)
    stage_pos = {s: k for k, s in enumerate(stages)}
    seg_pos = {s: k + 1 for k, s in enumerate(segments)}
    n_st, n_rows = len(stages), len(rows_segments)
    cell_stage = np.array([stage_pos.get(s, -1) for s in stage_col], dtype=np.intp)
    cell_seg = np.array([seg_pos.get(s, -1) for s in segment_col], dtype=np.intp)
    # Each staged insight counts in two cells: its stage on the All-customers row, and its
    # stage on its segment's row (when it has a segment).
    staged = np.flatnonzero(cell_stage >= 0)
    with_segment = staged[cell_seg[staged] >= 0]
    member = np.concatenate([staged, with_segment])
    cell_of = np.concatenate(
        [cell_stage[staged], cell_seg[with_segment] * n_st + cell_stage[with_segment]]
    )
    size = n_rows * n_st

    def per_cell(weights: np.ndarray) -> np.ndarray:
        return np.bincount(cell_of, weights=weights[member], minlength=size)[:size]

    total = per_cell(need)
    known = ~np.isnan(sentiment.values)
    senti_n = per_cell(known.astype(float))
    senti_sum = per_cell(np.where(known, sentiment.values, 0.0))
    covered = per_cell(need * best / FULL_STRENGTH)
    relieved = per_cell(need * best_shipped / FULL_STRENGTH)
    unmet_need = per_cell(np.where(unmet, need, 0.0))
    listed = per_cell(listed_unmet.astype(float)) > 0

    order = np.argsort(cell_of, kind="stable")
    bounds = np.searchsorted(cell_of[order], np.arange(size + 1))
    members_of = [member[order[bounds[k] : bounds[k + 1]]] for k in range(size)]

    # Initiatives acting in a cell: links ≥ 3 into its insights, each initiative once.
    act_cell = np.concatenate(
        [
            cell_stage[act_rows],
            np.where(cell_seg[act_rows] >= 0, cell_seg[act_rows] * n_st + cell_stage[act_rows], -1),
        ]
    )
    act_init = np.concatenate([act_inits, act_inits])
    act_ok = (act_cell >= 0) & (np.concatenate([cell_stage[act_rows]] * 2) >= 0)
    pairs = pd.DataFrame({"cell": act_cell[act_ok], "init": act_init[act_ok]}).drop_duplicates()
    pairs["rank"] = pairs["init"].map(rank).fillna(len(rank) + 1)
    pairs = pairs.sort_values(["cell", "rank", "init"], kind="stable")
    lists: dict[int, list[str]] = {}
    for c, init in zip(pairs["cell"].to_numpy(int).tolist(), pairs["init"], strict=True):
        lists.setdefault(c, []).append(str(init))
    acting = {c: tuple(v) for c, v in lists.items()}

    records: list[dict[str, Any]] = []
    for k in range(size):
        members = members_of[k]
        counted = Counter(e for m in members for e in emotions[m])
        top_emotions = sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_EMOTIONS]
        t = float(total[k])
        records.append(
            {
                "segment": rows_segments[k // n_st],
                "stage": stages[k % n_st],
                "insights": tuple(str(ids[m]) for m in members),
                "total_need": t,
                "unmet_need": float(unmet_need[k]),
                "coverage": float(covered[k] / t) if t > 0 else np.nan,
                "relieved": float(relieved[k]),
                "need_left": t - float(relieved[k]),
                "sentiment": float(senti_sum[k] / senti_n[k]) if senti_n[k] else np.nan,
                "sentiment_n": int(senti_n[k]),
                "emotions": tuple(top_emotions),
                "initiatives": acting.get(k, ()),
                "flagged": bool(listed[k]) and k not in acting,
            }
        )
    cells = pd.DataFrame.from_records(records, columns=CELL_COLUMNS)
    return JourneyMap(
        stages=stages,
        segments=rows_segments,
        cells=cells,
        plan=plan,
        shipped=shipped,
        sentiment=sentiment,
        unstaged=int(np.count_nonzero(cell_stage < 0)),
        median_need=median,
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
