"""Tooltip texts (Qt rich text, built without Qt): what the room asks about a bubble or a node."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sweetspot.core.plot.common import ATTENTION_COLOUR, fmt, html, shorten
from sweetspot.core.scoring import ScoreResult, Side

if TYPE_CHECKING:
    from sweetspot.core.graph import NodeKey
    from sweetspot.core.plot.artists import GraphArtists


def graph_tooltip(artists: GraphArtists, key: NodeKey) -> str:
    """Tooltip text (Qt rich text) for one node."""
    item = artists.node_info(key)
    kind, ident = key
    name = html(str(item.get("label", "")))
    lines = [f"<b>{html(ident)}</b> — {name}"]
    if kind == "insight":
        lines.append(f"Customer need · need weight {fmt(item.get('weight', float('nan')), 2)}")
    elif kind == "objective":
        lines.append(f"Business objective · weight {fmt(item.get('weight', float('nan')), 1)}")
    else:
        lines.append(
            f"Initiative · rank {item.get('rank', '—')} · {item.get('quadrant', '')}<br>"
            f"Customer impact {fmt(item.get('customer_impact', float('nan')))} · "
            f"business impact {fmt(item.get('business_impact', float('nan')))} · "
            f"sweet-spot score {fmt(item.get('score', float('nan')))}"
        )
    lines.append(f"{item.get('links', 0)} link(s)")
    if "flag" in item:
        lines.append(f"<span style='color:{ATTENTION_COLOUR}'>{html(item['flag'])}</span>")
    return "<br>".join(lines)


def matrix_tooltip(result: ScoreResult, initiative_id: str) -> str:
    """Tooltip text (Qt rich text) for one bubble: what the room asks about a bubble."""
    row = result.row(initiative_id)
    lines = [
        f"<b>{html(str(row['id']))}</b> — {html(shorten(row['initiative'], 60))}",
        f"Rank {int(row['rank'])} · {html(str(row['quadrant']))}",
        f"Customer impact {fmt(row['customer_impact'])} · "
        f"business impact {fmt(row['business_impact'])}",
        f"Sweet-spot score {fmt(row['score'])} · value for effort {fmt(row['value'], 2)}"
        + (f" (effort {row['effort']:g})" if np.isfinite(row["effort"]) else " (effort not given)"),
    ]
    if bool(row["overridden"]):
        reason = str(row["override_reason"] or "").strip()
        lines.append(
            "<i>Placed by the room</i> (computed "
            f"{fmt(row['computed_customer_impact'])}, {fmt(row['computed_business_impact'])})"
            + (f": {html(reason)}" if reason else "")
        )
    sides: tuple[tuple[str, Side], ...] = (
        ("Top customer drivers", "customer"),
        ("Top business drivers", "business"),
    )
    for title, side in sides:
        text = result.driver_text(side, initiative_id)
        if text:
            items = "".join(f"<br>&nbsp;&nbsp;• {html(p.strip())}" for p in text.split(";"))
            lines.append(f"{title}:{items}")
    return "<br>".join(lines)
