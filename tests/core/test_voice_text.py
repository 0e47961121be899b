"""Comment language and sentiment: stop-word profiles, VADER, the German and French lexicons."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from sweetspot.core.voice_text import (
    LANGUAGES,
    SENTIMENT_LANGUAGES,
    STOP_WORDS_BY_LANGUAGE,
    detect_language,
    detect_languages,
    score_comments,
    sentiment,
)

SENTENCES = [
    ("The app keeps logging me out.", "en"),
    ("I waited forty minutes in the branch and nobody helped.", "en"),
    ("Die Beratung war sehr gut.", "de"),
    ("Die Wartezeit war viel zu lang und das Personal unfreundlich.", "de"),
    ("Ich bin mit der Filiale zufrieden.", "de"),
    ("Le conseiller était très aimable.", "fr"),
    ("L'attente était trop longue et personne ne m'a aidé.", "fr"),
    ("De medewerker was erg vriendelijk.", "nl"),
    ("Ik heb lang moeten wachten in het filiaal.", "nl"),
    ("La atención fue muy buena.", "es"),
    ("El cajero no me ayudó y la espera fue larga.", "es"),
]


@pytest.mark.parametrize(("text", "language"), SENTENCES)
def test_short_comments_are_detected(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["ok", "123", "", "   ", "Top!", "Service"])
def test_no_signal_is_unsure(text: str) -> None:
    assert detect_language(text) == ""


def test_spelling_alone_can_decide() -> None:
    # No German function word at all: the ß, ü and ä carry it.
    assert detect_language("Grüße aus Straßburg, schöne Tüten, tolle Bäckerei") == "de"
    # Two languages with equal evidence: unsure rather than a guess.
    assert detect_language("in") == ""


def test_unsure_comments_take_the_surveys_main_language() -> None:
    texts = ["Die Beratung war gut.", "Das war nicht gut.", "Super!", "", "Ich warte."]
    assert detect_languages(texts) == ("de", "de", "de", "", "de")
    # No language holds two thirds of the detected comments: unsure stays unsure.
    mixed = ["Die Beratung war gut.", "The staff were kind.", "Super!"]
    assert detect_languages(mixed) == ("de", "en", "")


ENGLISH = [
    ("The staff were friendly and very helpful.", 1),
    ("Great service, thank you!", 1),
    ("Quick and easy, I love the new app.", 1),
    ("The wait was terrible and nobody helped.", -1),
    ("The service was not good.", -1),
    ("Awful experience, the app crashes all the time.", -1),
]
GERMAN = [
    ("Die Beratung war sehr gut.", 1),
    ("Die Mitarbeiterin war extrem hilfsbereit und kompetent.", 1),
    ("Ich bin sehr zufrieden mit der Filiale.", 1),
    ("Eine tolle und freundliche Beraterin.", 1),
    ("Die Wartezeit war viel zu lang und das Personal unfreundlich.", -1),
    ("Das war nicht gut.", -1),
    ("Kein guter Service, leider.", -1),
    ("Freundlich war er nicht.", -1),
    ("Die Gebühren sind teuer und die App ist schlecht.", -1),
]
FRENCH = [
    ("Le conseiller était très aimable.", 1),
    ("Très bien, merci.", 1),
    ("Le service n'était pas bon.", -1),
    ("C'est nul, je suis déçu.", -1),
]


@pytest.mark.parametrize(
    ("text", "language", "sign"),
    [(t, "en", s) for t, s in ENGLISH]
    + [(t, "de", s) for t, s in GERMAN]
    + [(t, "fr", s) for t, s in FRENCH],
)
def test_sentiment_sign(text: str, language: str, sign: int) -> None:
    score = sentiment(text, language)
    assert score is not None
    assert -1.0 <= score <= 1.0
    assert np.sign(score) == sign, score


def test_german_rules() -> None:
    assert sentiment("Die Beratung war sehr gut.", "de") == pytest.approx(1.0)
    # Negation is pattern's −0.5 × polarity; adjective endings find the lexicon's "gut".
    assert sentiment("Das war nicht gut.", "de") == pytest.approx(-0.5)
    for form in ("gute", "guten", "guter", "gutes"):
        assert sentiment(f"Ein {form} Tag", "de") == pytest.approx(1.0)
    # An intensifier scales the next sentiment word: "langsam" is −0.7 in the lexicon.
    assert sentiment("langsam", "de") == pytest.approx(-0.7)
    assert sentiment("sehr langsam", "de") == pytest.approx(-1.0)
    assert sentiment("kaum langsam", "de") == pytest.approx(-0.21)
    # Capitalised nouns are found ("Problem" −1); "kein Problem" is mildly good.
    assert sentiment("Ein Problem.", "de") == pytest.approx(-1.0)
    assert sentiment("Kein Problem.", "de") == pytest.approx(0.5)
    # The negation reaches only within its clause.
    assert sentiment("Nicht heute, aber gut.", "de") == pytest.approx(1.0)
    # English rules never apply to German: "good" means nothing in the German lexicon.
    assert sentiment("good good good", "de") == 0.0


def test_no_lexicon_word_scores_zero_and_blank_is_zero() -> None:
    assert sentiment("Die Filiale ist am Bahnhof.", "de") == 0.0
    assert sentiment("", "fr") == 0.0


@pytest.mark.parametrize("language", ["nl", "es", "", "it"])
def test_languages_without_a_lexicon_have_no_score(language: str) -> None:
    assert sentiment("De medewerker was erg vriendelijk.", language) is None


def test_score_comments_matches_sentiment_and_counts_no_lexicon() -> None:
    texts = [
        "Die Beratung war sehr gut.",
        "The wait was terrible and nobody helped.",
        "De medewerker was erg vriendelijk.",
        "La atención fue muy buena.",
        "Die Beratung war sehr gut.",
        "",
        "Le conseiller était très aimable.",
        "El cajero no me ayudó y la espera fue larga.",
    ]
    result = score_comments(texts)
    assert result.language == ("de", "en", "nl", "es", "de", "", "fr", "es")
    for i, (text, lang) in enumerate(zip(texts, result.language, strict=True)):
        expected = sentiment(text, lang) if text else None
        if expected is None:
            assert np.isnan(result.sentiment[i])
        else:
            assert result.sentiment[i] == pytest.approx(expected)
    assert result.sentiment[0] == result.sentiment[4] > 0
    assert result.no_lexicon == {"nl": 1, "es": 2}


def test_score_comments_scores_each_distinct_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import sweetspot.core.voice_text as voice_text

    calls: list[str] = []
    real = voice_text.sentiment

    def counting(text: str, language: str) -> float | None:
        calls.append(text)
        return real(text, language)

    monkeypatch.setattr(voice_text, "sentiment", counting)
    texts = ["Great service!", "The wait was awful.", "Great service!"] * 500
    result = voice_text.score_comments(texts)
    assert sorted(calls) == ["Great service!", "The wait was awful."]
    assert np.all(result.sentiment[0::3] == result.sentiment[0])
    assert result.sentiment[0] > 0 > result.sentiment[1]


def test_check_is_called_and_can_cancel() -> None:
    texts = ["The staff were friendly."] * 5_000
    calls = 0

    def check() -> None:
        nonlocal calls
        calls += 1

    score_comments(texts, check=check)
    assert calls >= 5  # every 1,000 comments

    class Cancelled(Exception):
        pass

    def cancel() -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        score_comments(texts, check=cancel)


def test_tables_and_stop_words() -> None:
    assert set(SENTIMENT_LANGUAGES) <= set(LANGUAGES)
    assert set(STOP_WORDS_BY_LANGUAGE) == {"de", "fr", "nl", "es"}
    assert {"und", "nicht", "die"} <= STOP_WORDS_BY_LANGUAGE["de"]
    assert {"et", "pas", "très"} <= STOP_WORDS_BY_LANGUAGE["fr"]


def test_textblob_and_nltk_are_never_imported() -> None:
    code = (
        "import sys\n"
        "from sweetspot.core.voice_text import score_comments\n"
        "score_comments(['Die Beratung war gut.', 'Très bien.', 'Great!'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('textblob', 'textblob_de', 'textblob_fr', 'nltk')]\n"
        "print(bad)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"
