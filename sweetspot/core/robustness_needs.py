"""Survey intervals in the robustness Monte Carlo: drawn importance and satisfaction, and the
need weights that follow from them.

An insight imported from a survey carries 95 % intervals on the workshop scale in its
"Importance CI" and "Satisfaction CI" columns (sweetspot.core.evidence), written like
"3.21–3.55". With them, each draw of `robustness()` samples that insight's importance (and
satisfaction) from a normal with mean = its current value and sd = (hi − lo) / (2 × 1.96),
clipped to the workshop scale; an insight without an interval keeps its value. The need weight
of a draw is the formula of `scoring.need_weights`, (imp + max(imp − sat, 0)) × reach /
max(reach), on (draws × insights) arrays; reach is not drawn.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sweetspot.core.evidence import IMPORTANCE_CI, SATISFACTION_CI
from sweetspot.core.model import Workshop

Z95 = 1.96  # a 95 % interval is the mean ± 1.96 sd
_NUMBER = r"[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)"
_INTERVAL = re.compile(rf"^\s*({_NUMBER})\s*[–—−-]\s*({_NUMBER})\s*$")


def parse_interval(text: object) -> tuple[float, float] | None:
    """(lo, hi) of an interval written "3.2–3.5" (en dash, hyphen or em dash, spaces allowed,
    a decimal comma too); None for a blank or anything else. A reversed interval is swapped."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    m = _INTERVAL.match(str(text))
    if m is None:
        return None
    lo, hi = (float(g.replace(",", ".")) for g in m.groups())
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return None
    return (lo, hi) if lo <= hi else (hi, lo)


def interval_sds(values: pd.Series | None, n: int) -> np.ndarray:
    """The sd, (hi − lo) / (2 × 1.96), of every parsable interval of a column; NaN elsewhere."""
    out = np.full(n, np.nan)
    if values is None:
        return out
    for k, text in enumerate(values.tolist()):
        iv = parse_interval(text)
        if iv is not None:
            out[k] = (iv[1] - iv[0]) / (2 * Z95)
    return out


def has_survey_intervals(workshop: Workshop) -> bool:
    """Whether any insight has a parsable importance or satisfaction interval."""
    ins = workshop.insights
    for col in (IMPORTANCE_CI, SATISFACTION_CI):
        if col in ins.columns and any(parse_interval(v) is not None for v in ins[col].tolist()):
            return True
    return False


def draw_on_scale(
    rng: np.random.Generator,
    mean: np.ndarray,
    sd: np.ndarray,
    draws: int,
    minimum: float,
    maximum: float,
) -> np.ndarray:
    """(draws × len(mean)) values from normal(mean, sd), clipped to [minimum, maximum]."""
    # Standard normals scaled in place: a third faster than normal(mean, sd) broadcasting.
    z = rng.standard_normal((draws, len(mean)))
    z *= sd
    z += mean
    return np.clip(z, minimum, maximum, out=z)


def need_formula(
    importance: np.ndarray, satisfaction: np.ndarray, top: float, reach: np.ndarray | None
) -> np.ndarray:
    """`scoring.need_weights` on arrays (any shape, insights last): importance and satisfaction
    on the workshop scale, `reach` the per-insight reach / max(reach) (None: no reach)."""
    # The operations of need_weights, in the same order (so the same bits), in place.
    imp = importance / top
    sat = satisfaction / top
    gap = np.subtract(imp, sat, out=sat)
    np.maximum(gap, 0.0, out=gap)
    gap[np.isnan(satisfaction)] = 0.0
    need = np.nan_to_num(imp, nan=0.0, copy=False)
    need += gap
    if reach is not None:
        need *= reach
    return need


def reach_factor(workshop: Workshop) -> np.ndarray | None:
    """reach / max(reach) per insight as `need_weights` uses it (a blank reach counts as the
    median); None when the table has no reach or the biggest is not above 0."""
    reach = pd.to_numeric(workshop.insights["reach"], errors="coerce").to_numpy(float)
    known = reach[~np.isnan(reach)]
    if not known.size:
        return None
    reach = np.where(np.isnan(reach), float(np.median(known)), reach)
    biggest = float(reach.max())
    return reach / biggest if biggest > 0 else None


@dataclass
class NeedNoise:
    """The insights' values and the spread of each surveyed one, ready for many draws."""

    importance: np.ndarray  # on the workshop scale, NaN blank
    satisfaction: np.ndarray
    imp_cols: np.ndarray  # positions of the insights whose importance is drawn
    imp_sd: np.ndarray  # their sd
    sat_cols: np.ndarray
    sat_sd: np.ndarray
    reach: np.ndarray | None
    top: float
    minimum: float
    maximum: float

    @property
    def count(self) -> int:
        """How many insights have a value drawn (importance, satisfaction or both)."""
        return len(np.union1d(self.imp_cols, self.sat_cols))

    def needs(self, rng: np.random.Generator, draws: int) -> np.ndarray:
        """Need weights of `draws` draws (draws × insights)."""
        imp = np.tile(self.importance, (draws, 1))
        sat = np.tile(self.satisfaction, (draws, 1))
        lo, hi = self.minimum, self.maximum
        if len(self.imp_cols):
            imp[:, self.imp_cols] = draw_on_scale(
                rng, self.importance[self.imp_cols], self.imp_sd, draws, lo, hi
            )
        if len(self.sat_cols):
            sat[:, self.sat_cols] = draw_on_scale(
                rng, self.satisfaction[self.sat_cols], self.sat_sd, draws, lo, hi
            )
        return need_formula(imp, sat, self.top, self.reach)


def need_noise(workshop: Workshop, counted: np.ndarray) -> NeedNoise:
    """The survey intervals of the insights where `counted` (the lens) holds and the value to
    centre on is known; the other insights keep their values in every draw."""
    ins = workshop.insights
    n = len(ins)
    importance = pd.to_numeric(ins["importance"], errors="coerce").to_numpy(float)
    satisfaction = pd.to_numeric(ins["satisfaction"], errors="coerce").to_numpy(float)
    imp_sd = interval_sds(ins[IMPORTANCE_CI] if IMPORTANCE_CI in ins.columns else None, n)
    sat_sd = interval_sds(ins[SATISFACTION_CI] if SATISFACTION_CI in ins.columns else None, n)
    imp_cols = np.flatnonzero(counted & ~np.isnan(imp_sd) & ~np.isnan(importance))
    sat_cols = np.flatnonzero(counted & ~np.isnan(sat_sd) & ~np.isnan(satisfaction))
    scale = workshop.scale
    return NeedNoise(
        importance=importance,
        satisfaction=satisfaction,
        imp_cols=imp_cols,
        imp_sd=imp_sd[imp_cols],
        sat_cols=sat_cols,
        sat_sd=sat_sd[sat_cols],
        reach=reach_factor(workshop),
        top=scale.maximum or 1.0,
        minimum=float(scale.minimum),
        maximum=float(scale.maximum),
    )
