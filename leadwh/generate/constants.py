"""Shared array types, time units and the static vocabularies of the generator."""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from leadwh.formats import StrArray
from leadwh.reference import CHANNELS

FloatArray = NDArray[np.float64]
Table = dict[str, StrArray]

MINUTE: Final[int] = 60
HOUR: Final[int] = 3600
DAY: Final[int] = 86400


FIRST_NAMES: Final[tuple[str, ...]] = (
    "Anna", "Peter", "Carla", "Oscar", "Rebecca", "Marco", "Sophie", "Jacob", "Elena", "Patrick",
    "Chloe", "Lucas", "Olivia", "Noah", "Emma", "Leo", "Clara", "Oliver", "Grace", "Pablo",
    "Nora", "Cedric", "Paula", "Felix", "Alice", "Victor", "Rosa", "Connor", "Maria", "Simon",
    "Erica", "Tobias", "Laura", "Marcus", "Petra", "Jonas", "Rachel", "Hugo", "Carmen", "Owen",
    "Camille", "Omar", "Priya", "Derek", "Monica", "Stefan", "Lena", "Scott", "Pia", "Colin",
)
LAST_NAMES: Final[tuple[str, ...]] = (
    "Smith", "Peterson", "Garcia", "Olsen", "Carter", "Rossi", "Parker", "Schneider", "Lopez",
    "Cooper", "Meyer", "Novak", "Larsen", "Pearce", "Coleman", "Brooks", "Petrov", "Moreau",
    "Jackson", "Porter", "Campbell", "Andersson", "Becker", "Fischer", "Hopkins", "Romero",
    "Scott", "Chapman", "Dupont", "Weber", "Palmer", "Costa", "Spencer", "Ocampo", "Price",
    "Reyes", "Horvat", "Mercer", "Lindqvist", "Pope", "Conway", "Baker", "Ortega", "Cole",
    "Paterson", "Vogel", "Morgan", "Acosta", "Nielsen", "Chen",
)
COMPANIES: Final[tuple[tuple[str, str], ...]] = (
    ("Acme, Inc.", "acme.io"), ("Globex Corporation", "globex.com"), ("Initech", "initech.com"),
    ("Umbrella Corp", "umbrella-corp.com"), ("Hooli", "hooli.xyz"), ("Stark Industries", "stark.com"),
    ("Wayne Enterprises", "wayne.co"), ("Soylent, Ltd.", "soylent.co.uk"),
    ("Cyberdyne Systems", "cyberdyne.ai"), ("Vandelay Industries", "vandelay.com"),
    ("Pied Piper", "piedpiper.com"), ("Oceanic Airlines", "oceanic.aero"),
    ("Prestige Worldwide", "prestige.world"), ("Northwind Traders", "northwind.com"),
    ("Contoso", "contoso.com"), ("Fabrikam", "fabrikam.de"), ("Tailspin Toys", "tailspin.com"),
    ("Adventure Works", "adventure-works.com"), ("Proseware", "proseware.se"),
    ("Coho Winery", "cohowinery.fr"), ("Lucerne Publishing", "lucerne.ch"),
    ("Margie's Travel", "margiestravel.com"), ("Blue Yonder Airlines", "blueyonder.com"),
    ("Smith, Jones & Partners", "smithjones.co.uk"), ("Alpine Ski House", "alpineski.ch"),
    ("Wingtip Toys", "wingtip.com"), ("Litware", "litware.io"), ("Woodgrove Bank", "woodgrove.com"),
    ("Trey Research", "treyresearch.net"), ("Nordic Data AB", "nordicdata.se"),
    ("Datapoint GmbH", "datapoint.de"), ("Baker & Cole, LLC", "bakercole.com"),
    ("Copperleaf", "copperleaf.ca"), ("Polaris Analytics", "polaris.io"),
    ("Cascade Logistics", "cascadelog.com"), ("Opal Health", "opalhealth.com"),
    ("Crescent Capital, Inc.", "crescentcap.com"), ("Pinecone Labs", "pineconelabs.dev"),
    ("Redwood Retail", "redwoodretail.com"), ("Helios Energy", "helios-energy.de"),
)
FREE_MAIL: Final[tuple[str, ...]] = ("gmail.com", "outlook.com", "yahoo.com", "proton.me")
JOB_TITLES: Final[tuple[str, ...]] = (
    "Marketing Manager", "Head of Marketing", "CMO", "Sales Director", "VP Sales", "CEO",
    "Data Analyst", "Head of Growth", "Operations Manager", "CTO", "Software Engineer",
    "Demand Generation Manager", "Account Executive", "Founder", "Product Manager", "",
)
# country: (weight, calling code, currency)
COUNTRIES: Final[dict[str, tuple[float, int, str]]] = {
    "US": (0.45, 1, "USD"), "CA": (0.06, 1, "USD"), "GB": (0.12, 44, "GBP"),
    "DE": (0.11, 49, "EUR"), "FR": (0.05, 33, "EUR"), "NL": (0.04, 31, "EUR"),
    "CH": (0.05, 41, "CHF"), "SE": (0.05, 46, "SEK"), "AU": (0.07, 61, "USD"),
}
CURRENCY_SCALE: Final[dict[str, float]] = {
    "USD": 1.0, "EUR": 0.92, "GBP": 0.79, "CHF": 0.89, "SEK": 10.5,
}
TEST_DOMAINS: Final[tuple[str, ...]] = (
    "example.com", "test.com", "mailinator.com", "leadwh.example",
)
INVALID_PHONES: Final[tuple[str, ...]] = ("n/a", "12", "555", "unknown", "-", "0")
BAD_AMOUNTS: Final[tuple[str, ...]] = ("n/a", "abc", "")

#: Lead channels (index = channel code) and their share of new leads.
LEAD_CHANNELS: Final[tuple[str, ...]] = tuple(CHANNELS)
CHANNEL_MIX: Final[dict[str, float]] = {
    "organic_search": 0.17, "paid_search": 0.16, "organic_social": 0.06, "paid_social": 0.10,
    "email": 0.08, "webinar": 0.07, "referral": 0.06, "outbound": 0.08, "purchased_list": 0.12,
    "direct": 0.09, "unknown": 0.01,
}
#: Probability that a lead of the channel reaches IQL or beyond.
IQL_PROPENSITY: Final[dict[str, float]] = {
    "organic_search": 0.32, "paid_search": 0.32, "organic_social": 0.28, "paid_social": 0.26,
    "email": 0.42, "webinar": 0.62, "referral": 0.42, "outbound": 0.20, "purchased_list": 0.12,
    "direct": 0.30, "unknown": 0.20,
}
#: Average spend per campaign day (USD-equivalent) of the paid channels.
DAILY_SPEND: Final[dict[str, float]] = {
    "paid_search": 110.0, "paid_social": 80.0, "email": 15.0, "webinar": 60.0,
    "outbound": 90.0, "purchased_list": 45.0,
}
CAMPAIGN_THEMES: Final[tuple[str, ...]] = (
    "Brand", "Competitor conquest", "Product launch", "Retargeting", "Spring promo",
    "Pipeline, forecasting & more", "Summer series", "Q4 push", "Enterprise ABM",
    "Free trial", "Year-end", "Partner co-marketing",
)
SEASONALITY: Final[tuple[float, ...]] = (
    1.10, 1.05, 1.10, 1.00, 1.00, 0.95, 0.80, 0.75, 1.10, 1.15, 1.10, 0.70,
)

# Funnel levels
LEVEL_LEAD, LEVEL_IQL, LEVEL_MQL, LEVEL_SQL, LEVEL_OPP, LEVEL_CUSTOMER = range(6)

ACTIVITY_TYPES: Final[tuple[str, ...]] = (
    "page_view", "email_open", "email_click", "social_follow", "newsletter_signup",
    "ebook_download", "webinar_registration", "webinar_attendance", "form_fill",
    "pricing_page_view", "demo_request", "contact_sales_form", "call", "unsubscribe",
)
ACT: Final[dict[str, int]] = {name: code for code, name in enumerate(ACTIVITY_TYPES)}
#: Channel an activity type is attributed to ('' = the lead's own channel).
ACTIVITY_CHANNEL: Final[dict[str, str]] = {
    "email_open": "email", "email_click": "email", "newsletter_signup": "email",
    "unsubscribe": "email", "webinar_registration": "webinar", "webinar_attendance": "webinar",
    "social_follow": "organic_social",
}
