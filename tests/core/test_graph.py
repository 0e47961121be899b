"""The overlap graph and its analysis on a hand-built workshop whose answers are known."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sweetspot.core import graph
from sweetspot.core.graph import analyse, build_graph, layered_positions
from sweetspot.core.model import Workshop
from sweetspot.core.scoring import ScoringSettings, score


def _workshop(
    insights: list[tuple[str, float, float, str]],
    objectives: list[tuple[str, float]],
    initiatives: list[str],
    links: list[tuple[str, str, float]],
) -> Workshop:
    w = Workshop()
    w.insights = pd.DataFrame(
        {
            "id": [i for i, *_ in insights],
            "need": [f"Need {i}" for i, *_ in insights],
            "importance": [imp for _, imp, _, _ in insights],
            "satisfaction": [sat for _, _, sat, _ in insights],
            "reach": np.nan,
            "segment": [seg for *_, seg in insights],
            "journey_stage": "Use",
        }
    )
    w.objectives = pd.DataFrame(
        {
            "id": [o for o, _ in objectives],
            "objective": [f"Objective {o}" for o, _ in objectives],
            "weight": [wt for _, wt in objectives],
        }
    )
    w.initiatives = pd.DataFrame(
        {
            "id": initiatives,
            "initiative": [f"Idea {a}" for a in initiatives],
            "effort": 2.0,
            "confidence": np.nan,
            "theme": ["Branch" if a in {"A1", "A3", "A7"} else "Digital" for a in initiatives],
        }
    )
    w.links = pd.DataFrame(links, columns=["initiative", "target", "strength"])
    return w


# Need weights (1–5 scale, no reach): imp/5 + max(imp/5 − sat/5, 0)
#   I1 5,1 → 1.8   I2 5,2 → 1.6   I3 4,2 → 1.2   I4 3,3 → 0.6   I5 2,4 → 0.4   I6 4,3 → 1.0
# Median 1.1: I1, I2, I3 lie above it. I1 is addressed strongly; I2 only weakly (1); I3 not at
# all. So the unmet needs are I2 then I3.
INSIGHTS = [
    ("I1", 5.0, 1.0, "Retail"),
    ("I2", 5.0, 2.0, "Business"),
    ("I3", 4.0, 2.0, "Business"),
    ("I4", 3.0, 3.0, "Retail"),
    ("I5", 2.0, 4.0, "Retail"),
    ("I6", 4.0, 3.0, "Retail"),
]
# O3 has no link; O4 only a link of strength 0, which is no link: both uncovered.
OBJECTIVES = [("O1", 3.0), ("O2", 2.0), ("O3", 1.0), ("O4", 0.5)]
INITIATIVES = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"]
LINKS = [
    # Cluster X: A1, A3, A7 around I1, I6 and O1.
    ("A1", "I1", 9.0),
    ("A1", "O1", 9.0),
    ("A1", "I6", 3.0),
    ("A7", "I6", 9.0),
    ("A7", "O1", 3.0),
    ("A3", "O1", 9.0),  # business push: no customer link at all
    # Cluster Y: A6, A4, A2 around I4 and O2.
    ("A6", "I4", 9.0),
    ("A6", "O2", 9.0),
    ("A4", "I4", 3.0),  # customer only
    ("A2", "O2", 9.0),
    ("A2", "I2", 1.0),  # weak: a customer link, but it does not address I2
    # A8 and I5 stand alone (no objective): not a cluster. A8 is customer only.
    ("A8", "I5", 9.0),
    ("A5", "O4", 0.0),  # strength 0 is no link: A5 is linked to nothing
    ("A1", "I99", 9.0),  # unknown target: ignored
]


def hand_workshop() -> Workshop:
    return _workshop(INSIGHTS, OBJECTIVES, INITIATIVES, LINKS)


@pytest.fixture(params=["greedy modularity", "label propagation"])
def algorithm(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs a test with both cluster algorithms (label propagation is the big-graph path)."""
    if request.param == "label propagation":
        monkeypatch.setattr(graph, "GREEDY_MODULARITY_MAX_LINKS", 0)
    return str(request.param)


def test_unmet_needs_are_heavy_needs_nothing_addresses_with_medium_or_strong() -> None:
    w = hand_workshop()
    report = analyse(w, score(w))
    unmet = report.unmet_needs
    assert list(unmet.columns) == [
        "id",
        "need",
        "need_weight",
        "segment",
        "journey_stage",
        "best_strength",
    ]
    assert list(unmet["id"]) == ["I2", "I3"]  # biggest need first
    assert list(unmet["need_weight"]) == pytest.approx([1.6, 1.2])
    # I2's weak link is recorded, and still leaves it unmet.
    assert list(unmet["best_strength"]) == [1.0, 0.0]
    assert list(unmet["segment"]) == ["Business", "Business"]
    assert report.median_need_weight == pytest.approx(1.1)


def test_a_medium_link_addresses_a_need() -> None:
    links = [*LINKS, ("A4", "I2", 3.0)]
    w = _workshop(INSIGHTS, OBJECTIVES, INITIATIVES, links)
    assert list(analyse(w, score(w)).unmet_needs["id"]) == ["I3"]


def test_needs_exactly_at_the_median_are_not_unmet() -> None:
    # Weights 0.4, 1.2, 1.2, 1.2, 1.8: the median is 1.2, and only the 1.8 need is above it.
    insights = [
        ("J1", 2.0, 4.0, "Retail"),
        ("J2", 4.0, 2.0, "Retail"),
        ("J3", 4.0, 2.0, "Retail"),
        ("J4", 4.0, 2.0, "Retail"),
        ("J5", 5.0, 1.0, "Retail"),
    ]
    w = _workshop(insights, [("O1", 1.0)], ["A1"], [("A1", "O1", 9.0)])
    report = analyse(w, score(w))
    assert report.median_need_weight == pytest.approx(1.2)
    assert list(report.unmet_needs["id"]) == ["J5"]
    # All needs equal: none is above the median, so none is unmet.
    same = [(f"K{k}", 4.0, 2.0, "Retail") for k in range(4)]
    w = _workshop(same, [("O1", 1.0)], ["A1"], [("A1", "O1", 9.0)])
    assert analyse(w, score(w)).unmet_needs.empty


def test_a_lens_does_not_change_the_unmet_needs() -> None:
    w = hand_workshop()
    plain = analyse(w, score(w)).unmet_needs
    lens = ScoringSettings(segments=frozenset({"Retail"}))
    lensed_result = score(w, lens)
    # Under the lens the business needs weigh 0 in the result...
    assert lensed_result.need_weights["I2"] == 0.0
    lensed = analyse(w, lensed_result).unmet_needs
    # ...but the unmet needs, and the weights they show, stay those of the whole workshop.
    pd.testing.assert_frame_equal(lensed, plain)


def test_uncovered_objectives_have_no_link_above_zero() -> None:
    w = hand_workshop()
    uncovered = analyse(w, score(w)).uncovered_objectives
    assert list(uncovered.columns) == ["id", "objective", "weight", "best_strength"]
    assert list(uncovered["id"]) == ["O3", "O4"]  # heaviest first
    assert list(uncovered["weight"]) == [1.0, 0.5]
    assert list(uncovered["best_strength"]) == [0.0, 0.0]


def test_one_sided_and_unlinked_initiatives() -> None:
    w = hand_workshop()
    result = score(w)
    report = analyse(w, result)
    assert report.business_push == ["A3"]
    ranks = result.ranks()
    # Customer-only initiatives come in rank order.
    assert report.customer_only == sorted(["A4", "A8"], key=ranks.__getitem__)
    assert report.unlinked == ["A5"]


def test_clusters_group_overlap_and_need_all_three_kinds(algorithm: str) -> None:
    w = hand_workshop()
    result = score(w)
    clusters = analyse(w, result).clusters
    found = [(set(c.initiatives), set(c.insights), set(c.objectives)) for c in clusters]
    assert found == [
        ({"A1", "A3", "A7"}, {"I1", "I6"}, {"O1"}),
        ({"A2", "A4", "A6"}, {"I4"}, {"O2"}),
    ], algorithm
    x, y = clusters
    # Named after the need its own links address most: I1 (9 × 1.8) beats I6 ((3 + 9) × 1.0).
    assert (x.name, x.lead_insight) == ("Need I1", "I1")
    assert (y.name, y.lead_insight) == ("Need I4", "I4")
    assert (x.theme, y.theme) == ("Branch", "Digital")
    # Reading order: initiatives by rank, needs by weight.
    ranks = result.ranks()
    assert x.initiatives == sorted(x.initiatives, key=ranks.__getitem__)
    assert x.insights == ["I1", "I6"]
    assert x.size == 6


def test_weak_links_do_not_join_a_cluster() -> None:
    w = hand_workshop()
    clusters = analyse(w, score(w)).clusters
    # A2 touches I2 only weakly, so I2 belongs to no cluster.
    assert all("I2" not in c.insights for c in clusters)


def test_no_strong_links_no_clusters() -> None:
    w = _workshop(INSIGHTS[:2], OBJECTIVES[:1], ["A1"], [("A1", "I1", 1.0), ("A1", "O1", 1.0)])
    assert analyse(w, score(w)).clusters == []


def test_build_graph_nodes_edges_and_weights() -> None:
    w = hand_workshop()
    result = score(w)
    g = build_graph(w, result)
    assert g.number_of_nodes() == len(INSIGHTS) + len(OBJECTIVES) + len(INITIATIVES)
    node = g.nodes[("insight", "I1")]
    assert (node["kind"], node["id"], node["label"]) == ("insight", "I1", "Need I1")
    assert node["weight"] == pytest.approx(1.8)
    assert g.nodes[("objective", "O2")]["weight"] == 2.0
    a1 = g.nodes[("initiative", "A1")]
    assert a1["weight"] == pytest.approx(result.row("A1")["score"])
    assert a1["rank"] == result.ranks()["A1"]
    # Only strength > 0 and known IDs: the 0 link and the link to I99 are not edges.
    assert g.number_of_edges() == len(LINKS) - 2
    assert not g.has_edge(("initiative", "A5"), ("objective", "O4"))
    assert g.edges[("initiative", "A2"), ("insight", "I2")] == {
        "strength": 1.0,
        "side": "customer",
    }
    assert g.edges[("initiative", "A6"), ("objective", "O2")]["side"] == "business"


def test_build_graph_without_result_and_under_a_lens() -> None:
    w = hand_workshop()
    g = build_graph(w)
    assert np.isnan(g.nodes[("initiative", "A1")]["weight"])  # not scored yet
    assert g.nodes[("insight", "I2")]["weight"] == pytest.approx(1.6)
    lensed = build_graph(w, score(w, ScoringSettings(segments=frozenset({"Retail"}))))
    # Node size follows what was scored: the business need is out of the lens.
    assert lensed.nodes[("insight", "I2")]["weight"] == 0.0


def test_repeated_links_count_once_at_their_strongest() -> None:
    w = hand_workshop()
    w.links = pd.concat(
        [w.links, pd.DataFrame([("A2", "I2", 9.0)], columns=w.links.columns)],
        ignore_index=True,
    )
    g = build_graph(w, score(w))
    assert g.edges[("initiative", "A2"), ("insight", "I2")]["strength"] == 9.0
    assert "I2" not in set(analyse(w, score(w)).unmet_needs["id"])


def test_layered_positions_three_columns_in_rank_and_barycentre_order() -> None:
    w = hand_workshop()
    result = score(w)
    xy = layered_positions(w, result)
    assert len(xy) == len(INSIGHTS) + len(OBJECTIVES) + len(INITIATIVES)
    assert {xy[k][0] for k in xy if k[0] == "insight"} == {0.0}
    assert {xy[k][0] for k in xy if k[0] == "initiative"} == {1.0}
    assert {xy[k][0] for k in xy if k[0] == "objective"} == {2.0}
    ys = [xy[("initiative", i)][1] for i in result.table["id"]]
    assert ys == sorted(ys, reverse=True)  # rank 1 at the top
    assert all(0.0 < y < 1.0 for _, y in xy.values())
    # Each linked need sits level with what links to it: I1 (only A1, the top initiative) is
    # the top need; I4 (A6, A4) comes below I1 and I6 (A1, A7).
    need_order = sorted(
        (k[1] for k in xy if k[0] == "insight"), key=lambda i: -xy[("insight", i)][1]
    )
    assert need_order[0] == "I1"
    assert need_order.index("I4") > need_order.index("I6")
    # Unlinked needs go to the bottom (I3 has no link; I2 only A2's weak one).
    assert need_order[-1] == "I3"
    assert xy[("objective", "O3")][1] < xy[("objective", "O1")][1]


def test_layered_positions_avoid_crossings_on_a_chain() -> None:
    # Three independent pairs: ordered by barycentre, no two links cross.
    insights = [("I1", 3.0, 3.0, "R"), ("I2", 4.0, 3.0, "R"), ("I3", 5.0, 3.0, "R")]
    links = [
        ("A1", "I3", 9.0),
        ("A2", "I1", 9.0),
        ("A3", "I2", 9.0),
        ("A1", "O2", 9.0),
        ("A2", "O3", 3.0),
        ("A3", "O1", 1.0),
    ]
    w = _workshop(insights, [("O1", 1.0), ("O2", 1.0), ("O3", 1.0)], ["A1", "A2", "A3"], links)
    result = score(w)
    xy = layered_positions(w, result)
    for kind in ("insight", "objective"):
        pairs = [
            (xy[("initiative", a)][1], xy[(kind, t)][1])
            for a, t, _ in links
            if (t.startswith("I")) == (kind == "insight")
        ]
        crossings = sum(
            (a1 - a2) * (t1 - t2) < 0
            for k, (a1, t1) in enumerate(pairs)
            for a2, t2 in pairs[k + 1 :]
        )
        assert crossings == 0, kind


def test_analyse_handles_a_big_programme_with_the_fast_cluster_path() -> None:
    # 2,000 strong links: above the greedy-modularity limit, so label propagation runs.
    rng = np.random.default_rng(3)
    n_ins, n_init = 1500, 300
    insights = [(f"I{k}", float(rng.integers(1, 6)), 3.0, "R") for k in range(n_ins)]
    objectives = [(f"O{k}", 1.0) for k in range(6)]
    initiatives = [f"A{k}" for k in range(n_init)]
    links = [(f"A{rng.integers(n_init)}", f"I{rng.integers(n_ins)}", 9.0) for _ in range(1700)] + [
        (f"A{k}", f"O{k % 6}", 3.0) for k in range(n_init)
    ]
    w = _workshop(insights, objectives, initiatives, links)
    report = analyse(w, score(w))
    assert len(report.clusters) >= 2
    for c in report.clusters:
        assert c.initiatives and c.insights and c.objectives
    # Every objective is in at most one cluster; no initiative is in two.
    seen = [a for c in report.clusters for a in c.initiatives]
    assert len(seen) == len(set(seen))
    sizes = [c.size for c in report.clusters]
    assert sizes == sorted(sizes, reverse=True)


def test_an_empty_workshop_has_nothing_to_report() -> None:
    w = Workshop()
    report = analyse(w, score(w))
    assert report.unmet_needs.empty and report.uncovered_objectives.empty
    assert report.business_push == report.customer_only == report.clusters == []
    assert build_graph(w).number_of_nodes() == 0
    assert layered_positions(w) == {}


def test_unmet_needs_alone_equal_the_analysis_and_load_no_networkx(tmp_path: Path) -> None:
    import subprocess
    import sys

    from sweetspot.core.graph import analyse, unmet_needs
    from sweetspot.core.inputs import open_inputs
    from sweetspot.core.scoring import ScoringSettings, score

    root = Path(__file__).resolve().parents[2]
    for sample in ("retail_bank.xlsx", "pharma_hcp.xlsx"):
        w = open_inputs([root / "sample_data" / sample]).workshop
        # Under a lens too: an unmet need is a fact about the evidence, not the lens.
        lensed = score(w, ScoringSettings(segments=frozenset({"Retirees"})))
        assert unmet_needs(w).unmet_needs.equals(analyse(w, lensed).unmet_needs)
    code = (
        "import sys\n"
        "from sweetspot.cli import main\n"
        f"main(['rank', {str(root / 'sample_data' / 'retail_bank.xlsx')!r}, '-o', sys.argv[1]])\n"
        "print('NETWORKX', 'networkx' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "backlog.xlsx")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
    )
    assert "NETWORKX False" in out.stdout, out.stdout + out.stderr
