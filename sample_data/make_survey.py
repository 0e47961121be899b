"""The retail bank's customer survey, as a Qualtrics export: 640 respondents, ten attributes
(each measuring one of the bank workshop's insights), likelihood to recommend (NPS), segment,
journey stage, and a free-text reason in English or German.

Made by `make_samples.py` (seeded, so the same bytes every time). The answers are generated
from known drivers so the key-driver analysis has a truth to find: the outcome is built from
the attributes with the weights in DRIVER_WEIGHTS plus noise. Comments come from six planted
themes, chosen by what the respondent rated worst (or, for promoters, the praise theme).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
from openpyxl import Workbook

RESPONDENTS = 640
SEED = 20261207

# (question code, attribute sub-item, insight ID, journey stage)
ATTRIBUTES = [
    ("Q2_1", "Opening an account", "I01", "Join"),
    ("Q2_2", "Seeing upcoming payments", "I04", "Everyday banking"),
    ("Q2_3", "Knowing about fees before they are charged", "I11", "Everyday banking"),
    ("Q2_4", "Logging in to the app", "I13", "Everyday banking"),
    ("Q2_5", "Overdraft warnings", "I18", "Everyday banking"),
    ("Q2_6", "Cost of sending money abroad", "I23", "Payments"),
    ("Q2_7", "Interest on savings", "I16", "Save"),
    ("Q2_8", "Talking to someone about a business loan", "I06", "Borrow"),
    ("Q2_9", "Freezing a lost card", "I08", "Fraud & security"),
    ("Q2_10", "Getting help without repeating myself", "I02", "Get help"),
]
# The true drivers of likelihood to recommend (standardised weights): fees, getting help and
# overdraft warnings matter most, then opening an account; the rest a little.
DRIVER_WEIGHTS = [0.30, 0.05, 0.55, 0.08, 0.40, 0.05, 0.10, 0.04, 0.06, 0.45]
STATED = {"Q2_3": "Q3_1", "Q2_5": "Q3_2", "Q2_10": "Q3_3"}  # importance asked for three
SEGMENTS = [
    ("Everyday customers", 0.34),
    ("Young professionals", 0.22),
    ("Retirees", 0.14),
    ("Small business owners", 0.12),
    ("Students", 0.08),
    ("Newcomers", 0.05),
    ("Home buyers", 0.05),
]
STAGES = ["Join", "Everyday banking", "Payments", "Save", "Borrow", "Fraud & security", "Get help"]
SAT_EN = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied",
          "Satisfied", "Very satisfied"]  # fmt: skip
SAT_DE = ["Sehr unzufrieden", "Unzufrieden", "Weder zufrieden noch unzufrieden", "Zufrieden",
          "Sehr zufrieden"]  # fmt: skip
IMP_EN = ["Not at all important", "Slightly important", "Moderately important",
          "Very important", "Extremely important"]  # fmt: skip

# Planted comment themes: the attribute that triggers them, English and German variants.
THEMES: dict[str, tuple[int | None, list[str], list[str]]] = {
    "fees": (
        2,
        [
            "I was charged a fee nobody told me about.",
            "Hidden fees again, the charge appeared before any warning about the fee.",
            "Stop charging fees without telling me first, it feels like a trick.",
            "The fees are never explained before you charge them.",
            "Another surprise fee on my statement, nobody warned me about the charge.",
        ],
        [
            "Schon wieder versteckte Gebühren ohne Vorwarnung.",
            "Die Gebühren werden nie vorher erklärt, das ist ärgerlich.",
            "Gebühren ohne Ankündigung abgebucht, sehr schlecht.",
        ],
    ),
    "help": (
        9,
        [
            "Every time I call I have to explain my problem again to a new person.",
            "Passed between departments and had to repeat everything on the phone.",
            "The call centre transferred me three times and nobody knew my problem.",
            "I explained the problem to four people on the phone, exhausting.",
        ],
        [
            "Am Telefon musste ich mein Problem dreimal neu erklären.",
            "Ich wurde ständig weiterverbunden und musste alles wiederholen, furchtbar.",
        ],
    ),
    "overdraft": (
        4,
        [
            "No warning before I went into my overdraft, just the charge afterwards.",
            "The overdraft alert came after the overdraft charge, useless.",
            "Warn me before the overdraft, not after you charge me for it.",
        ],
        [
            "Keine Warnung vor dem Dispo, nur die Zinsen danach.",
            "Die Warnung zum Dispo kommt immer zu spät.",
        ],
    ),
    "app": (
        3,
        [
            "The app keeps logging me out and the passcode is a pain.",
            "Logging in to the app takes forever, please add fingerprint login.",
            "The app crashed on payday and I could not log in.",
        ],
        [
            "Die App meldet mich ständig ab, das Login nervt.",
            "Die App stürzt beim Login oft ab.",
        ],
    ),
    "account": (
        0,
        [
            "Opening the account took weeks and I had to bring my passport to a branch.",
            "Opening an account should not need a branch visit with my passport.",
        ],
        [
            "Die Kontoeröffnung dauerte Wochen, ich musste mit dem Pass in die Filiale.",
        ],
    ),
    "praise": (
        None,
        [
            "Friendly staff and very helpful advice, thank you.",
            "Great service, the advisor was really helpful and kind.",
            "Always friendly and helpful people in my branch, excellent service.",
            "Very good advice from a helpful and friendly advisor.",
        ],
        [
            "Die Beratung war sehr gut und das Personal freundlich.",
            "Sehr freundliche und kompetente Beratung, vielen Dank.",
            "Super Service, die Beraterin war sehr hilfsbereit.",
        ],
    ),
}


def survey_rows() -> tuple[list[list[object]], list[list[object]]]:
    """(the three header rows, the respondents' rows) of the export."""
    rng = np.random.default_rng(SEED)
    n, k = RESPONDENTS, len(ATTRIBUTES)
    general = rng.normal(size=n)
    latent = 0.5 * general[:, None] + rng.normal(size=(n, k))
    latent -= latent.mean(axis=0)
    shift = np.array([-0.4, 0.1, -0.6, 0.0, -0.5, -0.2, -0.3, 0.0, 0.6, -0.5])
    ratings = np.clip(np.round(3.2 + shift + 0.95 * latent), 1, 5).astype(int)
    score = latent @ np.asarray(DRIVER_WEIGHTS) + 0.55 * rng.normal(size=n)
    nps = np.clip(np.round(7.0 + 1.9 * (score - score.mean()) / score.std()), 0, 10).astype(int)
    german = rng.random(n) < 0.22
    names = [s for s, _p in SEGMENTS]
    probs = np.asarray([p for _s, p in SEGMENTS])
    segment = rng.choice(len(names), size=n, p=probs / probs.sum())
    stage = rng.integers(0, len(STAGES), size=n)
    # Most respondents last dealt with the stage of the attribute they rate worst.
    worst = np.asarray([STAGES.index(ATTRIBUTES[j][3]) for j in np.argmin(ratings, axis=1)])
    stage = np.where(rng.random(n) < 0.6, worst, stage)
    # Some respondents skip an attribute they have not used ("Don't know" or blank).
    skipped = rng.random((n, k)) < 0.06
    codes = ["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished",
             "RecordedDate", "ResponseId", "UserLanguage"]  # fmt: skip
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Duration (in seconds)",
             "Finished", "Recorded Date", "Response ID", "User Language"]  # fmt: skip
    codes += [c for c, *_r in ATTRIBUTES]
    texts += [
        f"How satisfied are you with each of the following? - {a}" for _c, a, *_r in ATTRIBUTES
    ]
    codes += list(STATED.values())
    sub = {c: a for c, a, *_r in ATTRIBUTES}
    texts += [f"How important is each of the following to you? - {sub[c]}" for c in STATED]
    codes += ["Q4", "Segment", "Stage", "Q10"]
    texts += [
        "How likely are you to recommend Northgate Bank to a friend or colleague?",
        "Which of these best describes you? - Selected Choice",
        "Which part of banking with us did you deal with most recently?",
        "What is the main reason for your score?",
    ]
    header = [codes, texts, [json.dumps({"ImportId": f"QID{j + 1}"}) for j in range(len(codes))]]
    rows: list[list[object]] = []
    start = np.datetime64("2026-10-05T08:00")
    for i in range(n):
        lang_de = bool(german[i])
        labels = SAT_DE if lang_de else SAT_EN
        when = start + np.timedelta64(int(rng.integers(0, 60 * 24 * 20)), "m")
        duration = int(rng.integers(140, 900))
        row: list[object] = [
            str(when).replace("T", " "),
            str(when + np.timedelta64(duration // 60 + 1, "m")).replace("T", " "),
            "IP Address",
            100,
            duration,
            "True",
            str(when + np.timedelta64(duration // 60 + 1, "m")).replace("T", " "),
            f"R_{rng.integers(16**9, 16**10):x}",
            "DE" if lang_de else "EN",
        ]
        for j in range(k):
            if skipped[i, j]:
                row.append("Weiß nicht" if lang_de and rng.random() < 0.5 else "")
            else:
                row.append(labels[ratings[i, j] - 1])
        for code in STATED:
            j = [c for c, *_r in ATTRIBUTES].index(code)
            stated = int(np.clip(np.round(3.6 + DRIVER_WEIGHTS[j] + 0.8 * rng.normal()), 1, 5))
            row.append(IMP_EN[stated - 1])
        row.append(int(nps[i]))
        row.append(names[segment[i]])
        row.append(STAGES[stage[i]])
        row.append(_comment(rng, ratings[i], int(nps[i]), lang_de))
        rows.append(row)
    return header, rows


def _comment(rng: np.random.Generator, ratings: np.ndarray, nps: int, german: bool) -> str:
    if rng.random() < 0.25:
        return ""  # a quarter leave the reason empty
    if nps >= 9 or (nps >= 7 and rng.random() < 0.4):
        theme = "praise"
    else:
        # The worst-rated attribute that has a theme, ties broken at random.
        options = [(ratings[j], rng.random(), name) for name, (j, _e, _d) in THEMES.items()
                   if j is not None]  # fmt: skip
        theme = min(options)[2]
    _j, english, german_texts = THEMES[theme]
    pool = german_texts if german else english
    core = str(pool[int(rng.integers(0, len(pool)))])
    # Real comments differ: an opening and a closing of the respondent's own around the point.
    lead = LEADS_DE if german else LEADS_EN
    tail = (TAILS_DE if german else TAILS_EN)[theme == "praise"]
    start = str(lead[int(rng.integers(0, len(lead)))])
    end = str(tail[int(rng.integers(0, len(tail)))])
    return " ".join(part for part in (start, core, end) if part)


LEADS_EN = ["", "", "Honestly,", "To be fair,", "Well,", "Mainly this:", "In short:", "Simple:",
            "As a customer for years:", "Last month:", "Again!", "My view:"]  # fmt: skip
LEADS_DE = ["", "", "Ehrlich gesagt:", "Kurz gesagt:", "Als langjähriger Kunde:", "Also,",
            "Letzten Monat:", "Wieder einmal:"]  # fmt: skip
TAILS_EN = (
    ["", "", "Please fix this.", "That is why I score you low.", "Not good enough.",
     "I am thinking of leaving.", "Sort it out.", "Very disappointing.", "It happens every time."],
    ["", "", "Keep it up!", "That is why I recommend you.", "Thanks to the team.",
     "Really appreciated.", "Well done.", "Happy customer."],
)  # fmt: skip
TAILS_DE = (
    ["", "", "Bitte ändern.", "Deshalb die schlechte Note.", "So nicht.",
     "Ich denke über einen Wechsel nach.", "Sehr enttäuschend."],
    ["", "", "Weiter so!", "Deshalb empfehle ich Sie.", "Danke an das Team.",
     "Sehr zufrieden."],
)  # fmt: skip


def write_bank_survey(
    path: Path, save: Callable[[Workbook, Path], Path], needs: dict[str, str]
) -> Path:
    """The survey export plus an Attributes sheet mapping each rating to the bank's insight
    (`needs`: the bank's need text by insight ID)."""
    header, rows = survey_rows()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Responses"
    for r in [*header, *rows]:
        ws.append(r)
    ws.freeze_panes = "A4"
    attrs = wb.create_sheet("Attributes")
    attrs.append(["Column", "ID", "Need", "Journey stage"])
    for code, sub, ident, stage in ATTRIBUTES:
        attrs.append([code, ident, needs.get(ident, sub), stage])
    for sheet in (ws, attrs):
        for col in sheet.columns:
            letter = col[0].column_letter
            sheet.column_dimensions[letter].width = 18
    return save(wb, path)
