"""Comment themes: planted themes are found, copies merged, quotes picked, runs repeatable."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest
from rapidfuzz import fuzz

from sweetspot.core.themes import ThemeResult, find_themes

# Four English themes and one German one, each with its own words; the templates add only stop
# words, so the planted vocabularies are all the content there is.
_POOL_TEXT = {
    "wait": "queue wait branch minutes line teller counter hour waiting busy",
    "app": "app login crash password update phone screen error fingerprint notification",
    "fees": "fee charge overdraft interest rate cost expensive monthly statement refund",
    "mortgage": (
        "mortgage loan application approval documents house broker valuation deposit paperwork"
    ),
    "german": (
        "Wartezeit Wartezeiten Schalter Filiale Schlange Termin Termine Beraterin Minuten "
        "Öffnungszeiten"
    ),
}
POOLS = {name: text.split() for name, text in _POOL_TEXT.items()}
ENGLISH = [
    "The {a} and the {b} were {c}.",
    "I have been on about the {a}, {b} and {c} all this while",
    "Why is the {a} so {b}? {c} again",
    "{a} {b} {c}",
    "My {a} was {b}, and then {c} too.",
    "It is all about the {a} with {b} and the {c}",
]
GERMAN = ["Die {a} und die {b} waren {c}.", "Ich hatte {a} mit {b} und {c}.", "{a} {b} {c} leider"]
PER_THEME = 120


def planted(seed: int = 0) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, labels = [], []
    for name, pool in POOLS.items():
        for _ in range(PER_THEME):
            a, b, c = rng.sample(pool, 3)
            template = rng.choice(GERMAN if name == "german" else ENGLISH)
            texts.append(template.format(a=a, b=b, c=c))
            labels.append(name)
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], [labels[i] for i in order]


def majority(result: ThemeResult, labels: list[str]) -> dict[str, tuple[int, float]]:
    """Planted theme → (the found theme holding most of its comments, the share it holds)."""
    lab = np.asarray(labels)
    out = {}
    for name in POOLS:
        found = Counter(result.assignment[lab == name].tolist())
        best, n = found.most_common(1)[0]
        out[name] = (best, n / PER_THEME)
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_planted_themes_are_recovered_one_each(seed: int) -> None:
    texts, labels = planted(seed)
    result = find_themes(texts, seed=seed)
    match = majority(result, labels)
    for name, (theme, share) in match.items():
        assert theme >= 0, name
        assert share >= 0.8, (name, share)
    # Each planted theme is its own found theme (no two share one).
    assert len({theme for theme, _share in match.values()}) == len(POOLS)
    # Automatic k finds the planted number: 5 (the brief allows ±1; these data give exactly 5).
    assert result.automatic
    assert abs(result.chosen - len(POOLS)) <= 1
    assert result.chosen == len(POOLS)
    # The German theme's words: "Wartezeit" and "Wartezeiten" are one stemmed term.
    german = result.themes[match["german"][0]]
    assert {"wartezeit", "wartezeiten"} & set(german.terms)
    assert not {"wartezeit", "wartezeiten"} <= set(german.terms)
    assert "termin" in german.terms or "termine" in german.terms
    wait = result.themes[match["wait"][0]]
    assert set(wait.terms) <= set(POOLS["wait"])
    assert wait.label == " · ".join(wait.terms[:3])


def test_themes_are_numbered_by_mentions_and_hold_their_comments() -> None:
    texts, _labels = planted(0)
    result = find_themes(texts)
    mentions = [len(t.comments) for t in result.themes]
    assert mentions == sorted(mentions, reverse=True)
    assert [t.number for t in result.themes] == list(range(1, len(result.themes) + 1))
    for index, theme in enumerate(result.themes):
        assert np.array_equal(theme.comments, np.flatnonzero(result.assignment == index))
        assert theme.weight.shape == theme.comments.shape
        assert np.all(theme.weight > 0)
        assert 1 <= len(theme.terms) <= 8
    assert result.assignment.shape == (len(texts),)


def test_exact_and_near_copies_are_merged_and_counted() -> None:
    texts, _labels = planted(0)
    original = "The overdraft fee and the monthly statement charge were far too expensive."
    copies = [
        original,
        "the OVERDRAFT fee, and the monthly statement charge were far too expensive!!",
        "The overdraft fee and the monthly statement charge were far too expensive today.",
        "The overdraft fees and the monthly statement charge were far too expensive.",
    ]
    start = len(texts)
    result = find_themes([*texts, *copies])
    group = list(range(start, start + len(copies)))
    assert result.duplicate_of[group].tolist() == [start] * len(copies)
    # Everything else in the planted set is unique (or its own representative's copy).
    assert np.all(result.duplicate_of[:start] <= np.arange(start))
    theme = result.assignment[start]
    assert theme >= 0
    assert result.assignment[group].tolist() == [theme] * len(copies)
    assert set(group) <= set(result.themes[theme].comments.tolist())
    assert any("repeated another one" in m for m in result.messages)


def test_different_comments_are_not_merged() -> None:
    texts, _labels = planted(0)
    extra = [
        "The overdraft fee and the monthly statement charge were far too expensive.",
        "The mortgage broker and the valuation paperwork took far too long to approve.",
    ]
    result = find_themes([*texts, *extra])
    n = len(texts)
    assert result.duplicate_of[n] == n
    assert result.duplicate_of[n + 1] == n + 1


def test_quotes_are_three_distinct_members() -> None:
    texts, _labels = planted(0)
    result = find_themes(texts)
    for theme in result.themes:
        assert len(theme.quotes) == 3
        assert len(set(theme.quotes)) == 3
        members = {" ".join(texts[i].split()) for i in theme.comments}
        assert set(theme.quotes) <= members
        for a in theme.quotes:
            for b in theme.quotes:
                if a != b:
                    assert fuzz.ratio(a.lower(), b.lower()) < 92


def test_quotes_prefer_40_to_200_characters() -> None:
    texts, _labels = planted(0)
    result = find_themes(texts)
    for theme in result.themes:
        sized = [i for i in theme.comments if 40 <= len(texts[i].strip()) <= 200]
        if len(sized) >= 3:
            assert all(40 <= len(q) <= 200 for q in theme.quotes)


def test_seeded_runs_are_identical() -> None:
    texts, _labels = planted(1)
    a, b = find_themes(texts, seed=7), find_themes(texts, seed=7)
    assert np.array_equal(a.assignment, b.assignment)
    assert np.array_equal(a.duplicate_of, b.duplicate_of)
    assert [t.label for t in a.themes] == [t.label for t in b.themes]
    assert [t.quotes for t in a.themes] == [t.quotes for t in b.themes]
    for ta, tb in zip(a.themes, b.themes, strict=True):
        assert np.array_equal(ta.weight, tb.weight)


def test_n_themes_is_honoured() -> None:
    texts, _labels = planted(0)
    result = find_themes(texts, n_themes=3)
    assert result.chosen == 3
    assert len(result.themes) == 3
    assert not result.automatic
    # Fewer themes than planted: still every comment with words finds a theme it belongs to.
    assert np.count_nonzero(result.assignment >= 0) >= 0.95 * len(texts)


@pytest.mark.parametrize(
    "texts",
    [[], ["", "   ", "!!!"], ["the and of", "ok", "", "123 456"]],
    ids=["empty", "blank", "no-content-words"],
)
def test_nothing_to_group_makes_no_themes(texts: list[str]) -> None:
    result = find_themes(texts)
    assert result.themes == ()
    assert result.chosen == 0
    assert result.assignment.tolist() == [-1] * len(texts)
    assert result.duplicate_of.tolist() == list(range(len(texts)))
    assert result.messages
    assert "no themes were made" in result.messages[-1]


def test_too_few_comments_are_said() -> None:
    texts = [
        "The queue at the branch was long.",
        "The app crashes at login.",
        "Fees are expensive.",
        "The broker lost my documents.",
    ]
    result = find_themes(texts)
    assert result.themes == ()
    assert result.messages[-1].startswith("Only 4 different comments with words to group")


def test_blank_comments_are_in_no_theme() -> None:
    texts, _labels = planted(0)
    result = find_themes(["", *texts, "   "])
    assert result.assignment[0] == -1
    assert result.assignment[-1] == -1
    assert result.duplicate_of[0] == 0


def test_languages_given_are_used_and_checked() -> None:
    texts, labels = planted(0)
    languages = ["de" if label == "german" else "en" for label in labels]
    given = find_themes(texts, languages=languages)
    detected = find_themes(texts)
    assert np.array_equal(given.assignment, detected.assignment)
    with pytest.raises(ValueError, match="languages"):
        find_themes(texts, languages=["en"])


def test_check_is_called_and_can_cancel() -> None:
    texts, _labels = planted(0)
    calls = 0

    def check() -> None:
        nonlocal calls
        calls += 1

    find_themes(texts, check=check)
    assert calls > 5

    class Cancelled(Exception):
        pass

    def cancel() -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        find_themes(texts, check=cancel)


def test_light_stemming_per_language() -> None:
    from sweetspot.core.themes import _stem

    assert _stem("de", "wartezeiten") == _stem("de", "wartezeit") == "wartezeit"
    assert _stem("de", "mitarbeitern") == _stem("de", "mitarbeiter") == "mitarbeit"
    assert _stem("de", "filialen") == _stem("de", "filiale") == "filial"
    assert _stem("de", "regeln") == "regel"
    assert _stem("de", "haus") == "haus"  # -s only after a consonant
    assert _stem("fr", "attentes") == _stem("fr", "attente") == "attent"
    assert _stem("fr", "conseillers") == "conseiller"
    assert _stem("nl", "wachten") == "wachten"  # Dutch and Spanish are not stemmed
    assert _stem("en", "queues") == _stem("en", "queue")  # suggest's English stemming
