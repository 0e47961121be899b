"""The scoring parameters in plain sentences, for every place that states them.

The workbook's Method sheet, the What-if sheet, the PDF report and the app's "How scores work"
dialog all say which α, ranking, crosshair, lens and scale made the numbers. They say it from
here, so they never disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sweetspot.core.model import Workshop
    from sweetspot.core.scoring import ScoreResult, ScoringSettings

ALPHA_LABEL = "Customer↔business balance (α)"
LENS_LABEL = "Lens"
NO_LENS = "none — all insights count"


def lens_text(settings: ScoringSettings) -> str:
    """'segments A, B; journey stages X', or 'none — all insights count'."""
    parts = []
    if settings.segments:
        parts.append("segments " + ", ".join(sorted(settings.segments)))
    if settings.journey_stages:
        parts.append("journey stages " + ", ".join(sorted(settings.journey_stages)))
    return "; ".join(parts) if parts else NO_LENS


def describe_settings(
    settings: ScoringSettings,
    workshop: Workshop | None = None,
    *,
    result: ScoreResult | None = None,
    brief: bool = False,
    alpha_decimals: int | None = None,
) -> list[tuple[str, str]]:
    """(label, sentence) for each scoring parameter: balance α, ranking, quadrant thresholds,
    lens, placements, and with `workshop` the importance/satisfaction scale (and reach).

    `result` gives the thresholds actually used (the mean of the computed positions unless fixed)
    and the placements that applied. `brief` gives short labels and sentences for a report cover,
    where a value has about 50 characters. `alpha_decimals` shows α to that many decimals (the
    app's slider steps by 0.01, so on screen 0.70); by default α is shown as set (0.7).
    """
    alpha = float(settings.alpha)
    a = f"{alpha:.{alpha_decimals}f}" if alpha_decimals is not None else f"{alpha:g}"
    fixed = settings.thresholds is not None
    c = b = float("nan")  # known only from the result or fixed thresholds
    if result is not None:
        c, b = result.customer_threshold, result.business_threshold
    elif settings.thresholds is not None:
        c, b = settings.thresholds
    if result is not None and "overridden" in result.table:
        placed = int(result.table["overridden"].sum())
    else:
        placed = len(settings.overrides)
    initiatives = f"{placed} initiative{'' if placed == 1 else 's'}"
    ranked = "value for effort" if settings.rank_by == "value" else "sweet-spot score"

    if brief:
        where = "set for this workshop" if fixed else "mean of the initiatives"
        items = [
            ("Balance α", f"{a}  (1 = customer only, 0 = business only)"),
            ("Ranked by", ranked),
            ("Crosshair", f"C {c:.1f}, B {b:.1f} ({where})" if fixed or result else where),
            (LENS_LABEL, lens_text(settings)),
        ]
        if workshop is not None:
            items.append(("Scale", workshop.scale.describe()))
        items.append(("Workshop placements", initiatives))
        return items

    where = (
        "set for this workshop"
        if fixed
        else "the mean customer and business impact of the computed positions"
    )
    thresholds = (
        f"customer impact {c:.1f}, business impact {b:.1f} — {where}" if fixed or result else where
    )
    items = [
        (
            ALPHA_LABEL,
            f"{a} (customer {alpha:.0%} · business {1 - alpha:.0%}; 1 = customer only, "
            "0 = business only, 0.5 = equal weight)",
        ),
        ("Ranked by", ranked),
        ("Quadrant thresholds", thresholds),
        (LENS_LABEL, lens_text(settings)),
    ]
    if workshop is not None:
        items.append(("Importance and satisfaction scale", workshop.scale.describe()))
        items.append(("Reach", _reach(workshop)))
    items.append(("Workshop placements", f"{initiatives} placed by the workshop"))
    return items


def ranking_rule(rank_by: str = "score") -> str:
    """The ranking rule in one plain sentence (Method sheet, report, help)."""
    equal = (
        "Numbers equal to 10 significant digits count as equal, so rounding in the arithmetic "
        "never decides a place; an initiative exactly on the crosshair counts as above it."
    )
    if rank_by == "value":
        return (
            "By value for effort, highest first; equal values, and initiatives without a value "
            "(no effort given, listed last), go by sweet-spot score, then customer impact, then "
            "ID. " + equal
        )
    return "By sweet-spot score, highest first; ties by customer impact, then ID. " + equal


def _reach(workshop: Workshop) -> str:
    reach = workshop.insights.get("reach")
    if reach is not None and bool(reach.notna().any()):
        return "given: each need weight is scaled by reach ÷ largest reach"
    return "not given: need weights do not depend on reach"


# The score in formulas: the report's method page, the deck's method slide, "How scores work".
FORMULAS = [
    ("Need weight", "N = (imp + max(imp − sat, 0)) ÷ top of scale × reach ÷ max reach"),
    ("Customer impact", "C = 100 × Σ (s ÷ 9) · N  ÷  Σ N"),
    ("Business impact", "B = 100 × Σ (s ÷ 9) · w  ÷  Σ w"),
    ("Sweet-spot score", "S = C^α × B^(1−α)"),
    ("Value for effort", "V = S × confidence ÷ effort"),
]

__all__ = ["ALPHA_LABEL", "FORMULAS", "NO_LENS", "describe_settings", "lens_text"]
