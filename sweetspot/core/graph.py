"""The overlap graph: which customer needs and business objectives each initiative connects.

Three kinds of node — insights (customer needs), initiatives and objectives — joined by the
workshop's links. From it a consultant reads what the ranking alone hides: important needs no
initiative really addresses, objectives nobody brought an idea for, one-sided initiatives, and
groups of initiatives that pull on the same needs and goals.

`analyse` works on integer positions with numpy and pandas, never on the networkx graph, so a
programme of 5,000 initiatives, 100,000 insights and 250,000 links is analysed in about a
second. `graph_tables` is the one builder of the graph's nodes and edges, and `layered_xy` /
`force_xy` lay them out: `sweetspot.core.plot.graph` draws what they return. `build_graph` is
the same graph as networkx, for anyone who wants networkx's algorithms (networkx is imported
only when a function needs it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from sweetspot.core.model import FULL_STRENGTH, Workshop
from sweetspot.core.scoring import ScoreResult, need_weights

if TYPE_CHECKING:
    import networkx as nx

NodeKind = Literal["insight", "initiative", "objective"]
NodeKey = tuple[str, str]

# A medium (3) or strong (9) link addresses a need; a weak one (1) only touches on it.
ADDRESSED_STRENGTH = 3.0
# Clusters are found among the links that address something (medium or strong).
CLUSTER_STRENGTH = 3.0
# Greedy modularity is the clearer grouping but grows faster than linearly (6,600 links: 3 s);
# above this many strong links the clusters come from a vectorised label propagation instead.
GREEDY_MODULARITY_MAX_LINKS = 1500
LABEL_PROPAGATION_ROUNDS = 6

UNMET_COLUMNS = ["id", "need", "need_weight", "segment", "journey_stage", "best_strength"]
UNCOVERED_COLUMNS = ["id", "objective", "weight", "best_strength"]


@dataclass(frozen=True)
class Cluster:
    """A group of initiatives that strongly address the same needs and objectives.

    Named after its lead insight: the need its initiatives address most (strength × need
    weight, summed over the group's links). Lists are ordered for reading: initiatives by
    rank, insights by need weight, objectives by weight.
    """

    name: str
    initiatives: list[str]
    insights: list[str]
    objectives: list[str]
    lead_insight: str = ""
    # The theme most of its initiatives share ("" when they carry none).
    theme: str = ""

    @property
    def size(self) -> int:
        return len(self.initiatives) + len(self.insights) + len(self.objectives)


@dataclass(frozen=True)
class OverlapReport:
    """What the overlap graph shows about a scored workshop (see `analyse`)."""

    # Needs weighted above the median that no initiative addresses with strength ≥ 3,
    # biggest first. Columns: id, need, need_weight, segment, journey_stage, best_strength.
    unmet_needs: pd.DataFrame
    # Objectives no initiative links to at all, heaviest first.
    # Columns: id, objective, weight, best_strength.
    uncovered_objectives: pd.DataFrame
    # Initiatives that serve objectives but no customer need ("business push"), in rank order.
    business_push: list[str]
    # Initiatives that serve customer needs but no objective, in rank order.
    customer_only: list[str]
    clusters: list[Cluster]
    # Initiatives linked to nothing at all (neither business push nor customer only).
    unlinked: list[str] = field(default_factory=list)
    # The median need weight the unmet needs are measured against (whole workshop, no lens).
    median_need_weight: float = 0.0


# ---------------------------------------------------------------------------------------------
# Shared preparation: every table as unique string IDs, every link as integer positions.


@dataclass
class _Positions:
    insights: pd.DataFrame  # first row of each insight ID, index 0..ni-1
    objectives: pd.DataFrame
    initiatives: pd.DataFrame
    need: np.ndarray  # need weight per insight row, no lens
    weight: np.ndarray  # objective weight per row (NaN and negatives count as 0)
    # One entry per usable link (known initiative, known target, strength > 0, strongest of
    # repeated pairs): initiative row, target position (insights 0..ni-1, then objectives
    # ni..ni+no-1) and strength.
    init: np.ndarray
    target: np.ndarray
    strength: np.ndarray

    @property
    def n_insights(self) -> int:
        return len(self.insights)

    @property
    def n_targets(self) -> int:
        return len(self.insights) + len(self.objectives)


def _unique_ids(table: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The table with str IDs, first occurrence of each ID only (validation reports repeats),
    and the mask of kept rows."""
    ids = table["id"].astype(str) if "id" in table else pd.Series([], dtype=str)
    keep = ~ids.duplicated().to_numpy()
    out = table.loc[keep].reset_index(drop=True).copy()
    out["id"] = ids[keep].to_numpy()
    return out, keep


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    if name in table:
        return table[name]
    return pd.Series([np.nan] * len(table), index=table.index, dtype=object)


def _text(values: pd.Series) -> np.ndarray:
    """Text cells as str, blanks as ''."""
    return values.astype(object).where(values.notna(), "").astype(str).to_numpy()


def _positions(workshop: Workshop) -> _Positions:
    ins, ins_keep = _unique_ids(workshop.insights)
    obj, _ = _unique_ids(workshop.objectives)
    inits, _ = _unique_ids(workshop.initiatives)
    need = need_weights(workshop).to_numpy(float)[ins_keep] if len(ins_keep) else np.zeros(0)
    weight = pd.to_numeric(_column(obj, "weight"), errors="coerce").to_numpy(float)
    weight = np.nan_to_num(np.clip(weight, 0.0, None), nan=0.0)

    links = workshop.links
    init = pd.Index(inits["id"]).get_indexer(pd.Index(links["initiative"].astype(str)))
    targets = pd.Index(links["target"].astype(str))
    target = pd.Index(ins["id"]).get_indexer(targets)
    # An ID that is both an insight and an objective reads as the insight, as in scoring.
    rest = target < 0
    on_obj = pd.Index(obj["id"]).get_indexer(targets[rest])
    target[rest] = np.where(on_obj >= 0, on_obj + len(ins), -1)
    strength = pd.to_numeric(links["strength"], errors="coerce").to_numpy(float)
    strength = np.clip(np.nan_to_num(strength, nan=0.0), 0.0, FULL_STRENGTH)
    keep = (init >= 0) & (target >= 0) & (strength > 0)
    init, target, strength = init[keep], target[keep], strength[keep]

    # A repeated pair counts once, at its strongest (as in scoring).
    pair = init.astype(np.int64) * max(len(ins) + len(obj), 1) + target
    if len(np.unique(pair)) != len(pair):
        order = np.lexsort((-strength, pair))
        first = np.r_[True, np.diff(pair[order]) != 0]
        chosen = np.sort(order[first])
        init, target, strength = init[chosen], target[chosen], strength[chosen]
    return _Positions(ins, obj, inits, need, weight, init, target, strength)


def _rank_order(pos: _Positions, result: ScoreResult | None) -> np.ndarray:
    """Initiative rows in rank order (table order without a result; unranked ones last)."""
    n = len(pos.initiatives)
    if result is None or not len(result.table):
        return np.arange(n)
    ranked = pd.Index(result.table["id"].astype(str)).drop_duplicates()
    rank = ranked.get_indexer(pd.Index(pos.initiatives["id"]))
    rank = np.where(rank < 0, n + len(result.table), rank)
    return np.lexsort((np.arange(n), rank))


# ---------------------------------------------------------------------------------------------
# The graph: one builder of its tables, the networkx view of them, and the layouts drawn


@dataclass(frozen=True)
class GraphTables:
    """The overlap graph as tables: what `build_graph` holds and `sweetspot.core.plot` draws.

    `nodes` has one row per node (columns kind, id, label, weight): insights in table order,
    initiatives in rank order (table order without a result; unranked ones last), objectives.
    `weight` is as in `build_graph`. `edges` has one row per usable link (a_kind "initiative",
    a_id, b_kind "insight" or "objective", b_id, strength) in networkx's edge order: by the end
    that comes first among the nodes, then in link order (the drawing order of the edges).
    `a` and `b` are the node rows of each edge's initiative and of its need or objective.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    a: np.ndarray
    b: np.ndarray

    @property
    def strength(self) -> np.ndarray:
        return self.edges["strength"].to_numpy(float)


def graph_tables(workshop: Workshop, result: ScoreResult | None = None) -> GraphTables:
    """The nodes and edges of the overlap graph, computed with pandas and numpy (no networkx):
    at M (5,500 nodes, 10,000 links) building networkx and converting back took 0.3–0.5 s of
    the 1 s the whole drawing may take."""
    return _tables(_positions(workshop), result)


def _tables(pos: _Positions, result: ScoreResult | None) -> GraphTables:
    ins, obj, inits = pos.insights, pos.objectives, pos.initiatives
    n_ins, n_obj, n_init = len(ins), len(obj), len(inits)
    ins_ids = ins["id"].to_numpy().astype(object)
    obj_ids = obj["id"].to_numpy().astype(object)
    init_ids = inits["id"].to_numpy().astype(object)
    order = _rank_order(pos, result)
    if result is not None:
        ins_weight = result.need_weights.groupby(level=0).first().reindex(ins_ids).to_numpy()
        ins_weight = np.nan_to_num(ins_weight.astype(float), nan=0.0)
        t = result.table
        by_id = t.assign(id=t["id"].astype(str)).drop_duplicates("id").set_index("id")
        init_scores = by_id["score"].reindex(init_ids[order]).to_numpy(float)
    else:
        ins_weight = pos.need
        init_scores = np.full(n_init, np.nan)
    obj_weight = pd.to_numeric(_column(obj, "weight"), errors="coerce").to_numpy(float)
    nodes = pd.DataFrame(
        {
            "kind": ["insight"] * n_ins + ["initiative"] * n_init + ["objective"] * n_obj,
            "id": np.concatenate([ins_ids, init_ids[order], obj_ids]),
            "label": np.concatenate(
                [
                    _text(_column(ins, "need")),
                    _text(_column(inits, "initiative"))[order],
                    _text(_column(obj, "objective")),
                ]
            ),
            "weight": np.concatenate([ins_weight, init_scores, obj_weight]).astype(float),
        }
    )

    # networkx lists each edge from the end added first: insights (in their order), then
    # initiatives by rank; within a node, in link order. Keep that order.
    init_pos = np.empty(n_init, dtype=np.int64)
    init_pos[order] = np.arange(n_init)
    init, target, strength = pos.init, pos.target, pos.strength
    customer = target < n_ins
    first_end = np.where(customer, target, n_ins + init_pos[init])
    seq = np.lexsort((np.arange(len(init)), first_end))
    init, target, strength, customer = init[seq], target[seq], strength[seq], customer[seq]
    edges = pd.DataFrame(
        {
            "a_kind": "initiative",
            "a_id": init_ids[init] if len(init) else np.array([], dtype=object),
            "b_kind": np.where(customer, "insight", "objective").astype(object),
            "b_id": np.where(
                customer,
                ins_ids[np.clip(target, 0, max(n_ins - 1, 0))] if n_ins else "",
                obj_ids[np.clip(target - n_ins, 0, max(n_obj - 1, 0))] if n_obj else "",
            ).astype(object),
            "strength": strength.astype(float),
        }
    )
    a = n_ins + init_pos[init]
    b = np.where(customer, target, target + n_init).astype(np.int64)
    return GraphTables(nodes, edges, a, b)


def build_graph(workshop: Workshop, result: ScoreResult | None = None) -> nx.Graph:
    """The overlap graph as networkx: one node per insight, initiative and objective.

    Nodes are keyed `("insight" | "initiative" | "objective", id)` with attributes `kind`, `id`,
    `label` (need, initiative title or objective), `weight` and a few extras: insights carry
    `segment` and `journey_stage`; initiatives carry `rank`, `quadrant`, `customer_impact` and
    `business_impact` when a result is given. `weight` is the need weight for an insight (the
    result's, so 0 outside a lens; without a result the workshop's), the objective weight for an
    objective, and the sweet-spot score for an initiative (NaN without a result: not yet scored).

    Edges join an initiative to an insight or objective, with `strength` (1, 3 or 9; only
    strength > 0, the strongest of repeated links) and `side` ("customer" or "business"). Links
    to unknown IDs are left out; validation reports them. The nodes are `graph_tables`' rows.
    """
    import networkx as nx

    pos = _positions(workshop)
    nodes = _tables(pos, result).nodes
    ins, n_ins = pos.insights, pos.n_insights
    extras: list[dict[str, object]] = [
        {"segment": seg, "journey_stage": stage}
        for seg, stage in zip(
            _text(_column(ins, "segment")).tolist(),
            _text(_column(ins, "journey_stage")).tolist(),
            strict=True,
        )
    ]
    init_ids = nodes["id"].to_numpy()[n_ins : n_ins + len(pos.initiatives)].tolist()
    if result is not None:
        t = result.table.assign(id=result.table["id"].astype(str)).drop_duplicates("id")
        t = t.set_index("id").reindex(init_ids)
        extras += [
            {
                "rank": int(r) if r == r else None,
                "quadrant": str(q) if isinstance(q, str) else "",
                "customer_impact": float(c),
                "business_impact": float(b),
            }
            for r, q, c, b in zip(
                t["rank"].tolist(),
                t["quadrant"].tolist(),
                t["customer_impact"].tolist(),
                t["business_impact"].tolist(),
                strict=True,
            )
        ]
    else:
        extras += [{} for _ in init_ids]
    extras += [{} for _ in range(len(pos.objectives))]
    g = nx.Graph()
    g.add_nodes_from(
        ((kind, i), {"kind": kind, "id": i, "label": label, "weight": w, **extra})
        for kind, i, label, w, extra in zip(
            nodes["kind"].tolist(),
            nodes["id"].tolist(),
            nodes["label"].tolist(),
            nodes["weight"].tolist(),
            extras,
            strict=True,
        )
    )
    # In link order, as networkx keeps each node's neighbours.
    target_keys = [("insight", i) for i in ins["id"].tolist()] + [
        ("objective", i) for i in pos.objectives["id"].tolist()
    ]
    all_inits = pos.initiatives["id"].to_numpy()
    g.add_edges_from(
        (
            ("initiative", a),
            target_keys[t],
            {"strength": s, "side": "customer" if t < n_ins else "business"},
        )
        for a, t, s in zip(
            all_inits[pos.init].tolist(), pos.target.tolist(), pos.strength.tolist(), strict=True
        )
    )
    return g


def layered_xy(tables: GraphTables) -> np.ndarray:
    """(n, 2) positions of the layered drawing, one row per node of `tables`: needs at x = 0,
    initiatives at x = 1, objectives at x = 2, each column spread evenly from y = 1 (top) to
    y = 0.

    Initiatives go top-down in rank order (the nodes' order) because the room reads the column
    as the ranking. Each need and objective sits at the barycentre of the initiatives it links
    to (weighted by strength), which keeps edge crossings few; ties keep table order, and
    unlinked nodes go to the bottom. Vectorised with bincount: 100,000 needs in milliseconds.
    """
    nodes = tables.nodes
    n = len(nodes)
    kinds = nodes["kind"].to_numpy()
    a, b, w = tables.a, tables.b, tables.strength
    pos = np.full(n, np.nan)
    init_rows = np.flatnonzero(kinds == "initiative")
    pos[init_rows] = _spread(len(init_rows))
    for kind in ("insight", "objective"):
        rows = np.flatnonzero(kinds == kind)
        if rows.size == 0:
            continue
        mask = np.isin(b, rows)
        num = np.bincount(b[mask], weights=w[mask] * pos[a[mask]], minlength=n)
        den = np.bincount(b[mask], weights=w[mask], minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            bary = np.where(den[rows] > 0, num[rows] / den[rows], -1.0)  # unlinked at the bottom
        ordered = rows[np.lexsort((np.arange(rows.size), -bary))]
        pos[ordered] = _spread(rows.size)
    xy = np.zeros((n, 2))
    xy[:, 0] = np.select([kinds == "insight", kinds == "objective"], [0.0, 2.0], 1.0)
    xy[:, 1] = pos
    return xy


def force_xy(tables: GraphTables) -> np.ndarray:
    """(n, 2) positions of a force layout (networkx's spring layout, seeded: the same graph
    gets the same picture), one row per node of `tables`; links pull by strength."""
    import networkx as nx

    n = len(tables.nodes)
    if n == 0:
        return np.zeros((0, 2))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(
        zip(
            tables.a.tolist(),
            tables.b.tolist(),
            (tables.strength / FULL_STRENGTH).tolist(),
            strict=True,
        )
    )
    k = 1.6 / math.sqrt(n)
    pos = nx.spring_layout(g, k=k, seed=7, iterations=50, weight="weight")
    return np.array([pos[i] for i in range(n)], dtype=float)


def layered_positions(
    workshop: Workshop, result: ScoreResult | None = None
) -> dict[NodeKey, tuple[float, float]]:
    """The layered drawing's positions (see `layered_xy`) by node key."""
    tables = graph_tables(workshop, result)
    xy = layered_xy(tables)
    keys = zip(tables.nodes["kind"].tolist(), tables.nodes["id"].tolist(), strict=True)
    return {key: (float(x), float(y)) for key, (x, y) in zip(keys, xy.tolist(), strict=True)}


def _spread(n: int) -> np.ndarray:
    """n positions from the top (near 1) to the bottom (near 0), evenly spaced and centred."""
    return 1.0 - (np.arange(n) + 0.5) / max(n, 1)


# ---------------------------------------------------------------------------------------------
# The analysis


def analyse(workshop: Workshop, result: ScoreResult) -> OverlapReport:
    """Unmet needs, uncovered objectives, one-sided initiatives and clusters of overlap.

    Unmet needs use the workshop's own need weights (`scoring.need_weights`), not the result's:
    under a lens the result gives needs outside it a weight of 0, which would move the median
    and hide needs the lens merely filters out. An unmet need is a fact about the evidence and
    the ideas on the table, so it does not change when the room looks through a lens; the
    need_weight column is that unlensed weight. "Above the median" is strict: a need exactly
    at the median is not listed, so a workshop whose needs all weigh the same has none.

    The one-sided lists and the clusters read the links, not the lens, for the same reason.
    "Business push" and "customer only" leave out initiatives linked to nothing at all: those
    are listed in `unlinked`, since calling them either would mislead. `result` gives the rank
    order of the initiative lists.
    """
    pos = _positions(workshop)
    ni, nt, n_init = pos.n_insights, pos.n_targets, len(pos.initiatives)
    best = _best_strengths(pos)
    unmet = _unmet_table(pos, best)

    obj = pos.objectives
    uncovered_rows = np.flatnonzero(best[ni:nt] <= 0)
    uncovered = pd.DataFrame(
        {
            "id": obj["id"].to_numpy()[uncovered_rows],
            "objective": _column(obj, "objective").to_numpy()[uncovered_rows],
            "weight": pd.to_numeric(_column(obj, "weight"), errors="coerce").to_numpy(float)[
                uncovered_rows
            ],
            "best_strength": best[ni:nt][uncovered_rows],
        },
        columns=UNCOVERED_COLUMNS,
    )
    uncovered = uncovered.sort_values(
        ["weight", "id"], ascending=[False, True], na_position="last", ignore_index=True
    )

    customer = np.bincount(pos.init[pos.target < ni], minlength=n_init) > 0
    business = np.bincount(pos.init[pos.target >= ni], minlength=n_init) > 0
    order = _rank_order(pos, result)
    ids = pos.initiatives["id"].to_numpy()

    def listed(mask: np.ndarray) -> list[str]:
        return [str(i) for i in ids[order][mask[order]]]

    return OverlapReport(
        unmet_needs=unmet,
        uncovered_objectives=uncovered,
        business_push=listed(business & ~customer),
        customer_only=listed(customer & ~business),
        clusters=_clusters(pos, order),
        unlinked=listed(~business & ~customer),
        median_need_weight=float(np.median(pos.need)) if ni else 0.0,
    )


def _best_strengths(pos: _Positions) -> np.ndarray:
    """The strongest link to each target (insights first, then objectives)."""
    best = np.zeros(pos.n_targets)
    np.maximum.at(best, pos.target, pos.strength)
    return best


def _unmet_table(pos: _Positions, best: np.ndarray) -> pd.DataFrame:
    ni = pos.n_insights
    median = float(np.median(pos.need)) if ni else 0.0
    unmet_rows = np.flatnonzero((pos.need > median) & (best[:ni] < ADDRESSED_STRENGTH))
    ins = pos.insights
    unmet = pd.DataFrame(
        {
            "id": ins["id"].to_numpy()[unmet_rows],
            "need": _column(ins, "need").to_numpy()[unmet_rows],
            "need_weight": pos.need[unmet_rows],
            "segment": _column(ins, "segment").to_numpy()[unmet_rows],
            "journey_stage": _column(ins, "journey_stage").to_numpy()[unmet_rows],
            "best_strength": best[unmet_rows],
        },
        columns=UNMET_COLUMNS,
    )
    return unmet.sort_values(["need_weight", "id"], ascending=[False, True], ignore_index=True)


@dataclass
class UnmetNeeds:
    """The unmet needs alone (what the workbook's Unmet needs sheet shows): `analyse`'s table
    without the clusters, so an export never loads networkx."""

    unmet_needs: pd.DataFrame


def unmet_needs(workshop: Workshop) -> UnmetNeeds:
    """`analyse(...).unmet_needs`, computed alone (the same rule and order)."""
    pos = _positions(workshop)
    return UnmetNeeds(_unmet_table(pos, _best_strengths(pos)))


def _clusters(pos: _Positions, rank_order: np.ndarray) -> list[Cluster]:
    """Groups of overlap among the medium and strong links, each with at least one
    initiative, one insight and one objective; biggest first.

    Communities come from greedy modularity (weighted by strength) on small graphs and from
    label propagation on big ones; a piece that lacks a kind joins the complete group it links
    to most (see `_absorb_fragments`).
    """
    strong = pos.strength >= CLUSTER_STRENGTH
    a, t, s = pos.init[strong], pos.target[strong], pos.strength[strong]
    if not len(a):
        return []
    nt, n_init, ni = pos.n_targets, len(pos.initiatives), pos.n_insights
    if len(a) <= GREEDY_MODULARITY_MAX_LINKS:
        init_label, target_label = _greedy_modularity(a, t, s, n_init, nt)
    else:
        init_label, target_label = _label_propagation(a, t, s, n_init, nt)

    # Every node by a global position: insights, then objectives (the targets), then
    # initiatives; kind 0 insight, 1 initiative, 2 objective.
    kinds = np.r_[
        np.zeros(ni, dtype=np.int64), np.full(nt - ni, 2), np.ones(n_init, dtype=np.int64)
    ]
    labels, whole = _absorb_fragments(np.r_[target_label, init_label], kinds, a + nt, t, s)
    if not len(whole):
        return []
    target_label, init_label = labels[:nt], labels[nt:]
    rank_pos = np.empty(n_init)
    rank_pos[rank_order] = np.arange(n_init)
    # Reading order inside a cluster: needs and objectives by weight, initiatives by rank.
    reading = np.r_[-pos.need, -pos.weight, rank_pos]
    ids = np.r_[
        pos.insights["id"].to_numpy(object),
        pos.objectives["id"].to_numpy(object),
        pos.initiatives["id"].to_numpy(object),
    ]
    members = pd.DataFrame(
        {"label": labels, "kind": kinds, "reading": reading, "node": np.arange(len(labels))}
    )
    members = members.loc[members["label"].isin(whole)]
    members = members.sort_values(["label", "kind", "reading", "node"], kind="stable")
    members["ident"] = ids[members["node"].to_numpy()]
    lists = members.groupby(["label", "kind"], sort=True)["ident"].agg(list)

    # Lead insight: the need the cluster's own links address most (strength × need weight).
    same = (t < ni) & (target_label[t] == init_label[a]) & np.isin(init_label[a], whole)
    pull = pd.DataFrame(
        {"label": init_label[a][same], "row": t[same], "pull": s[same] * pos.need[t[same]]}
    )
    summed = pull.groupby(["label", "row"], as_index=False).agg(pull=("pull", "sum"))
    summed = summed.sort_values(["label", "pull", "row"], ascending=[True, False, True])
    leads = summed.drop_duplicates("label")
    lead_row = dict(zip(leads["label"].tolist(), leads["row"].tolist(), strict=True))
    needs = _text(_column(pos.insights, "need"))
    themes = _text(_column(pos.initiatives, "theme"))
    in_cluster = members.loc[members["kind"] == 1]
    theme_of = _common_theme(
        in_cluster["label"].to_numpy(), themes[in_cluster["node"].to_numpy() - nt]
    )

    clusters = []
    for label in whole.tolist():
        insights = [str(x) for x in lists[(label, 0)]]
        # A cluster's needs are normally joined by its own links; if label propagation left
        # one joined only through another cluster, the first need names it.
        lead = lead_row.get(label)
        lead_id = str(ids[lead]) if lead is not None else insights[0]
        name = str(needs[lead]) if lead is not None and needs[lead] else lead_id
        clusters.append(
            Cluster(
                name=name,
                initiatives=[str(x) for x in lists[(label, 1)]],
                insights=insights,
                objectives=[str(x) for x in lists[(label, 2)]],
                lead_insight=lead_id,
                theme=theme_of.get(label, ""),
            )
        )
    clusters.sort(key=lambda c: (-c.size, -len(c.initiatives), c.name))
    return clusters


def _absorb_fragments(
    labels: np.ndarray, kinds: np.ndarray, u: np.ndarray, v: np.ndarray, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Merge each community that lacks a kind (say, an initiative and the need it serves, with
    no objective) into the complete community it links to most strongly, so a well-linked
    initiative is not dropped just because modularity split it off. Returns the new labels
    (by node) and the labels of complete communities. One pass: fragments linked only to
    other fragments stay out."""
    live = labels >= 0
    if not live.any():
        return labels, np.zeros(0, dtype=np.int64)
    n_labels = int(labels.max()) + 1
    has = np.zeros((n_labels, 3), dtype=bool)
    has[labels[live], kinds[live]] = True
    whole = has.all(axis=1)
    src, dst, weight = np.r_[labels[u], labels[v]], np.r_[labels[v], labels[u]], np.r_[w, w]
    cross = ~whole[src] & whole[dst]
    if cross.any():
        summed = pd.Series(weight[cross]).groupby(src[cross] * n_labels + dst[cross]).sum()
        key = summed.index.to_numpy()
        frag, into = key // n_labels, key % n_labels
        order = np.lexsort((into, -summed.to_numpy(), frag))
        frag, into = frag[order], into[order]
        first = np.r_[True, frag[1:] != frag[:-1]]
        mapping = np.arange(n_labels)
        mapping[frag[first]] = into[first]
        labels = np.where(live, mapping[np.where(live, labels, 0)], -1)
    return labels, np.flatnonzero(whole)


def _common_theme(labels: np.ndarray, themes: np.ndarray) -> dict[int, str]:
    """The theme most initiatives of each cluster carry (ties: alphabetical)."""
    frame = pd.DataFrame({"label": labels, "theme": themes})
    frame = frame.loc[frame["theme"].str.strip() != ""]
    if frame.empty:
        return {}
    counted = frame.groupby(["label", "theme"], as_index=False).size()
    counted = counted.sort_values(["label", "size", "theme"], ascending=[True, False, True])
    top = counted.drop_duplicates("label")
    return dict(zip(top["label"].tolist(), top["theme"].tolist(), strict=True))


def _greedy_modularity(
    a: np.ndarray, t: np.ndarray, s: np.ndarray, n_init: int, nt: int
) -> tuple[np.ndarray, np.ndarray]:
    """Community labels (−1 = in no link) by greedy modularity, weighted by strength."""
    import networkx as nx
    from networkx.algorithms.community import greedy_modularity_communities

    g = nx.Graph()
    # Targets are nodes 0..nt-1, initiatives nt..; integer nodes keep this deterministic.
    g.add_weighted_edges_from(
        zip(t.tolist(), (a + nt).tolist(), s.tolist(), strict=True), weight="strength"
    )
    label = np.full(nt + n_init, -1, dtype=np.int64)
    communities = greedy_modularity_communities(g, weight="strength")
    for k, community in enumerate(communities):
        label[np.fromiter(community, dtype=np.int64)] = k
    return label[nt:], label[:nt]


def _label_propagation(
    a: np.ndarray, t: np.ndarray, s: np.ndarray, n_init: int, nt: int
) -> tuple[np.ndarray, np.ndarray]:
    """Community labels for big graphs, by weighted label propagation in numpy.

    The graph has two sides (initiatives, and the needs and objectives they link to), so the
    sides update in turn: fully synchronous propagation oscillates on such a graph. Each
    initiative starts with its own label; ties go to the smaller label, so it is deterministic.
    """
    init_label = np.arange(n_init, dtype=np.int64)
    target_label = np.full(nt, -1, dtype=np.int64)
    for _ in range(LABEL_PROPAGATION_ROUNDS):
        target_label = _heaviest_label(t, init_label[a], s, nt, n_init)
        new = _heaviest_label(a, target_label[t], s, n_init, n_init)
        if np.array_equal(new, init_label):
            break
        init_label = new
    linked = np.bincount(a, minlength=n_init) > 0
    return np.where(linked, init_label, -1), target_label


def _heaviest_label(
    node: np.ndarray, label: np.ndarray, w: np.ndarray, n: int, n_labels: int
) -> np.ndarray:
    """For each of n nodes, the label its links carry most weight for (−1 with no link)."""
    key = node.astype(np.int64) * max(n_labels, 1) + label
    summed = pd.Series(w).groupby(key, sort=True).sum()
    k = summed.index.to_numpy()
    nodes, labels, weights = k // max(n_labels, 1), k % max(n_labels, 1), summed.to_numpy()
    order = np.lexsort((labels, -weights, nodes))
    nodes, labels = nodes[order], labels[order]
    first = np.r_[True, nodes[1:] != nodes[:-1]]
    out = np.full(n, -1, dtype=np.int64)
    out[nodes[first]] = labels[first]
    return out
