"""Survey waves: did what customers say move where the delivered initiatives act?

The same insights measured at several points in time come on an `Insight waves` sheet (or
`Waves`): one row per insight and wave with ID, Wave (a name or a date) and Satisfaction, and
optionally Importance, Reach, Sentiment, Respondents (n) and SD (the spread of the answers).
The workshop's own tables stay the current scoring input; the waves are the history.

`review()` compares two waves:

- per insight: each wave's figures, the change Δ = satisfaction(to) − satisfaction(from), and,
  when both waves carry n and SD, a 95 % Welch two-sample t interval for Δ. The change is
  "larger than noise" when that interval leaves out 0; without n and SD it "cannot be judged";
- per delivered initiative (Status Delivered, Done, Live, Shipped, Launched, Completed): the
  change of its linked insights, weighted by strength ÷ 9 × need weight N, against the change
  of the insights no delivered initiative is linked to (weighted by N): a difference in
  differences. It says whether the needs an initiative acts on moved more than the rest; it is
  not proof that the initiative caused it (other things changed too);
- new IDs (in the later wave only) and vanished ones (in the earlier only) are listed, never
  dropped silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sweetspot.core.columns import cell_ref
from sweetspot.core.evidence import RESPONDENTS, SATISFACTION_SD
from sweetspot.core.import_sheets import WAVES_SHEETS, is_waves_sheet
from sweetspot.core.model import FULL_STRENGTH, Problem, Workshop
from sweetspot.core.scoring import need_weights
from sweetspot.core.values import is_blank, parse_number

WAVE_FIELDS = [
    "id",
    "wave",
    "satisfaction",
    "importance",
    "reach",
    "sentiment",
    "respondents",
    "spread",
]
WAVE_LABELS = {
    "id": "ID",
    "wave": "Wave",
    "satisfaction": "Satisfaction",
    "importance": "Importance",
    "reach": "Reach",
    "sentiment": "Sentiment",
    "respondents": "Respondents",
    "spread": "SD",
}
_SYNONYMS = {
    "id": ("id", "insight", "insight id", "need id", "ref"),
    "wave": ("wave", "survey wave", "date", "period", "round", "survey", "measured"),
    "satisfaction": ("satisfaction", "sat", "csat", "mean satisfaction", "performance"),
    "importance": ("importance", "imp", "stated importance"),
    "reach": ("reach", "mentions", "# mentions"),
    "sentiment": ("sentiment", "tone"),
    "respondents": ("respondents", "n", "base", "count", "answers", "sample size"),
    "spread": ("sd", "std", "std dev", "standard deviation", "spread", "stdev"),
}
_HEADER_OF = {name: f for f, names in _SYNONYMS.items() for name in names}
NUMERIC = ("satisfaction", "importance", "reach", "sentiment", "respondents", "spread")
DELIVERED = {
    "delivered",
    "done",
    "live",
    "shipped",
    "launched",
    "completed",
    "complete",
    "released",
    "in production",
}
CONFIDENCE = 0.95
__all__ = [
    "WAVES_SHEETS",
    "Review",
    "is_waves_sheet",
    "review",
    "review_sheets",
    "wave_from_insights",
    "waves_from_grid",
    "with_waves",
]


def empty_waves() -> pd.DataFrame:
    return pd.DataFrame(
        {f: pd.Series(dtype="float64" if f in NUMERIC else "object") for f in WAVE_FIELDS}
    )


# -- reading -------------------------------------------------------------------------------------
def _header_field(value: object) -> str | None:
    if is_blank(value):
        return None
    text = re.sub(r"\s+", " ", str(value).strip().casefold())
    text = re.sub(r"\s*\(.*\)$", "", text)  # "Satisfaction (1-5)"
    return _HEADER_OF.get(text)


def waves_from_grid(grid: pd.DataFrame, sheet: str) -> tuple[pd.DataFrame, list[Problem]]:
    """The waves table on a sheet's cells (grid row i is spreadsheet row i + 1)."""
    problems: list[Problem] = []
    header, columns = None, {}
    for r in range(min(10, len(grid))):
        found: dict[str, int] = {}
        for c in range(grid.shape[1]):
            name = _header_field(grid.iat[r, c])
            if name is not None and name not in found:
                found[name] = c
        if {"id", "wave", "satisfaction"} <= set(found):
            header, columns = r, found
            break
    if header is None:
        problems.append(
            Problem(
                "error",
                sheet,
                "",
                f"The {sheet} sheet has no header row naming ID, Wave and Satisfaction columns; "
                "its waves were not read.",
            )
        )
        return empty_waves(), problems
    records: list[dict[str, Any]] = []
    for r in range(header + 1, len(grid)):
        raw = {f: grid.iat[r, c] for f, c in columns.items()}
        if all(is_blank(v) for v in raw.values()):
            continue
        row: dict[str, Any] = {f: None for f in WAVE_FIELDS}
        ident, wave = raw.get("id"), raw.get("wave")
        if is_blank(ident) or is_blank(wave):
            missing = "ID" if is_blank(ident) else "Wave"
            problems.append(
                Problem(
                    "warning",
                    sheet,
                    cell_ref(r + 1, columns["id" if is_blank(ident) else "wave"]),
                    f"This row has no {missing}; it was left out.",
                )
            )
            continue
        row["id"] = str(ident).strip()
        row["wave"] = _wave_name(wave)
        for f in NUMERIC:
            if f not in columns or is_blank(raw.get(f)):
                row[f] = np.nan
                continue
            value = parse_number(raw[f])
            if value is None:
                problems.append(
                    Problem(
                        "error",
                        sheet,
                        cell_ref(r + 1, columns[f]),
                        f"{WAVE_LABELS[f]} {str(raw[f]).strip()!r} is not a number; it was left "
                        "out.",
                    )
                )
                value = np.nan
            row[f] = value
        records.append(row)
    table = pd.DataFrame.from_records(records, columns=WAVE_FIELDS) if records else empty_waves()
    for f in NUMERIC:
        table[f] = pd.to_numeric(table[f], errors="coerce").astype(float)
    duplicated = table.duplicated(["id", "wave"], keep="last")
    if duplicated.any():
        pairs = ", ".join(f"{i} in {w}" for i, w in table.loc[duplicated, ["id", "wave"]].values)
        problems.append(
            Problem(
                "warning",
                sheet,
                "",
                f"Some insights appear twice in one wave ({pairs}); the last row of each is used.",
            )
        )
        table = table.loc[~duplicated].reset_index(drop=True)
    return table, problems


def _wave_name(value: object) -> str:
    if isinstance(value, pd.Timestamp | np.datetime64) or hasattr(value, "strftime"):
        return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def wave_from_insights(workshop: Workshop, wave: str) -> pd.DataFrame:
    """A later survey's plain Insights table as one wave: each insight's satisfaction,
    importance, reach and (numeric) sentiment under the name `wave`. Insights made from survey
    responses carry their Respondents and Satisfaction SD, so their changes can be judged
    against noise; a typed table has no n or SD, and its changes cannot be."""
    ins = workshop.insights
    n = len(ins)

    def numbers(name: str) -> np.ndarray:
        if name not in ins.columns:
            return np.full(n, np.nan)
        return np.array(pd.to_numeric(ins[name], errors="coerce"), dtype=float)

    table = pd.DataFrame(
        {
            "id": ins["id"].astype(str).to_numpy(object),
            "wave": [wave] * n,
            "satisfaction": numbers("satisfaction"),
            "importance": numbers("importance"),
            "reach": numbers("reach"),
            "sentiment": numbers("sentiment"),
            "respondents": numbers(RESPONDENTS),
            "spread": numbers(SATISFACTION_SD),
        }
    )
    return table.loc[table["satisfaction"].notna()].reset_index(drop=True)


def with_waves(waves: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """The waves with `added` in: a row for the same insight and wave replaces the old one."""
    both = pd.concat([waves, added], ignore_index=True) if len(waves) else added.copy()
    both = both.drop_duplicates(["id", "wave"], keep="last").reset_index(drop=True)
    return both.reindex(columns=WAVE_FIELDS)


def wave_order(waves: pd.DataFrame) -> list[str]:
    """The waves in time order: by date when every name reads as one, else as first listed."""
    names = [str(w) for w in pd.unique(waves["wave"].astype(str))] if len(waves) else []
    dates = pd.to_datetime(pd.Series(names, dtype=object), errors="coerce", format="mixed")
    if names and dates.notna().all():
        return [n for _d, n in sorted(zip(dates, names, strict=True), key=lambda p: p[0])]
    return names


# -- statistics ------------------------------------------------------------------------------------
def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (Lentz; Numerical Recipes 6.4)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < 1e-14:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with `df` degrees of freedom."""
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The t value with P(T ≤ t) = p (bisection on `t_cdf`; good to about 1e-7)."""
    lo, hi = -1e3, 1e3
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-10:
            break
    return (lo + hi) / 2.0


def welch_interval(
    m1: float, s1: float, n1: float, m2: float, s2: float, n2: float, level: float = CONFIDENCE
) -> tuple[float, float] | None:
    """The `level` interval of m2 − m1 from two samples' means, SDs and sizes (Welch)."""
    if not all(math.isfinite(v) for v in (m1, s1, n1, m2, s2, n2)) or n1 < 2 or n2 < 2:
        return None
    v1, v2 = s1 * s1 / n1, s2 * s2 / n2
    se = math.sqrt(v1 + v2)
    if se == 0:
        return (m2 - m1, m2 - m1)
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    t = t_quantile(0.5 + level / 2.0, df)
    return (m2 - m1 - t * se, m2 - m1 + t * se)


# -- the review ------------------------------------------------------------------------------------
def delivered_initiatives(workshop: Workshop) -> list[str]:
    """Initiatives whose Status says they are delivered, in table order."""
    inits = workshop.initiatives
    if "status" not in inits.columns:
        return []
    status = inits["status"].map(lambda v: "" if is_blank(v) else str(v).strip().casefold())
    return [str(i) for i in inits.loc[status.isin(DELIVERED), "id"]]


@dataclass
class Review:
    """Two waves compared (module docstring). Empty tables and a `message` when they cannot be."""

    from_wave: str
    to_wave: str
    waves: list[str]
    insights: pd.DataFrame  # one row per insight in both waves
    initiatives: pd.DataFrame  # one row per delivered initiative
    delivered_change: float = math.nan  # the needs delivered initiatives act on, weighted
    rest_change: float = math.nan  # the needs no delivered initiative is linked to
    new_ids: list[str] = field(default_factory=list)
    vanished_ids: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def difference(self) -> float:
        return self.delivered_change - self.rest_change

    def summary(self) -> str:
        if self.message:
            return self.message
        return (
            f"From {self.from_wave} to {self.to_wave}: the needs delivered initiatives act on "
            f"moved {_signed(self.delivered_change)}, the rest {_signed(self.rest_change)} "
            f"(difference {_signed(self.difference)}; a comparison, not proof of cause)."
        )


def _signed(x: float) -> str:
    if not math.isfinite(x):
        return "—"
    return "±0.00" if round(x, 2) == 0 else f"{x:+.2f}"


INSIGHT_COLUMNS = [
    "id",
    "need",
    "group",
    "delivered_by",
    "satisfaction_from",
    "satisfaction_to",
    "change",
    "ci_low",
    "ci_high",
    "judgement",
    "respondents_from",
    "respondents_to",
    "importance_from",
    "importance_to",
    "reach_from",
    "reach_to",
    "sentiment_from",
    "sentiment_to",
    "need_weight",
]


def review(
    workshop: Workshop,
    waves: pd.DataFrame,
    from_wave: str | None = None,
    to_wave: str | None = None,
) -> Review:
    """Compare two waves (default: the last two in time order); see the module docstring."""
    order = wave_order(waves)
    empty = Review("", "", order, pd.DataFrame(columns=INSIGHT_COLUMNS), pd.DataFrame())
    if len(order) < 2:
        empty.message = (
            "Only one survey wave is in the data: add a later wave (an Insight waves sheet with "
            "an ID, Wave and Satisfaction column) to see what moved."
            if order
            else "No survey waves in the data: add an Insight waves sheet (ID, Wave, Satisfaction; "
            "optionally Respondents and SD) with two or more waves."
        )
        return empty
    a = from_wave if from_wave is not None else order[-2]
    b = to_wave if to_wave is not None else order[-1]
    for name in (a, b):
        if name not in order:
            empty.message = f"There is no wave {name!r}; the waves are {', '.join(order)}."
            return empty
    if a == b:
        empty.message = "Choose two different waves to compare."
        return empty
    first = waves.loc[waves["wave"].astype(str) == a].set_index("id")
    second = waves.loc[waves["wave"].astype(str) == b].set_index("id")
    both = [i for i in first.index if i in second.index]
    vanished = [str(i) for i in first.index if i not in second.index]
    new = [str(i) for i in second.index if i not in first.index]

    ins = workshop.insights
    need_text = dict(zip(ins["id"].astype(str), ins["need"].astype(str), strict=False))
    need = need_weights(workshop)
    delivered = delivered_initiatives(workshop)
    links = workshop.links
    strength = np.clip(pd.to_numeric(links["strength"], errors="coerce").fillna(0), 0, 9)
    link = pd.DataFrame(
        {"init": links["initiative"].astype(str), "target": links["target"].astype(str)}
    ).assign(s=strength.to_numpy(float))
    link = link.loc[link["s"] > 0]
    by_delivered = link.loc[link["init"].isin(delivered)]
    touched: dict[str, list[str]] = {}
    for init, target in zip(by_delivered["init"], by_delivered["target"], strict=True):
        touched.setdefault(target, []).append(init)

    rows: list[dict[str, Any]] = []
    for ident in both:
        f, s = first.loc[ident], second.loc[ident]
        change = float(s["satisfaction"]) - float(f["satisfaction"])
        interval = welch_interval(
            float(f["satisfaction"]),
            float(f["spread"]),
            float(f["respondents"]),
            float(s["satisfaction"]),
            float(s["spread"]),
            float(s["respondents"]),
        )
        if not math.isfinite(change):
            judgement = "no satisfaction in one wave"
        elif interval is None:
            judgement = "cannot be judged (needs Respondents and SD in both waves)"
        elif interval[0] > 0 or interval[1] < 0:
            judgement = "larger than noise"
        else:
            judgement = "within noise"
        by = sorted(set(touched.get(str(ident), [])))
        rows.append(
            {
                "id": str(ident),
                "need": need_text.get(str(ident), ""),
                "group": "delivered" if by else "not addressed",
                "delivered_by": "; ".join(by),
                "satisfaction_from": float(f["satisfaction"]),
                "satisfaction_to": float(s["satisfaction"]),
                "change": change,
                "ci_low": interval[0] if interval else math.nan,
                "ci_high": interval[1] if interval else math.nan,
                "judgement": judgement,
                **{
                    f"{k}_{side}": float(row[k])
                    for k in ("respondents", "importance", "reach", "sentiment")
                    for side, row in (("from", f), ("to", s))
                },
                "need_weight": float(need.get(str(ident), math.nan)),
            }
        )
    table = pd.DataFrame.from_records(rows, columns=INSIGHT_COLUMNS)
    changes = dict(zip(table["id"], table["change"], strict=True))
    weights = dict(zip(table["id"], table["need_weight"].fillna(0.0), strict=True))

    def weighted(pairs: list[tuple[str, float]]) -> tuple[float, int]:
        """Σ w Δ ÷ Σ w over insights with a change; and how many there were."""
        num = den = 0.0
        count = 0
        for ident, w in pairs:
            delta = changes.get(ident, math.nan)
            if math.isfinite(delta) and w > 0:
                num, den, count = num + w * delta, den + w, count + 1
        return (num / den if den > 0 else math.nan), count

    rest_pairs = [(i, weights[i]) for i in table["id"] if i not in touched]
    rest, rest_n = weighted(rest_pairs)
    best = by_delivered.groupby("target")["s"].max()
    all_pairs = [(i, best[i] / FULL_STRENGTH * weights[i]) for i in table["id"] if i in touched]
    moved, _ = weighted(all_pairs)

    titles = workshop.initiatives.set_index(workshop.initiatives["id"].astype(str))
    init_rows: list[dict[str, Any]] = []
    for init in delivered:
        mine = by_delivered.loc[by_delivered["init"] == init]
        pairs = [
            (t, s / FULL_STRENGTH * weights[t])
            for t, s in zip(mine["target"], mine["s"], strict=True)
            if t in weights
        ]
        change, count = weighted(pairs)
        row = titles.loc[init]
        init_rows.append(
            {
                "id": init,
                "initiative": str(row.get("initiative", "")),
                "status": str(row.get("status", "")),
                "delivered_on": _text(row.get("Delivered on", row.get("delivered_on", ""))),
                "linked_insights": "; ".join(t for t, _w in pairs),
                "insights_measured": count,
                "change": change,
                "rest_change": rest,
                "difference": change - rest if math.isfinite(change) else math.nan,
            }
        )
    return Review(
        from_wave=a,
        to_wave=b,
        waves=order,
        insights=table,
        initiatives=pd.DataFrame.from_records(
            init_rows,
            columns=[
                "id",
                "initiative",
                "status",
                "delivered_on",
                "linked_insights",
                "insights_measured",
                "change",
                "rest_change",
                "difference",
            ],
        ),
        delivered_change=moved,
        rest_change=rest if rest_n else math.nan,
        new_ids=new,
        vanished_ids=vanished,
        message=""
        if delivered
        else "No initiative is marked delivered (Status Delivered, Done, Live …): every need "
        "counts as not addressed.",
    )


def _text(value: object) -> str:
    if is_blank(value):
        return ""
    if hasattr(value, "strftime"):
        return pd.Timestamp(value).strftime("%Y-%m-%d")  # type: ignore[arg-type]
    return str(value).strip()


def review_sheets(result: Review) -> dict[str, pd.DataFrame]:
    """The `Impact review` sheets: delivered initiatives with the summary rows, and insights."""
    if result.message and result.insights.empty:
        note = pd.DataFrame({"Impact review": [result.message]})
        return {"Impact review": note}
    a, b = result.from_wave, result.to_wave
    inits = result.initiatives
    top = pd.DataFrame(
        {
            "ID": inits["id"],
            "Initiative": inits["initiative"],
            "Status": inits["status"],
            "Delivered on": inits["delivered_on"],
            "Linked insights": inits["linked_insights"],
            "Insights measured": inits["insights_measured"],
            f"Change {a} → {b} (weighted)": inits["change"],
            "Change of the rest": inits["rest_change"],
            "Difference": inits["difference"],
        }
    )
    summary = pd.DataFrame(
        {
            "ID": ["All delivered", "The rest", "Difference"],
            "Initiative": [
                "Needs any delivered initiative is linked to (strength ÷ 9 × need weight)",
                "Needs no delivered initiative is linked to (need weight)",
                "Difference in differences: a comparison, not proof of cause",
            ],
            f"Change {a} → {b} (weighted)": [
                result.delivered_change,
                result.rest_change,
                result.difference,
            ],
        }
    )
    first = pd.concat([top, summary], ignore_index=True)
    ins = result.insights
    second = pd.DataFrame(
        {
            "ID": ins["id"],
            "Need": ins["need"],
            "Group": ins["group"],
            "Delivered initiatives": ins["delivered_by"],
            f"Satisfaction {a}": ins["satisfaction_from"],
            f"Satisfaction {b}": ins["satisfaction_to"],
            "Change": ins["change"],
            "95 % interval low": ins["ci_low"],
            "95 % interval high": ins["ci_high"],
            "Larger than noise?": ins["judgement"],
            f"Respondents {a}": ins["respondents_from"],
            f"Respondents {b}": ins["respondents_to"],
            f"Importance {a}": ins["importance_from"],
            f"Importance {b}": ins["importance_to"],
            "Need weight": ins["need_weight"],
        }
    )
    lists = pd.DataFrame(
        {
            "ID": [*result.new_ids, *result.vanished_ids],
            "Need": [f"new in {b}"] * len(result.new_ids)
            + [f"not measured in {b}"] * len(result.vanished_ids),
        }
    )
    if len(lists):
        second = pd.concat([second, lists], ignore_index=True)
    return {"Impact review": first, "Impact review insights": second}
