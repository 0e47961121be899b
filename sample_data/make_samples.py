"""Write the sample workshops in sample_data/ (see README.md there).

    .venv/bin/python sample_data/make_samples.py [OUT_DIR]

Deterministic: the same data gives the same files, byte for byte (openpyxl's save time is
pinned), so regenerating leaves git clean. Uses openpyxl and the csv module directly, never
SweetSpot's import code, so the samples can test that code rather than mirror it.

The retail bank exists four times (clean workbook, messy workbook, European CSV folder) with
the same numbers, so all three rank identically. A decimal importance (4.5) and decimal
weights (12.5, 7.5) appear in every variant, to exercise the decimal comma in the CSVs.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
PINNED_TIME = dt.datetime(2025, 1, 6, 9, 0, 0)

# The documented input headers (docs: Insights, Objectives, Initiatives, Links sheets).
INSIGHT_HEADERS = [
    "ID",
    "Need",
    "Importance",
    "Satisfaction",
    "Reach",
    "Segment",
    "Journey stage",
    "Sentiment",
    "Emotion",
    "Evidence",
    "Tags",
]
OBJECTIVE_HEADERS = ["ID", "Objective", "Weight", "KPI", "Owner"]
INITIATIVE_HEADERS = [
    "ID",
    "Initiative",
    "Effort",
    "Confidence",
    "Owner",
    "Theme",
    "Description",
    "Status",
]
LINK_HEADERS = ["Initiative", "Target", "Strength"]
STRENGTH_WORDS = {9: "strong", 3: "medium", 1: "weak"}


class Insight(NamedTuple):
    id: str
    need: str
    importance: float
    satisfaction: float
    reach: int
    segment: str
    journey_stage: str
    sentiment: str | float
    emotion: str
    evidence: str
    tags: str


class Objective(NamedTuple):
    id: str
    objective: str
    weight: float
    kpi: str
    owner: str


class Initiative(NamedTuple):
    id: str
    initiative: str
    effort: float  # person-months
    confidence: float  # 0–1, shown as a percentage
    owner: str
    theme: str
    description: str
    status: str


class Sample(NamedTuple):
    insights: list[Insight]
    objectives: list[Objective]
    initiatives: list[Initiative]
    # initiative ID → {target ID: strength 1/3/9}, in the order a consultant filled them in
    links: dict[str, dict[str, int]]


# =============================================================================================
# (a) Northgate Bank: branch and app. Interview programme Q3, complaints log, app reviews.

# fmt: off
BANK = Sample(
    insights=[
        Insight("I01", "I want to open an account on my phone without taking my passport into a branch", 4.5, 2, 38, "Young professionals", "Join", "negative", "frustrated", "Interviews (12); app-store reviews (41)", "onboarding, digital, ID check"),  # noqa: E501
        Insight("I02", "When I call about a problem I don't want to explain it all over again to every person I'm passed to", 5, 1, 46, "Everyday customers", "Get help", "negative", "exasperated", "Complaints log Q2 (310 cases); interviews (15)", "contact centre, hand-offs, complaints"),  # noqa: E501
        Insight("I03", "If a payment looks like fraud, tell me straight away and let me stop it myself", 5, 3, 41, "Everyday customers", "Fraud & security", "negative", "anxious", "Survey (n=1,200); interviews (9)", "fraud, alerts, control"),  # noqa: E501
        Insight("I04", "I want to see what's going out of my account before payday, not find out afterwards", 4, 2, 33, "Young professionals", "Everyday banking", "negative", "worried", "Diary study (18 participants)", "cash flow, forecasting"),  # noqa: E501
        Insight("I05", "Paying in the shop's takings means queuing twenty minutes at the counter", 4, 2, 24, "Small business owners", "Everyday banking", "negative", "annoyed", "Branch observation (6 branches); interviews (7)", "branch, cash, queues"),  # noqa: E501
        Insight("I06", "When I need a loan for the business I want to talk to someone who already knows my business", 4, 2, 14, "Small business owners", "Borrow", "negative", "let down", "Interviews (8)", "relationship, lending, SME"),  # noqa: E501
        Insight("I07", "Tell me why my mortgage application is stuck and exactly what you still need from me", 5, 1, 27, "Home buyers", "Borrow", "negative", "anxious", "Interviews (10); complaints log Q2 (64 cases)", "mortgage, status, documents"),  # noqa: E501
        Insight("I08", "If I lose my card I want to freeze it in the app in seconds", 4, 4, 18, "Everyday customers", "Fraud & security", "positive", "reassured", "Survey (n=1,200)", "card controls"),  # noqa: E501
        Insight("I09", "I'd use the app more if someone showed me how, without making me feel stupid", 4, 2, 22, "Retirees", "Everyday banking", "negative", "embarrassed", "Interviews (11); branch staff workshop", "digital skills, confidence"),  # noqa: E501
        Insight("I10", "Please don't close my local branch: it's the only place I can talk to a person", 5, 2, 35, "Retirees", "Get help", "negative", "abandoned", "Interviews (14); letters to the CEO (52)", "branch closures, access"),  # noqa: E501
        Insight("I11", "Tell me about a fee before you charge it, not after", 4, 2, 29, "Everyday customers", "Everyday banking", "negative", "cheated", "Complaints log Q2 (118 cases); survey (n=1,200)", "fees, transparency"),  # noqa: E501
        Insight("I12", "I run a café: taking card payments should be simple and cheap, without renting a terminal", 4, 2, 16, "Small business owners", "Payments", "negative", "frustrated", "Interviews (7)", "card acceptance, SME, fees"),  # noqa: E501
        Insight("I13", "Let me log in with my face or fingerprint instead of yet another passcode", 3, 3, 21, "Young professionals", "Everyday banking", "neutral", "impatient", "App-store reviews (29)", "login, biometrics"),  # noqa: E501
        Insight("I14", "I can only deal with the bank after work, so I need someone to talk to in the evening", 4, 2, 26, "Young professionals", "Get help", "negative", "frustrated", "Survey (n=1,200); interviews (6)", "opening hours, contact"),  # noqa: E501
        Insight("I15", "When I move house I want to change my address once and have it updated everywhere", 3, 2, 9, "Everyday customers", "Everyday banking", "negative", "irritated", "Interviews (5)", "admin, address change"),  # noqa: E501
        Insight("I16", "My savings should earn a fair rate without me having to hunt for a better account", 4, 2, 19, "Retirees", "Save", "negative", "distrustful", "Survey (n=1,200); interviews (6)", "savings, rates, loyalty"),  # noqa: E501
        Insight("I17", "Show me all my subscriptions in one place and let me cancel the ones I forgot about", 3, 2, 17, "Young professionals", "Everyday banking", "negative", "annoyed", "Diary study (18 participants)", "subscriptions, control"),  # noqa: E501
        Insight("I18", "Warn me before I go into my overdraft, don't just charge me afterwards", 5, 2, 31, "Everyday customers", "Everyday banking", "negative", "stressed", "Complaints log Q2 (96 cases); interviews (8)", "overdraft, alerts, fees"),  # noqa: E501
        Insight("I19", "My income comes in at odd times; I need a bank that doesn't panic when it does", 3, 2, 11, "Students", "Everyday banking", "negative", "anxious", "Interviews (6)", "students, irregular income"),  # noqa: E501
        Insight("I20", "Opening a business account takes weeks of paperwork; I need it done in days", 5, 1, 20, "Small business owners", "Join", "negative", "exasperated", "Interviews (8); broker feedback", "onboarding, SME, KYC"),  # noqa: E501
        Insight("I21", "When money is tight I want to be able to ask for help without feeling judged", 5, 2, 15, "Everyday customers", "Get help", "negative", "ashamed", "Interviews (7); debt-advice charity partner", "financial difficulty, vulnerability"),  # noqa: E501
        Insight("I22", "Branch opening hours don't fit around my working day", 3, 2, 13, "Small business owners", "Get help", "negative", "resigned", "Survey (n=1,200)", "branch, opening hours"),  # noqa: E501
        Insight("I23", "Sending money to family abroad should show the full cost up front, exchange rate included", 4, 2, 12, "Newcomers", "Payments", "negative", "distrustful", "Interviews (6); community group session", "international, fees, FX"),  # noqa: E501
        Insight("I24", "I'd like to pay in a cheque with my phone camera instead of visiting a branch", 3, 3, 8, "Small business owners", "Payments", "neutral", "impatient", "Interviews (4)", "cheques, digital"),  # noqa: E501
        Insight("I25", "App notifications should tell me something useful, not try to sell me a credit card", 3, 2, 20, "Young professionals", "Everyday banking", "negative", "irritated", "App-store reviews (23)", "notifications, marketing"),  # noqa: E501
        Insight("I26", "I want to book a branch appointment online instead of phoning and waiting on hold", 3, 2, 16, "Home buyers", "Get help", "neutral", "impatient", "Web analytics; interviews (5)", "appointments, branch"),  # noqa: E501
        Insight("I27", "My accountant needs statements in a format they can load straight into their software", 3, 3, 7, "Small business owners", "Everyday banking", "neutral", "resigned", "Interviews (4)", "statements, accounting"),  # noqa: E501
        Insight("I28", "When the app goes down on payday I need to know my money is safe and when it'll be back", 4, 3, 10, "Everyday customers", "Everyday banking", "negative", "panicked", "Social listening (March outage)", "outages, communication"),  # noqa: E501
    ],
    objectives=[
        Objective("O1", "Grow digitally active customers", 25, "Monthly digital actives 1.9m → 2.3m by year end", "Chief Digital Officer"),  # noqa: E501
        Objective("O2", "Reduce cost to serve", 20, "Cost per customer −12%; counter transactions −20%", "Chief Operating Officer"),  # noqa: E501
        Objective("O3", "Cut fraud losses and scam reimbursements", 15, "Fraud losses −25% year on year", "Head of Financial Crime"),  # noqa: E501
        Objective("O4", "Grow small-business lending", 12.5, "SME lending book +£150m", "Renée Dubois, MD Business Banking"),  # noqa: E501
        Objective("O5", "Lift relationship NPS", 10, "Relationship NPS +8 points", "Customer Experience Director"),  # noqa: E501
        Objective("O6", "Meet Consumer Duty fair-value outcomes", 10, "No fair-value findings at the annual board review", "Chief Risk Officer"),  # noqa: E501
        Objective("O7", "Grow savings deposits", 7.5, "Deposit balances +£400m", "Head of Savings"),
    ],
    initiatives=[
        Initiative("A01", "Open an account in the app in ten minutes (digital ID check)", 6, 0.8, "Digital Onboarding squad", "Digital self-service", "Passport or driving-licence scan with a liveness check; no branch visit; account live the same day.", "In discovery"),  # noqa: E501
        Initiative("A02", "One case owner for every complaint, no more hand-offs", 5, 0.7, "Customer Operations", "Service", "Whoever takes the complaint owns it to the end and calls the customer back; case notes visible in every channel.", "Approved"),  # noqa: E501
        Initiative("A03", "Real-time fraud alerts with a 'this wasn't me' button", 4, 0.85, "Financial Crime", "Security", "Push alert within seconds of a suspicious card payment or transfer; one tap blocks the card and opens a case.", "In delivery"),  # noqa: E501
        Initiative("A04", "Upcoming payments calendar and low-balance warning", 3, 0.8, "Everyday Banking product", "Digital self-service", "Shows direct debits, standing orders and subscriptions due before payday; warns three days ahead if the balance won't cover them.", "In discovery"),  # noqa: E501
        Initiative("A05", "Smart deposit machines for business cash in the 40 busiest branches", 7, 0.6, "Branch Network", "Branch", "Self-service cash and coin deposits with instant credit; frees counter staff for conversations.", "Business case"),  # noqa: E501
        Initiative("A06", "Business relationship managers with local lending authority", 8, 0.6, "Business Banking", "Relationship", "A named manager for businesses turning over £250k–£2m; lending decisions up to £100k made locally.", "Business case"),  # noqa: E501
        Initiative("A07", "Mortgage tracker: live application status and document checklist", 4, 0.75, "Home Lending", "Digital self-service", "Every application step visible in app and web, with what is still needed and who is handling it.", "Approved"),  # noqa: E501
        Initiative("A08", "'Digital buddy' sessions for older customers in branch", 2, 0.85, "Branch Network", "Inclusion", "Weekly drop-in where staff help customers set up and use the app at their own pace.", "Pilot"),  # noqa: E501
        Initiative("A09", "Fee alert 24 hours before any charge, with a way to avoid it", 2, 0.9, "Everyday Banking product", "Fair value", "Push and SMS alert a day before an overdraft or service fee, with the one action that avoids it.", "Approved"),  # noqa: E501
        Initiative("A10", "Tap to Pay on the phone for sole traders", 5, 0.65, "Payments", "Small business", "Accept contactless card payments on an ordinary phone, settled next day; no terminal rental.", "In discovery"),  # noqa: E501
        Initiative("A11", "Face and fingerprint login", 2, 0.95, "Digital Channels", "Digital self-service", "Biometric login and payment approval instead of the six-digit passcode.", "In delivery"),  # noqa: E501
        Initiative("A12", "Evening video appointments until 8 pm", 4, 0.7, "Customer Operations", "Service", "Video and phone appointments with advisers Monday to Thursday until 8 pm.", "Pilot"),  # noqa: E501
        Initiative("A13", "Close 30 low-footfall branches and move to shared banking hubs", 6, 0.7, "Branch Network", "Branch", "Consolidate branches under 400 visits a week into shared hubs run with the Post Office and other banks.", "Board paper"),  # noqa: E501
        Initiative("A14", "Credit card offers on the app home screen", 3, 0.8, "Cards marketing", "Growth", "Pre-approved credit card offers in the home feed and as push notifications.", "Ready to launch"),  # noqa: E501
        Initiative("A15", "Subscription manager: see and cancel subscriptions in the app", 3, 0.7, "Everyday Banking product", "Digital self-service", "Lists recurring card payments and lets customers cancel or block a merchant from the app.", "Idea"),  # noqa: E501
        Initiative("A16", "International transfers with the full cost shown up front", 4, 0.75, "Payments", "Fair value", "Total cost including the exchange-rate margin shown before confirming, with tracked delivery.", "Idea"),  # noqa: E501
        Initiative("A17", "Book a branch appointment online", 2, 0.9, "Branch Network", "Branch", "Online booking for mortgage, business and general appointments, with reminders.", "Approved"),  # noqa: E501
        Initiative("A18", "Mobile cheque deposit", 3, 0.8, "Digital Channels", "Digital self-service", "Photograph a cheque in the app; funds available the next working day.", "Idea"),  # noqa: E501
        Initiative("A19", "Change your address once for every product", 2, 0.85, "Operations", "Service", "One address update in the app flows to accounts, cards, mortgage and insurance.", "Idea"),  # noqa: E501
        Initiative("A20", "Direct feeds to Xero, QuickBooks and Sage", 3, 0.7, "Business Banking", "Small business", "Daily transaction feed into the main accounting packages.", "Idea"),  # noqa: E501
        Initiative("A21", "Outage status page and payday reassurance messages", 2, 0.8, "Digital Channels", "Service", "Public status page and proactive SMS during incidents, saying balances and payments are safe.", "Idea"),  # noqa: E501
    ],
    links={
        "A01": {"I01": 9, "I20": 3, "I09": 1, "O1": 9, "O2": 3},
        "A02": {"I02": 9, "I14": 1, "I21": 1, "O5": 9, "O6": 3, "O2": 1},
        "A03": {"I03": 9, "I08": 3, "I28": 1, "O3": 9, "O5": 3, "O1": 3},
        "A04": {"I04": 9, "I18": 9, "I17": 3, "I19": 3, "O1": 1, "O6": 3},
        "A05": {"I05": 9, "I22": 1, "O2": 9},
        "A06": {"I06": 9, "I20": 3, "O4": 9, "O5": 3},
        "A07": {"I07": 9, "I26": 1, "O5": 3, "O1": 3},
        "A08": {"I09": 9, "I10": 1, "O1": 3},
        "A09": {"I11": 9, "I18": 3, "O6": 9, "O5": 1},
        "A10": {"I12": 9, "O4": 3, "O1": 1},
        "A11": {"I13": 9, "I28": 1, "O1": 3, "O3": 3},
        "A12": {"I14": 9, "I22": 3, "I06": 1, "O5": 3},
        "A13": {"O2": 9},
        "A14": {"O1": 3},
        "A15": {"I17": 9, "I04": 3, "I25": 1},
        "A16": {"I23": 9, "O6": 3},
        "A17": {"I26": 9, "I22": 3, "I06": 1, "O2": 1},
        "A18": {"I24": 9, "I05": 1, "O2": 3},
        "A19": {"I15": 9, "O2": 1},
        "A20": {"I27": 9, "O4": 1},
        "A21": {"I28": 9, "O5": 1},
    },
)

# fmt: on

# What the room said about some ideas: the messy workbook's custom "Workshop comment" column.
BANK_COMMENTS = {
    "A01": "Room agreed: biggest single win for younger customers",
    "A05": "Ops keen; cost case depends on cash volumes",
    "A08": "Cheap; run alongside any branch change",
    "A13": "Contentious: letters to the CEO already running at 50 a month",
    "A14": "Marketing wants it; note app reviews on ads (I25)",
    "A15": "No revenue line yet; CX team to size",
}

# =============================================================================================
# (b) Aurelia Pharma: engagement with physicians (HCPs) in type 2 diabetes and heart failure.

# fmt: off
PHARMA = Sample(
    insights=[
        Insight("I01", "When I ask medical information a question I need a referenced answer within a day, not a week", 5, 2, 34, "GPs", "Get medical answers", "negative", "frustrated", "Interviews (14); MI service survey (n=212)", "medical information, speed"),  # noqa: E501
        Insight("I02", "I don't have time for a twenty-minute rep visit; give me five minutes when it suits me, or a call", 4, 2, 41, "GPs", "Stay up to date", "negative", "irritated", "Interviews (18); field-force call notes", "reps, time, remote"),  # noqa: E501
        Insight("I03", "I need dosing and titration guidance I can check during the consultation, in seconds", 5, 3, 29, "GPs", "Prescribe", "neutral", "pressured", "Interviews (11); portal search logs", "dosing, point of care"),  # noqa: E501
        Insight("I04", "Samples turn up weeks after I order them, when I no longer need them", 4, 1, 22, "GPs", "Start patient", "negative", "exasperated", "Sample order data (6 months); interviews (7)", "samples, logistics"),  # noqa: E501
        Insight("I05", "I want to discuss a complex patient with a medical colleague, not a salesperson", 5, 2, 18, "Cardiologists", "Evaluate therapy", "negative", "sceptical", "Advisory board (12 specialists)", "MSL, peer-to-peer, complex cases"),  # noqa: E501
        Insight("I06", "Congress sessions clash; I want the key ones on demand afterwards, with CME credits", 4, 2, 24, "Cardiologists", "Stay up to date", "neutral", "overloaded", "Congress survey (n=140)", "congress, on demand, CME"),  # noqa: E501
        Insight("I07", "Another password for another pharma portal: I simply won't log in", 4, 1, 37, "GPs", "Stay up to date", "negative", "annoyed", "Portal analytics (71% drop-off at login); interviews (9)", "portal, login, SSO"),  # noqa: E501
        Insight("I08", "My patients need starter material in their own language", 4, 2, 15, "Specialist nurses", "Start patient", "negative", "concerned", "Nurse interviews (8)", "patient materials, languages"),  # noqa: E501
        Insight("I09", "Prior-authorisation paperwork eats my clinic time; help me get it right first time", 5, 1, 26, "Diabetologists", "Prescribe", "negative", "overwhelmed", "Interviews (9); practice manager panel", "reimbursement, admin"),  # noqa: E501
        Insight("I10", "Reporting a side effect should take two minutes, not a six-page form", 4, 2, 19, "Specialist nurses", "Support patient", "negative", "frustrated", "Pharmacovigilance audit; interviews (5)", "adverse events, reporting"),  # noqa: E501
        Insight("I11", "Patients stop their medication after a few weeks and I only find out at the next review", 5, 2, 31, "Diabetologists", "Support patient", "negative", "worried", "Interviews (10); real-world adherence data", "adherence, patient support"),  # noqa: E501
        Insight("I12", "Give me evidence summaries that fit on two pages, with the numbers I can quote", 4, 2, 27, "GPs", "Evaluate therapy", "neutral", "sceptical", "Interviews (12)", "evidence, summaries"),  # noqa: E501
        Insight("I13", "Stop sending me promotional emails I never asked for", 4, 1, 33, "GPs", "Stay up to date", "negative", "irritated", "Email analytics (14% unsubscribe); interviews (9)", "email, consent, channel preference"),  # noqa: E501
        Insight("I14", "Tell me where this drug sits in our local treatment pathway, not just the national guideline", 4, 2, 21, "GPs", "Evaluate therapy", "neutral", "uncertain", "Interviews (9); ICS formulary review", "pathways, local guidance"),  # noqa: E501
        Insight("I15", "Our formulary committee needs a budget impact model we can adapt to our own numbers", 5, 2, 12, "Hospital pharmacists", "Evaluate therapy", "neutral", "pressured", "Interviews (6)", "formulary, budget impact, market access"),  # noqa: E501
        Insight("I16", "I want a nurse to support my patients when they start injections at home", 4, 2, 17, "Specialist nurses", "Start patient", "negative", "concerned", "Nurse interviews (8); patient panel", "patient support, injections"),  # noqa: E501
        Insight("I17", "When stock runs short I need to know early, and what the alternative is", 4, 2, 14, "Hospital pharmacists", "Prescribe", "negative", "frustrated", "Interviews (6)", "supply, shortages"),  # noqa: E501
        Insight("I18", "Webinars should be short, case-based, and at lunchtime or after clinic", 3, 3, 20, "GPs", "Stay up to date", "neutral", "tired", "Webinar analytics; interviews (6)", "education, webinars"),  # noqa: E501
        Insight("I19", "Show me real-world outcomes in patients like mine, not just trial populations", 4, 2, 16, "Cardiologists", "Evaluate therapy", "neutral", "curious", "Advisory board (12 specialists)", "real-world evidence"),  # noqa: E501
        Insight("I20", "Medical information has to be reachable out of hours, when I'm actually seeing patients", 4, 1, 23, "GPs", "Get medical answers", "negative", "frustrated", "MI contact data (38% of web enquiries after 6 pm)", "medical information, availability"),  # noqa: E501
        Insight("I21", "I don't trust content that reads like an advert; show me it has been medically reviewed", 4, 2, 25, "Cardiologists", "Stay up to date", "negative", "sceptical", "Interviews (10)", "trust, medical review"),  # noqa: E501
        Insight("I22", "Reps ask me the same questions every time; they should know what we discussed last time", 3, 2, 18, "GPs", "Stay up to date", "negative", "irritated", "Interviews (9)", "reps, CRM, continuity"),  # noqa: E501
        Insight("I23", "My practice nurse runs the diabetes clinic, so include her in the training, not just me", 3, 2, 10, "GPs", "Support patient", "neutral", "overlooked", "Interviews (5)", "practice nurses, training"),  # noqa: E501
        Insight("I24", "A dose calculator that works offline on the ward would save me time", 3, 2, 9, "Hospital pharmacists", "Prescribe", "neutral", "hopeful", "Ward visits (3)", "tools, offline"),  # noqa: E501
        Insight("I25", "I need clear guidance on switching patients from a competitor product", 4, 2, 14, "Diabetologists", "Prescribe", "neutral", "uncertain", "Interviews (7); MI enquiry themes", "switching, guidance"),  # noqa: E501
        Insight("I26", "I'd like to order patient leaflets and demonstration devices without waiting for a rep", 3, 2, 13, "Specialist nurses", "Start patient", "neutral", "impatient", "Nurse interviews (8)", "materials, ordering"),  # noqa: E501
    ],
    objectives=[
        Objective("O1", "Grow new-patient starts for Glyventa in type 2 diabetes", 30, "New-patient starts +18% year on year", "Brand Lead, Diabetes"),  # noqa: E501
        Objective("O2", "Shift HCP engagement to remote and digital channels", 20, "Remote or digital share of interactions 35% → 55%", "Head of Omnichannel"),  # noqa: E501
        Objective("O3", "Be the most trusted source of medical information in cardiometabolic care", 15, "HCP trust score in top quartile; 90% of MI answers within 24 h", "Medical Director"),  # noqa: E501
        Objective("O4", "Secure formulary and pathway listings in 12 priority integrated care systems", 15, "Listings secured 4 → 12", "Head of Market Access"),  # noqa: E501
        Objective("O5", "Reduce cost per HCP interaction", 10, "Cost per interaction −20%", "Commercial Excellence Lead"),  # noqa: E501
        Objective("O6", "Improve the quality and timeliness of adverse-event reports", 10, "Reports complete at first submission 60% → 90%", "Head of Drug Safety (QPPV)"),  # noqa: E501
    ],
    initiatives=[
        Initiative("INI-01", "Referenced medical information answers within 24 hours", 4, 0.75, "Medical Information", "Medical information", "Standard response letters with references, sent as PDF within one working day; web form open around the clock.", "Business case"),  # noqa: E501
        Initiative("INI-02", "HCP-booked remote detailing: five-minute video call or callback", 4, 0.7, "Field Force Excellence", "Rep engagement", "Physicians book a short video call or callback slot that suits them from the portal or an email link.", "Pilot"),  # noqa: E501
        Initiative("INI-03", "Dosing and titration tool in the HCP portal, with an offline app", 3, 0.8, "Digital Engagement", "Point of care", "Dose steps, renal adjustments and switching tables, usable in the consultation and on the ward without signal.", "In delivery"),  # noqa: E501
        Initiative("INI-04", "Sample ordering in the portal with 48-hour delivery", 3, 0.85, "Commercial Operations", "Samples and materials", "Order samples, leaflets and demonstration devices online; tracked delivery within two working days.", "Approved"),  # noqa: E501
        Initiative("INI-05", "Peer-to-peer case discussions with medical science liaisons", 4, 0.7, "Medical Affairs", "Medical education", "Physicians request a non-promotional discussion of a complex case with an MSL within a week.", "Approved"),  # noqa: E501
        Initiative("INI-06", "Congress on demand: key sessions with CME credits within 48 hours", 3, 0.8, "Medical Education", "Medical education", "Recordings and slide summaries of the main sessions, accredited for CME, for those who could not attend.", "Idea"),  # noqa: E501
        Initiative("INI-07", "Single sign-on to the HCP portal with DocCheck and NHS login", 2, 0.9, "Digital Engagement", "Portal", "No new password: physicians sign in with the professional login they already use.", "In delivery"),  # noqa: E501
        Initiative("INI-08", "Patient starter kits in eight languages", 2, 0.85, "Patient Services", "Patient support", "Printed and downloadable starter material in the eight most common community languages.", "Approved"),  # noqa: E501
        Initiative("INI-09", "Reimbursement and prior-authorisation support service", 5, 0.65, "Market Access", "Market access", "Template letters, a checklist per integrated care system and a helpline for practice managers.", "Business case"),  # noqa: E501
        Initiative("INI-10", "Two-minute side-effect reporting from the portal and by QR code", 2, 0.85, "Drug Safety", "Pharmacovigilance", "Short guided form that pre-fills product and batch; QR code on packs and leaflets.", "Approved"),  # noqa: E501
        Initiative("INI-11", "Nurse-led home injection support programme", 6, 0.7, "Patient Services", "Patient support", "Specialist nurse visits and calls for the first eight weeks after a patient starts injections.", "Business case"),  # noqa: E501
        Initiative("INI-12", "Two-page evidence digest every quarter, medically reviewed", 2, 0.9, "Medical Affairs", "Medical education", "Key trial and real-world results with absolute numbers, reviewed and signed off by Medical.", "Idea"),  # noqa: E501
        Initiative("INI-13", "Next-best-action omnichannel CRM for the field force", 8, 0.6, "Commercial Excellence", "Rep engagement", "One customer record across reps, email and portal, suggesting the next contact and channel.", "Business case"),  # noqa: E501
        Initiative("INI-14", "Local pathway webinars with integrated care system clinical leads", 3, 0.75, "Medical Education", "Medical education", "Thirty-minute lunchtime webinars on the local pathway, run with each system's clinical lead.", "Pilot"),  # noqa: E501
        Initiative("INI-15", "Adaptable budget impact model for formulary committees", 3, 0.7, "Market Access", "Market access", "Spreadsheet model that committees fill in with their own population and prices.", "Idea"),  # noqa: E501
        Initiative("INI-16", "Supply alerts with suggested alternatives for hospital pharmacies", 2, 0.8, "Supply Chain", "Supply", "Email and portal alert four weeks before an expected shortage, with clinically equivalent options.", "Idea"),  # noqa: E501
        Initiative("INI-17", "Cut rep call frequency by 30% with call-plan optimisation", 2, 0.8, "Sales Operations", "Rep engagement", "Re-segment targets and drop low-value calls; fewer, better-planned visits.", "Approved"),  # noqa: E501
        Initiative("INI-18", "CPD-accredited diabetes training for practice nurses", 3, 0.8, "Medical Education", "Medical education", "Four short modules for practice nurses running diabetes clinics, accredited for CPD.", "Idea"),  # noqa: E501
        Initiative("INI-19", "Switching guide from competitor GLP-1 products", 2, 0.75, "Brand Team (Diabetes)", "Prescribing support", "Dose-equivalence tables and a patient conversation guide for switching.", "In review"),  # noqa: E501
        Initiative("INI-20", "Heart-failure VR experience at the congress booth", 3, 0.6, "Brand Team (Cardiology)", "Congress", "Immersive booth experience showing the patient's view of heart failure.", "Idea"),  # noqa: E501
        Initiative("INI-21", "Real-world evidence dashboard for cardiologists", 5, 0.6, "Medical Affairs", "Evidence", "Outcomes from the UK registry by patient profile, refreshed quarterly.", "Idea"),  # noqa: E501
    ],
    links={
        "INI-01": {"I01": 9, "I21": 3, "I20": 1, "O3": 9, "O2": 3},
        "INI-02": {"I02": 9, "I22": 3, "O2": 9, "O5": 3, "O1": 3},
        "INI-03": {"I03": 9, "I24": 9, "I25": 3, "O1": 3, "O2": 3},
        "INI-04": {"I04": 9, "I26": 3, "O2": 3, "O5": 3, "O1": 1},
        "INI-05": {"I05": 9, "I19": 3, "I21": 3, "O3": 9, "O4": 1},
        "INI-06": {"I06": 9, "I18": 3, "O3": 3, "O2": 3},
        "INI-07": {"I07": 9, "O2": 9},
        "INI-08": {"I08": 9, "I16": 1, "O1": 3},
        "INI-09": {"I09": 9, "I15": 3, "O1": 9, "O4": 3},
        "INI-10": {"I10": 9, "O6": 9},
        "INI-11": {"I16": 9, "I11": 9, "I08": 3, "O1": 9, "O6": 1},
        "INI-12": {"I12": 9, "I21": 9, "I19": 1, "O3": 3},
        "INI-13": {"I22": 3, "I13": 1, "O2": 9, "O5": 9, "O1": 3},
        "INI-14": {"I14": 9, "I18": 9, "O4": 9, "O1": 3},
        "INI-15": {"I15": 9, "O4": 9},
        "INI-16": {"I17": 9, "O3": 1},
        "INI-17": {"O5": 9, "O2": 3},
        "INI-18": {"I23": 9, "I18": 3},
        "INI-19": {"I25": 9, "O1": 9},
        "INI-20": {"I06": 1, "O1": 3},
        "INI-21": {"I19": 9, "O3": 3, "O4": 3},
    },
)

# fmt: on

# fmt: off
# The journeys in the order customers live them: the rows of each Insights sheet run stage by
# stage, as a consultant groups them, so the Journey view shows this order from the first import.
BANK_JOURNEY = [
    "Join", "Everyday banking", "Payments", "Save", "Borrow", "Fraud & security", "Get help",
]
PHARMA_JOURNEY = [
    "Stay up to date", "Evaluate therapy", "Get medical answers", "Prescribe", "Start patient",
    "Support patient",
]
# The bank's sentiment as its text analytics scored the evidence (−1…1, comments and reviews
# per need), and the emotions its interview coding named (the strongest first).
BANK_SENTIMENT = {
    "I01": -0.62, "I02": -0.81, "I03": -0.48, "I04": -0.35, "I05": -0.44, "I06": -0.38,
    "I07": -0.74, "I08": 0.46, "I09": -0.29, "I10": -0.68, "I11": -0.66, "I12": -0.31,
    "I13": -0.08, "I14": -0.41, "I15": -0.22, "I16": -0.37, "I17": -0.18, "I18": -0.59,
    "I19": -0.33, "I20": -0.71, "I21": -0.52, "I22": -0.27, "I23": -0.46, "I24": 0.05,
    "I25": -0.36, "I26": -0.12, "I27": 0.12, "I28": -0.64,
}
BANK_EMOTIONS = {
    "I01": "frustrated, impatient", "I02": "exasperated, frustrated", "I03": "anxious, alarmed",
    "I07": "anxious, frustrated", "I10": "abandoned, anxious", "I11": "cheated, angry",
    "I18": "stressed, anxious", "I20": "exasperated, frustrated", "I21": "ashamed, anxious",
    "I28": "panicked, anxious",
}
# The pharma interviews were coded in words; a few needs were voiced strongly either way.
PHARMA_SENTIMENT = {
    "I04": "very negative", "I07": "very negative", "I09": "very negative",
    "I13": "very negative", "I18": "positive", "I19": "positive", "I24": "positive",
}
PHARMA_EMOTIONS = {
    "I01": "frustrated, impatient", "I07": "annoyed, frustrated", "I09": "overwhelmed, frustrated",
    "I11": "worried, powerless", "I13": "irritated, annoyed",
}
# fmt: on


def _with_journey(
    sample: Sample, stages: list[str], sentiment: dict[str, object], emotions: dict[str, str]
) -> Sample:
    """The sample's insights in journey order, with its coded sentiment and emotions."""
    rows = [
        i._replace(
            sentiment=sentiment.get(i.id, i.sentiment), emotion=emotions.get(i.id, i.emotion)
        )
        for i in sample.insights
    ]
    rows.sort(key=lambda i: stages.index(i.journey_stage))  # stable: IDs stay in order per stage
    return sample._replace(insights=rows)


BANK = _with_journey(BANK, BANK_JOURNEY, dict(BANK_SENTIMENT), BANK_EMOTIONS)
PHARMA = _with_journey(PHARMA, PHARMA_JOURNEY, dict(PHARMA_SENTIMENT), PHARMA_EMOTIONS)


# =============================================================================================
# Workbook plumbing

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFF")
TITLE_FONT = Font(name="Calibri", bold=True, size=14)
NOTE_FONT = Font(name="Calibri", italic=True, color="595959")
BODY_FONT = Font(name="Calibri")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

# Column widths in characters, by header; anything else gets 14.
WIDTHS = {
    "ID": 8,
    "Need": 60,
    "Objective": 48,
    "Initiative": 52,
    "Description": 60,
    "Evidence": 38,
    "Tags": 30,
    "KPI": 44,
    "Owner": 30,
    "Theme": 20,
    "Segment": 22,
    "Journey stage": 18,
    "Status": 14,
    "Target": 10,
    "Strength": 10,
}
WRAPPED = {"Need", "Objective", "Initiative", "Description", "Evidence", "KPI"}


def _new_workbook() -> Workbook:
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    wb.properties.creator = "SweetSpot sample data"
    wb.properties.created = PINNED_TIME
    return wb


def _table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    first_row: int = 1,
    widths: Mapping[str, float] | None = None,
    formats: Mapping[str, str] | None = None,
    filter_: bool = True,
) -> int:
    """Write a header (bold, filled, frozen) and rows from `first_row`; return the last row."""
    widths = widths or {}
    formats = formats or {}
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(first_row, col, header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        width = widths.get(header, WIDTHS.get(header, 14))
        ws.column_dimensions[get_column_letter(col)].width = width
    row = first_row
    for row, values in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            cell = ws.cell(row, col, value)
            cell.font = BODY_FONT
            header = headers[col - 1]
            cell.alignment = WRAP if header in WRAPPED else TOP
            if header in formats and not isinstance(value, str):
                cell.number_format = formats[header]
    ws.freeze_panes = ws.cell(first_row + 1, 1)
    if filter_:
        ws.auto_filter.ref = f"A{first_row}:{get_column_letter(len(headers))}{row}"
    return row


def _save(wb: Workbook, path: Path) -> Path:
    """Save with pinned timestamps so the same data always gives the same bytes.

    openpyxl stamps the save time into docProps/core.xml (created and modified) and every zip
    entry; pinning them
    keeps a regenerated file identical, so it never shows up as changed in git.
    """
    raw = io.BytesIO()
    wb.save(raw)
    stamp = PINNED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*", rb"\g<1>" + stamp, data
                )
            info = zipfile.ZipInfo(item.filename, date_time=PINNED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    path.write_bytes(out.getvalue())
    return path


def _number(x: float) -> int | float:
    """Whole numbers as int, so cells show 4 rather than 4.0."""
    return int(x) if float(x).is_integer() else float(x)


def _insight_rows(sample: Sample) -> list[list[object]]:
    return [
        [
            i.id,
            i.need,
            _number(i.importance),
            _number(i.satisfaction),
            i.reach,
            i.segment,
            i.journey_stage,
            i.sentiment,
            i.emotion,
            i.evidence,
            i.tags,
        ]
        for i in sample.insights
    ]


def _objective_rows(sample: Sample) -> list[list[object]]:
    return [[o.id, o.objective, _number(o.weight), o.kpi, o.owner] for o in sample.objectives]


def _initiative_rows(sample: Sample) -> list[list[object]]:
    return [
        [
            a.id,
            a.initiative,
            _number(a.effort),
            a.confidence,
            a.owner,
            a.theme,
            a.description,
            a.status,
        ]
        for a in sample.initiatives
    ]


def _long_links(sample: Sample) -> list[tuple[str, str, int]]:
    return [(a, t, s) for a, targets in sample.links.items() for t, s in targets.items()]


def _target_ids(sample: Sample) -> list[str]:
    return [i.id for i in sample.insights] + [o.id for o in sample.objectives]


def _canonical_sheets(wb: Workbook, sample: Sample) -> None:
    _table(wb.create_sheet("Insights"), INSIGHT_HEADERS, _insight_rows(sample))
    _table(
        wb.create_sheet("Objectives"),
        OBJECTIVE_HEADERS,
        _objective_rows(sample),
        formats={"Weight": "0.0"},
    )
    _table(
        wb.create_sheet("Initiatives"),
        INITIATIVE_HEADERS,
        _initiative_rows(sample),
        formats={"Confidence": "0%"},
    )


# =============================================================================================
# The files


def write_retail_bank(path: Path) -> Path:
    """The bank in the documented shape, links in long form with numbers 1/3/9."""
    wb = _new_workbook()
    _canonical_sheets(wb, BANK)
    _table(wb.create_sheet("Links"), LINK_HEADERS, _long_links(BANK), widths={"Initiative": 12})
    return _save(wb, path)


# The bank six months on: five initiatives delivered, the same survey asked again.
BANK_DELIVERED = {
    "A03": "2026-04-14",
    "A09": "2026-03-02",
    "A11": "2026-02-16",
    "A17": "2026-05-04",
    "A21": "2026-03-23",
}
WAVE_HEADERS = ["ID", "Wave", "Satisfaction", "Respondents", "SD"]


def bank_waves() -> list[list[object]]:
    """Two waves of the bank's satisfaction survey (1–5 means, n, SD): the needs a delivered
    initiative acts on move up by 0.4–0.9, the rest drift by −0.2…+0.3; two needs were only
    asked in one wave. Deterministic: a seeded generator."""
    import numpy as np

    rng = np.random.default_rng(2026)
    touched = {t for a in BANK_DELIVERED for t, s in BANK.links[a].items() if t.startswith("I")}
    rows: list[list[object]] = []
    for ins in sorted(BANK.insights, key=lambda i: i.id):
        base = round(ins.satisfaction + float(rng.uniform(-0.3, 0.4)), 2)
        n1, n2 = int(rng.integers(180, 260)), int(rng.integers(170, 250))
        sd1, sd2 = round(float(rng.uniform(0.9, 1.2)), 2), round(float(rng.uniform(0.9, 1.2)), 2)
        lift = rng.uniform(0.4, 0.9) if ins.id in touched else rng.uniform(-0.2, 0.3)
        if ins.id != "I27":  # added to the questionnaire in the second wave
            rows.append([ins.id, "2026 Q1", base, n1, sd1])
        if ins.id != "I15":  # dropped from the second questionnaire
            rows.append([ins.id, "2026 Q3", round(min(base + float(lift), 5.0), 2), n2, sd2])
    rows.sort(key=lambda r: (str(r[1]), str(r[0])))
    return rows


def write_retail_bank_two_waves(path: Path) -> Path:
    """The bank after delivery: the statuses say Delivered (with a Delivered on date), and an
    Insight waves sheet holds the survey before and after."""
    wb = _new_workbook()
    delivered = BANK._replace(
        initiatives=[
            a._replace(status="Delivered") if a.id in BANK_DELIVERED else a
            for a in BANK.initiatives
        ]
    )
    _canonical_sheets(wb, delivered)
    ws = wb["Initiatives"]
    col = len(INITIATIVE_HEADERS) + 1
    _table(
        ws,
        [*INITIATIVE_HEADERS, "Delivered on"],
        [[*row, BANK_DELIVERED.get(str(row[0]), "")] for row in _initiative_rows(delivered)],
        formats={"Confidence": "0%"},
    )
    ws.column_dimensions[get_column_letter(col)].width = 14
    _table(wb.create_sheet("Links"), LINK_HEADERS, _long_links(BANK), widths={"Initiative": 12})
    _table(
        wb.create_sheet("Insight waves"),
        WAVE_HEADERS,
        bank_waves(),
        formats={"Satisfaction": "0.00", "SD": "0.00"},
    )
    return _save(wb, path)


def write_pharma_hcp(path: Path) -> Path:
    """The pharma workshop; links as a QFD relationship matrix with strong/medium/weak."""
    wb = _new_workbook()
    _canonical_sheets(wb, PHARMA)
    ws = wb.create_sheet("Links")
    targets = _target_ids(PHARMA)
    rows = [
        [a.id, *(STRENGTH_WORDS.get(PHARMA.links[a.id].get(t, 0), "") for t in targets)]
        for a in PHARMA.initiatives
    ]
    _table(ws, ["Initiative", *targets], rows, widths=dict.fromkeys(targets, 8), filter_=False)
    ws.column_dimensions["A"].width = 12
    ws.freeze_panes = "B2"
    centred = Alignment(horizontal="center", vertical="center")
    for row in ws.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.alignment = centred
    return _save(wb, path)


# The messy bank: what a consultant's own workbook looks like after a workshop.
MESSY_INSIGHT_HEADERS = [
    "Ref",
    "Customer need / pain point",
    "Segment",
    "Journey phase",
    "Importance (1-5)",
    "Current satisfaction",
    "# mentions",
    "Sentiment",
    "Emotion",
    "Evidence",
    "Tags",
]
MESSY_OBJECTIVE_HEADERS = ["Goal ID", "Business goal", "Priority weight", "KPI", "Owner"]
MESSY_INITIATIVE_HEADERS = [
    "Ref",
    "Idea",
    "Effort (person-months)",
    "Confidence",
    "Owner",
    "Theme",
    "Description",
    "Status",
    "Workshop comment",
]
# Cells typed as text in the messy workbook (a pasted export does this): (ID, header).
MESSY_TEXT_NUMBERS = {
    ("I03", "Importance (1-5)"),
    ("I07", "# mentions"),
    ("I11", "Importance (1-5)"),
    ("I18", "Current satisfaction"),
    ("I22", "# mentions"),
    ("O2", "Priority weight"),
    ("A05", "Effort (person-months)"),
    ("A12", "Effort (person-months)"),
}
# IDs typed with a trailing space.
MESSY_TRAILING_SPACES = {"I04", "I17", "O3", "A09", "A16"}
# Medium links ticked (✓) rather than graded in the messy matrix. A tick says "linked" without
# a grade; SweetSpot reads it as medium (3), which is what the clean files carry here.
MESSY_TICKS = {("A04", "I19"), ("A12", "I22"), ("A17", "I22"), ("A06", "O5")}
MESSY_LETTERS = {9: "H", 3: "M", 1: "L"}
# Insights rows after which the consultant left a blank row and a sub-heading note row.
MESSY_BREAK_AFTER = "I14"


def _messy_id(ident: str) -> str:
    return ident + " " if ident in MESSY_TRAILING_SPACES else ident


def _messy_value(ident: str, header: str, value: object) -> object:
    if (ident, header) in MESSY_TEXT_NUMBERS and isinstance(value, int | float):
        return str(_number(float(value)))
    return value


def _title(ws: Worksheet, title: str, note: str) -> None:
    ws.cell(1, 1, title).font = TITLE_FONT
    ws.cell(2, 1, note).font = NOTE_FONT


def write_retail_bank_messy(path: Path) -> Path:
    """The same bank as retail_bank.xlsx, as a consultant's own workbook: other sheet and
    column names, title and note rows, text numbers, trailing spaces, a blank row, a
    sub-heading row, "80%" strings, a custom column, links as an H/M/L matrix with ticks."""
    wb = _new_workbook()

    ws = wb.create_sheet("Customer insights")
    _title(
        ws,
        "Northgate Bank: customer insight log (branch and app)",
        "Importance and satisfaction 1 = low, 5 = high; # mentions across interviews, "
        "complaints and reviews. Draft for the prioritisation workshop.",
    )
    rows: list[list[object]] = []
    for i in BANK.insights:
        values = {
            "Ref": _messy_id(i.id),
            "Customer need / pain point": i.need,
            "Segment": i.segment,
            "Journey phase": i.journey_stage,
            "Importance (1-5)": _number(i.importance),
            "Current satisfaction": _number(i.satisfaction),
            "# mentions": i.reach,
            "Sentiment": i.sentiment,
            "Emotion": i.emotion,
            "Evidence": i.evidence,
            "Tags": i.tags,
        }
        rows.append([_messy_value(i.id, h, values[h]) for h in MESSY_INSIGHT_HEADERS])
        if i.id == MESSY_BREAK_AFTER:
            rows.append([""] * len(MESSY_INSIGHT_HEADERS))
            rows.append(["", "Source: interviews Q3", *[""] * (len(MESSY_INSIGHT_HEADERS) - 2)])
    widths = {"Ref": 7, "Customer need / pain point": 60, "# mentions": 11}
    _table(ws, MESSY_INSIGHT_HEADERS, rows, first_row=3, widths=widths)
    for cell in ws[3]:
        cell.fill = PatternFill("solid", fgColor="FFE699")
        cell.font = Font(name="Calibri", bold=True)

    ws = wb.create_sheet("Business goals")
    _title(ws, "Business goals (ExCo, FY plan)", "Weights agreed with the CFO: 100 points.")
    rows = [
        [
            _messy_id(o.id),
            o.objective,
            _messy_value(o.id, "Priority weight", _number(o.weight)),
            o.kpi,
            o.owner,
        ]
        for o in BANK.objectives
    ]
    _table(
        ws,
        MESSY_OBJECTIVE_HEADERS,
        rows,
        first_row=3,
        widths={"Goal ID": 9, "Business goal": 48, "Priority weight": 10},
    )

    ws = wb.create_sheet("Ideas")
    _title(ws, "Ideas long-list", "From the ideation session; effort is a rough team estimate.")
    rows = [
        [
            _messy_id(a.id),
            a.initiative,
            _messy_value(a.id, "Effort (person-months)", _number(a.effort)),
            f"{round(a.confidence * 100)}%",
            a.owner,
            a.theme,
            a.description,
            a.status,
            BANK_COMMENTS.get(a.id, ""),
        ]
        for a in BANK.initiatives
    ]
    _table(
        ws,
        MESSY_INITIATIVE_HEADERS,
        rows,
        first_row=3,
        widths={"Ref": 7, "Idea": 52, "Effort (person-months)": 12, "Workshop comment": 44},
    )

    ws = wb.create_sheet("Matrix")
    targets = _target_ids(BANK)
    matrix: list[list[object]] = []
    for n, a in enumerate(BANK.initiatives):
        # Some rows were filled in with words, most with H/M/L; a few links only ticked.
        words = STRENGTH_WORDS if n % 4 == 3 else MESSY_LETTERS
        row: list[object] = [_messy_id(a.id)]
        for t in targets:
            s = BANK.links[a.id].get(t, 0)
            row.append("✓" if (a.id, t) in MESSY_TICKS else words.get(s, ""))
        matrix.append(row)
    _table(
        ws,
        ["Idea \\ need or goal", *targets],
        matrix,
        widths=dict.fromkeys(targets, 6),
        filter_=False,
    )
    ws.column_dimensions["A"].width = 18
    ws.freeze_panes = "B2"
    return _save(wb, path)


def _eu(value: float) -> str:
    """A number as a European spreadsheet writes it: decimal comma, no thousands separator."""
    return str(_number(value)).replace(".", ",")


def write_retail_bank_csv(folder: Path) -> list[Path]:
    """The same bank as four European CSV files: `;`, decimal comma, UTF-8 with BOM, CRLF."""
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, tuple[list[str], list[list[str]]]] = {
        "insights.csv": (
            INSIGHT_HEADERS,
            [
                [
                    i.id,
                    i.need,
                    _eu(i.importance),
                    _eu(i.satisfaction),
                    _eu(i.reach),
                    i.segment,
                    i.journey_stage,
                    i.sentiment,
                    i.emotion,
                    i.evidence,
                    i.tags,
                ]
                for i in BANK.insights
            ],
        ),
        "objectives.csv": (
            OBJECTIVE_HEADERS,
            [[o.id, o.objective, _eu(o.weight), o.kpi, o.owner] for o in BANK.objectives],
        ),
        "initiatives.csv": (
            INITIATIVE_HEADERS,
            [
                [
                    a.id,
                    a.initiative,
                    _eu(a.effort),
                    f"{round(a.confidence * 100)}%",
                    a.owner,
                    a.theme,
                    a.description,
                    a.status,
                ]
                for a in BANK.initiatives
            ],
        ),
        "links.csv": (
            LINK_HEADERS,
            [[a, t, STRENGTH_WORDS[s]] for a, t, s in _long_links(BANK)],
        ),
    }
    written = []
    for name, (headers, rows) in tables.items():
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)
        path = folder / name
        path.write_bytes(text.getvalue().encode("utf-8-sig"))
        written.append(path)
    return written


# planted_errors.xlsx: a small, otherwise valid workshop with one error at each listed cell.
# (sheet, cell, what is wrong, value written) — planted_errors.md is generated from this list.
PLANTED: list[tuple[str, str, str, object]] = [
    ("Insights", "C4", 'Importance is not a number ("high")', "high"),
    ("Insights", "A5", "Duplicate insight ID I02 (also in row 3)", "I02"),
    ("Insights", "C6", "Importance −2 is outside the 1–5 scale", -2),
    ("Insights", "B7", "Need is blank (required)", None),
    ("Objectives", "C3", "Negative objective weight (−10)", -10),
    ("Links", "B4", "Link to an unknown ID (I99 is no insight or objective)", "I99"),
    ("Links", "C5", 'Unknown strength word ("maybe")', "maybe"),
]


def write_planted_errors(path: Path) -> Path:
    wb = _new_workbook()
    # fmt: off
    insights = [
        ["I01", "I want to open an account on my phone", 4, 2, 30, "Young professionals", "Join", "negative", "frustrated", "Interviews (6)", "onboarding"],  # noqa: E501
        ["I02", "Don't make me repeat my problem to every person", 5, 1, 40, "Everyday customers", "Get help", "negative", "exasperated", "Complaints log", "hand-offs"],  # noqa: E501
        ["I03", "Warn me before a fee, not after", 4, 2, 25, "Everyday customers", "Everyday banking", "negative", "cheated", "Complaints log", "fees"],  # noqa: E501
        ["I04", "Paying in cash takes too long in branch", 4, 2, 20, "Small business owners", "Payments", "negative", "annoyed", "Branch visits (3)", "branch, cash"],  # noqa: E501
        ["I05", "I need a loan decision in days, not weeks", 3, 2, 10, "Small business owners", "Borrow", "negative", "impatient", "Interviews (4)", "lending"],  # noqa: E501
        ["I06", "Let me freeze my card in the app", 4, 4, 15, "Everyday customers", "Fraud & security", "positive", "reassured", "Survey", "card controls"],  # noqa: E501
        ["I07", "Evening appointments, please", 3, 2, 12, "Young professionals", "Get help", "neutral", "tired", "Survey", "opening hours"],  # noqa: E501
    ]
    # fmt: on
    objectives = [
        ["O1", "Grow digitally active customers", 40, "Monthly digital actives", "CDO"],
        ["O2", "Reduce cost to serve", 35, "Cost per customer", "COO"],
        ["O3", "Lift relationship NPS", 25, "Relationship NPS", "CX Director"],
    ]
    initiatives = [
        ["A01", "Open an account in the app", 6, 0.8, "Digital", "Digital", "", "Idea"],
        ["A02", "One case owner per complaint", 5, 0.7, "Operations", "Service", "", "Idea"],
        ["A03", "Evening video appointments", 4, 0.7, "Operations", "Service", "", "Idea"],
    ]
    links = [
        ["A01", "I01", 9],
        ["A01", "O1", 9],
        ["A02", "I02", 9],
        ["A02", "O3", 9],
        ["A03", "I07", 9],
        ["A03", "O3", 3],
    ]
    _table(wb.create_sheet("Insights"), INSIGHT_HEADERS, insights)
    _table(wb.create_sheet("Objectives"), OBJECTIVE_HEADERS, objectives)
    _table(
        wb.create_sheet("Initiatives"),
        INITIATIVE_HEADERS,
        initiatives,
        formats={"Confidence": "0%"},
    )
    _table(wb.create_sheet("Links"), LINK_HEADERS, links)
    for sheet, cell, _, value in PLANTED:
        wb[sheet][cell].value = value
    return _save(wb, path)


def planted_errors_markdown() -> str:
    lines = [
        "# planted_errors.xlsx: the errors planted in it",
        "",
        "A small retail-bank workshop in the documented layout, valid except for one error at",
        "each cell below. `sweetspot validate sample_data/planted_errors.xlsx` should report every",
        "one of them as an ERROR at that cell and exit 1. Generated by `make_samples.py`.",
        "",
        "| Cell | Problem | Planted value |",
        "|---|---|---|",
    ]
    for sheet, cell, problem, value in PLANTED:
        shown = "(blank)" if value is None else f"`{value}`"
        lines.append(f"| `{sheet}!{cell}` | {problem} | {shown} |")
    lines += [
        "",
        "Everything else is valid: IDs are unique apart from the duplicate, every other link",
        "points at a known ID with strength 1, 3 or 9, and the remaining numbers are in range.",
        "",
    ]
    return "\n".join(lines)


# =============================================================================================


def _survey_module() -> Any:
    # A sibling script, loaded by path (this file is itself loaded by path in the tests).
    spec = importlib.util.spec_from_file_location("make_survey", HERE / "make_survey.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_retail_bank_survey(path: Path) -> Path:
    """The bank's customer survey as a Qualtrics export (see make_survey.py)."""
    needs = {i.id: i.need for i in BANK.insights}
    return Path(_survey_module().write_bank_survey(path, _save, needs))


def write_retail_bank_plan(path: Path) -> Path:
    """The bank's objectives, initiatives and links without its Insights table: the survey's
    insights (`sweetspot insights`) complete it. Links to needs the survey does not measure
    are left out."""
    measured = {ident for _c, _s, ident, _st in _survey_module().ATTRIBUTES}
    targets = measured | {o.id for o in BANK.objectives}
    wb = _new_workbook()
    _canonical_sheets(wb, BANK)
    del wb["Insights"]
    links = [row for row in _long_links(BANK) if row[1] in targets]
    _table(wb.create_sheet("Links"), LINK_HEADERS, links, widths={"Initiative": 12})
    return _save(wb, path)


WRITERS: dict[str, Callable[[Path], object]] = {
    "retail_bank.xlsx": write_retail_bank,
    "retail_bank_two_waves.xlsx": write_retail_bank_two_waves,
    "retail_bank_messy.xlsx": write_retail_bank_messy,
    "retail_bank_csv": write_retail_bank_csv,
    "pharma_hcp.xlsx": write_pharma_hcp,
    "planted_errors.xlsx": write_planted_errors,
    "retail_bank_survey.xlsx": write_retail_bank_survey,
    "retail_bank_plan.xlsx": write_retail_bank_plan,
}


def write_all(out_dir: Path = HERE) -> list[Path]:
    """Write every sample into out_dir; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, writer in WRITERS.items():
        writer(out_dir / name)
        paths.append(out_dir / name)
    md = out_dir / "planted_errors.md"
    md.write_text(planted_errors_markdown(), encoding="utf-8", newline="\n")
    paths.append(md)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for p in write_all(target):
        print(p)
