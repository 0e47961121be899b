"""Customer comments: which language each one is in, and how positive or negative it sounds.

Language (`detect_language`) is a stop-word profile, small enough to explain to a client:

- every word that is a function word of a language (``STOP_WORDS_BY_LANGUAGE``, plus a short
  English list) gives that language one point; a word that several languages share ("in",
  "die", "de", "me") splits its point between them;
- spelling adds evidence: ß, ä, ö, ü → German; è ê à â ç î ô û ù œ and an elision such as
  "l'", "d'", "qu'", "n'" → French; ñ á í ó ú ¿ ¡ → Spanish; "ij" inside a word → Dutch;
  é is shared by French and Spanish;
- the best language wins when it has at least ``MIN_EVIDENCE`` points and ``MARGIN`` times the
  runner-up's; otherwise the answer is "" (too short or no signal: "ok", "123", "Top!").

`detect_languages` does that for a whole survey and gives comments without a signal the
survey's main language when one language holds at least ``MAIN_SHARE`` of the detected ones
(a German survey's "Super!" is German).

Sentiment (`sentiment`) is a score from −1 (negative) to 1 (positive), or None when the
language has no lexicon (Dutch, Spanish, unknown):

- English: VADER's compound score (vaderSentiment).
- German and French: the pattern-format lexicons shipped as data in textblob-de (German
  Polarity Lexicon, Klenner et al., Apache-2.0) and textblob-fr (pattern, PDDL), read as XML
  (textblob itself is never imported). The score is the average polarity of the lexicon words
  found, pattern's way: an intensifier ("sehr", "extrem", "très", and the lexicon's adverbs
  with an intensity) multiplies the next sentiment word (clipped to ±1); a negation ("nicht",
  "kein…", "nie", "niemals", "nichts", "ohne"; "pas", "jamais", "rien", "aucun", "sans", "ni",
  and "plus" after "ne"/"n'") within ``NEGATION_REACH`` words in the same clause turns it into
  −0.5 × its polarity ("nicht gut" is mildly bad). A German negation that ends its clause flips
  the clause's last sentiment word ("Freundlich war er nicht."). Words are matched case-
  insensitively (German nouns are capitalised); a German word missing from the lexicon is
  tried without its inflection ("guten" → "gut", "freundlichsten" → "freundlich"). Words with
  polarity 0 are ignored (and French "bien" gets 0.5); a text with no lexicon word scores 0.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from defusedxml import ElementTree

LANGUAGES = {"en": "English", "de": "German", "fr": "French", "nl": "Dutch", "es": "Spanish"}
SENTIMENT_LANGUAGES = {
    "en": "VADER (vaderSentiment)",
    "de": "German Polarity Lexicon (textblob-de data, Apache-2.0)",
    "fr": "pattern French lexicon (textblob-fr data, PDDL)",
}
MIN_EVIDENCE = 1.0
MARGIN = 1.5
MAIN_SHARE = 2 / 3
NEGATION_REACH = 3
CHECK_EVERY = 1_000

# Stop words per language: the language profiles above and, in themes, the words left out of
# German, French, Dutch and Spanish comments. (English comments use suggest.STOP_WORDS there;
# this module sits below suggest in the import layers, so its English list is its own.)
_STOP_TEXT = {
    "de": """
        aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim
        bin bis bist bitte da damit dann das dass dem den denn der des dessen dich die dies
        diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer
        eines einfach einmal er es etwas euch euer für gab ganz gar gegen gewesen hab habe haben
        hat hatte hatten hier ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im immer in ins ist
        ja jede jedem jeden jeder jedes jetzt kann kein keine keinem keinen keiner können könnte
        leider mal man mehr mein meine meinem meinen meiner mich mir mit muss musste nach nicht
        nichts noch nun nur ob oder ohne schon sehr sein seine seinem seinen seiner seit sich
        sie sind so soll sollte sondern sonst über um und uns unser unsere unter viel vom von
        vor war waren warum was weil weiter welche wenn wer werde werden wie wieder will wir
        wird wirklich wo wurde wurden zu zum zur zwar zwischen
    """,
    "fr": """
        à ai aie ait alors au aucun aucune aussi autre aux avec avez avais avait avoir ça car
        ce ceci cela celle celui ces cet cette chez comme dans de des donc dont du elle elles
        en encore est et été étaient était être eu fait faire fois il ils je la le les leur
        leurs lui ma mais me même mes moi mon ne ni nos notre nous on ont ou où par pas peu
        plus pour pourquoi qu quand que quel quelle qui sa sans se ses si son sont sous suis
        sur ta te tes toi ton tous tout toute toutes très tu un une vos votre vous
    """,
    "nl": """
        aan al alle alles als altijd ben bij daar dan dat de deze die dit doen door dus een en
        er erg ga gaat geen geweest haar had heb hebben heeft heel hem het hier hij hoe hun ik
        in is ja je jij jou jouw kan kon maar meer men met mij mijn moet na naar niet niets nog
        nu of om omdat ons onze ook op over te tegen toch toen tot uit uw van veel voor want
        waren was wat we wel werd wie wij wordt worden zal ze zeer zich zij zijn zo zonder zou
    """,
    "es": """
        al algo algunos ante antes como con contra cual cuando de del desde donde durante el
        ella ellas ellos en entre era eran es esa esas ese eso esos esta está están estaba
        estas este esto estos estoy fue fueron ha han hasta hay la las le les lo los más me mi
        mis mucho muy mí nada ni no nos nosotros os otra otro para pero poco por porque que qué
        se sea ser si sí sin sobre son su sus también tan te tengo tiene todo todos tu tus un
        una uno unos ya yo
    """,
}
STOP_WORDS_BY_LANGUAGE: dict[str, frozenset[str]] = {
    lang: frozenset(text.split()) for lang, text in _STOP_TEXT.items()
}
_ENGLISH_TEXT = """
    a about after all also am an and any are as at be because been but by can could couldn
    did didn do does doesn don for from get got had has have he her here him his how if in
    into is isn it its just me my no not of on or our out she should so than that the their
    them then there these they this those to too up very was wasn we were what when where
    which who why will with would you your
    """
_ENGLISH_PROFILE = frozenset(_ENGLISH_TEXT.split())
# Single letters that are words: the English article, French "à"/"y", Spanish "a"/"y"/"o"/"e".
_LETTER_WORDS = {"a": ("en", "es"), "i": ("en",), "à": ("fr",), "y": ("es", "fr"), "o": ("es",)}
_PROFILES = {"en": _ENGLISH_PROFILE, **STOP_WORDS_BY_LANGUAGE}


def _profile_points() -> dict[str, tuple[tuple[str, float], ...]]:
    owners: dict[str, list[str]] = {}
    for lang, stop in _PROFILES.items():
        for w in stop:
            owners.setdefault(w, []).append(lang)
    for w, langs in _LETTER_WORDS.items():
        owners[w] = list(langs)
    return {w: tuple((lang, 1.0 / len(langs)) for lang in langs) for w, langs in owners.items()}


_POINTS = _profile_points()
# Spelling hints: letters that mark a word as (points, languages sharing them); an elision.
_LETTER_HINTS: tuple[tuple[frozenset[str], float, tuple[str, ...]], ...] = (
    (frozenset("ßäöü"), 0.5, ("de",)),
    (frozenset("èêàâçîôûùœ"), 0.5, ("fr",)),
    (frozenset("ñáíóú"), 0.5, ("es",)),
    (frozenset("é"), 0.5, ("fr", "es")),
)
_ELISION = re.compile(r"(?<!\w)(?:l|d|qu|n|j|c|s|m|t)['’](?=\w)")
_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r"[^\W_]+|[.,;:!?]")


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def language_points(text: str) -> dict[str, float]:
    """The evidence for each language (see the module docstring): what detection decides on."""
    norm = _normal(text)
    points = dict.fromkeys(LANGUAGES, 0.0)
    for w in _WORD.findall(norm):
        for lang, p in _POINTS.get(w, ()):
            points[lang] += p
        if "ij" in w:
            points["nl"] += 0.5
        if not w.isascii():
            for letters, p, langs in _LETTER_HINTS:
                if not letters.isdisjoint(w):
                    for lang in langs:
                        points[lang] += p / len(langs)
    if "'" in norm or "’" in norm:
        points["fr"] += len(_ELISION.findall(norm))
    points["es"] += 0.5 * (norm.count("¿") + norm.count("¡"))
    return points


def detect_language(text: str) -> str:
    """The language code ("en", "de", "fr", "nl", "es"), or "" when unsure (no signal, a tie)."""
    if not isinstance(text, str) or not text.strip():
        return ""
    ranked = sorted(language_points(text).items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= MIN_EVIDENCE and top >= MARGIN * second:
        return best
    return ""


def detect_languages(
    texts: Sequence[str], check: Callable[[], None] | None = None
) -> tuple[str, ...]:
    """The language of every text; those without a signal take the survey's main language.

    Each distinct text is looked at once. Blank texts stay "".
    """
    found: dict[str, str] = {}
    out: list[str] = []
    for i, text in enumerate(texts):
        if check is not None and i % CHECK_EVERY == 0:
            check()
        key = text if isinstance(text, str) else ""
        lang = found.get(key)
        if lang is None:
            lang = found[key] = detect_language(key)
        out.append(lang)
    counts = Counter(lang for lang in out if lang)
    if counts:
        main, n = counts.most_common(1)[0]
        if n >= MAIN_SHARE * sum(counts.values()):
            out = [
                lang or (main if isinstance(t, str) and t.strip() else "")
                for t, lang in zip(texts, out, strict=True)
            ]
    return tuple(out)


# --- sentiment -------------------------------------------------------------------------------

# Intensifiers the lexicons lack (the lexicons' own adverbs with an intensity are added).
_EXTRA_INTENSIFIERS = {
    "de": {"sehr": 1.5, "äußerst": 2.0, "total": 1.5, "wirklich": 1.3, "echt": 1.3},
    "fr": {"extrêmement": 2.0},
}
# The French lexicon (adjectives) gives "bien" polarity 0, so "Très bien." would score 0.
_EXTRA_POLARITY = {"de": {}, "fr": {"bien": 0.5}}
_NEGATION_TEXT = {
    "de": "nicht kein keine keinen keinem keiner keines nie niemals nichts ohne",
    "fr": "pas jamais rien aucun aucune sans ni guère",
}
_NEGATIONS = {lang: frozenset(text.split()) for lang, text in _NEGATION_TEXT.items()}
_FR_NE = frozenset(("ne", "n"))
_CLAUSE_END = frozenset(".,;:!?") | {"aber", "sondern", "jedoch", "mais", "cependant"}
# German inflections tried, longest first, when a word is not in the lexicon.
_DE_ENDINGS = ("sten", "ster", "stes", "stem", "ste", "ern", "em", "en", "er", "es", "e", "n", "s")
_DE_IRREGULAR = {"besser": "gut", "best": "gut"}
_FR_ENDINGS = ("es", "s", "e", "x")
_POS_ORDER = {"JJ": 0, "VB": 1, "RB": 2, "NN": 3}
_LEXICON_FILES = {
    "de": ("textblob_de", ("data", "de-sentiment.xml")),
    "fr": ("textblob_fr", ("fr-sentiment.xml",)),
}


@dataclass(frozen=True)
class _Lexicon:
    polarity: dict[str, float]
    intensity: dict[str, float]
    negations: frozenset[str]
    endings: tuple[str, ...]
    irregular: dict[str, str]


def _package_file(package: str, parts: tuple[str, ...]) -> Path:
    # find_spec of a top-level package locates it without running its __init__ (no nltk).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        # The packaged app carries only the lexicon file, beside its other data (build.spec).
        bundled = Path(getattr(sys, "_MEIPASS", "") or ".", package, *parts)
        if getattr(sys, "frozen", False) and bundled.is_file():
            return bundled
        raise FileNotFoundError(f"The {package} package (its sentiment lexicon) is missing")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


@functools.cache
def _lexicon(language: str) -> _Lexicon:
    package, parts = _LEXICON_FILES[language]
    root = ElementTree.parse(_package_file(package, parts)).getroot()
    best: dict[str, tuple[int, float]] = {}
    intensity = dict(_EXTRA_INTENSIFIERS[language])
    for node in root.iter("word"):
        form = _normal(node.get("form", ""))
        pos = node.get("pos", "")
        try:
            polarity = float(node.get("polarity", "0"))
            strength = float(node.get("intensity", "1"))
        except ValueError:
            continue
        if pos == "RB" and strength != 1.0:
            intensity.setdefault(form, strength)
            continue
        rank = _POS_ORDER.get(pos, 4)
        if polarity != 0.0 and (form not in best or rank < best[form][0]):
            best[form] = (rank, polarity)
    polarity_of = {w: p for w, (_r, p) in best.items() if w not in intensity}
    polarity_of.update(_EXTRA_POLARITY[language])
    if language == "de":
        return _Lexicon(polarity_of, intensity, _NEGATIONS["de"], _DE_ENDINGS, _DE_IRREGULAR)
    return _Lexicon(polarity_of, intensity, _NEGATIONS["fr"], _FR_ENDINGS, {})


def _polarity(lex: _Lexicon, word: str) -> float | None:
    p = lex.polarity.get(word)
    if p is not None or len(word) < 4:
        return p
    for end in lex.endings:
        if word.endswith(end) and len(word) - len(end) >= 3:
            base = word[: -len(end)]
            p = lex.polarity.get(lex.irregular.get(base, base))
            if p is not None:
                return p
    return None


@functools.cache
def _vader() -> Callable[[str], dict[str, float]]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer().polarity_scores


def _negate_last(scores: list[float], negated: list[bool], clause_start: int) -> None:
    # A German negation that ends its clause: "Freundlich war er nicht."
    if len(scores) > clause_start and not negated[-1]:
        scores[-1] *= -0.5
        negated[-1] = True


def _lexicon_score(text: str, language: str) -> float:
    lex = _lexicon(language)
    scores: list[float] = []
    negated: list[bool] = []
    clause_start = 0  # index in scores where the current clause began
    multiplier = 1.0
    negation_left = 0  # words the pending negation still reaches
    ne_seen = False
    for tok in _TOKEN.findall(_normal(text)):
        if tok in _CLAUSE_END:
            if negation_left and language == "de":
                _negate_last(scores, negated, clause_start)
            clause_start, multiplier, negation_left, ne_seen = len(scores), 1.0, 0, False
            continue
        if language == "fr" and tok in _FR_NE:
            ne_seen = True
            continue
        if tok in lex.negations or (language == "fr" and tok == "plus" and ne_seen):
            negation_left = NEGATION_REACH + 1
            continue
        if tok in lex.intensity:
            multiplier *= lex.intensity[tok]
            continue
        p = _polarity(lex, tok)
        if p is None:
            # Unknown word: an intensifier reaches across short words only (as in pattern).
            if len(tok) > 2:
                multiplier = 1.0
            negation_left = max(0, negation_left - 1)
            continue
        p = max(-1.0, min(1.0, p * multiplier))
        is_negated = negation_left > 0
        scores.append(-0.5 * p if is_negated else p)
        negated.append(is_negated)
        multiplier, negation_left = 1.0, 0
    if negation_left and language == "de":
        _negate_last(scores, negated, clause_start)
    return float(np.mean(scores)) if scores else 0.0


def sentiment(text: str, language: str) -> float | None:
    """−1 (negative) … 1 (positive) for a text in `language`; None when it has no lexicon."""
    if language not in SENTIMENT_LANGUAGES:
        return None
    if not isinstance(text, str) or not text.strip():
        return 0.0
    if language == "en":
        return float(_vader()(text)["compound"])
    return _lexicon_score(text, language)


@dataclass(frozen=True)
class CommentScores:
    """Language and sentiment of every comment (same order as the texts)."""

    # The language each comment was scored in (see detect_languages); "" when unknown or blank.
    language: tuple[str, ...]
    # −1 … 1, NaN when blank or the language has no lexicon.
    sentiment: np.ndarray
    # Language → comments (not blank) that got no score because it has no lexicon ("" unknown).
    no_lexicon: dict[str, int]


def score_comments(texts: Sequence[str], check: Callable[[], None] | None = None) -> CommentScores:
    """Language and sentiment of every comment; each distinct (text, language) is scored once.

    `check` is called every CHECK_EVERY comments and may raise to cancel.
    """
    languages = detect_languages(texts, check)
    values = np.full(len(texts), np.nan)
    cache: dict[tuple[str, str], float | None] = {}
    missing: Counter[str] = Counter()
    for i, (text, lang) in enumerate(zip(texts, languages, strict=True)):
        if check is not None and i % CHECK_EVERY == 0:
            check()
        if not isinstance(text, str) or not text.strip():
            continue
        key = (text, lang)
        if key in cache:
            score = cache[key]
        else:
            score = cache[key] = sentiment(text, lang)
        if score is None:
            missing[lang] += 1
        else:
            values[i] = score
    return CommentScores(language=languages, sentiment=values, no_lexicon=dict(missing))
