"""
The lists a synthetic programme draws its values from: names, trades, hours and categories.

Every name is a common Swedish first name and surname combined at random, and every employer
an invented place-like word with a trade's ending, so no record points at a real person or
firm. The weights beside a list say how often each of its values is drawn.
"""

from __future__ import annotations

from ipsrules._model import NO_INCOME_SUPPORT, ContactMode, ExitReason, Party, Setting

ZONE_NAME = "Europe/Stockholm"

# Synthetic names: common Swedish first names and surnames, combined at random.
FIRST_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Johanna", "Linnea", "Elin",
    "Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Mikael", "Fredrik", "Oskar", "Jonas",
    "Amira", "Nils", "Ida", "Hanna", "Ali", "Sofia", "Mattias", "Maja", "Henrik", "Leila",
)  # fmt: skip
SURNAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Lindberg", "Lindqvist", "Berg", "Holm", "Ek",
    "Sandberg", "Nyström", "Lund", "Forsberg", "Åberg", "Hedlund", "Sjögren", "Wallin",
)  # fmt: skip
# Stems of made-up employer names: invented place-like words, not real firms.
EMPLOYER_STEMS = (
    "Norrvik", "Ekdala", "Sjöhaga", "Lindö", "Björkås", "Granby", "Älvkant", "Solhöjd",
    "Tallmo", "Ängsvik", "Stenbacka", "Hagalund", "Mossby", "Viksjö", "Råbrink", "Fjällsta",
)  # fmt: skip
# Job types (as `Job.job_type`) with the endings of employer names of that trade.
TRADES = (
    ("retail", ("Livs", "Handel AB", "Butik")),
    ("warehouse", ("Logistik AB", "Lager & Distribution")),
    ("cleaning", ("Städservice AB", "Lokalvård")),
    ("care", ("Omsorg AB", "Hemtjänst", "Äldreboende")),
    ("café/restaurant", ("Café", "Kök & Bar", "Bageri")),
    ("office", ("Kontorsservice AB", "Administration AB")),
    ("IT", ("IT-support AB", "Data AB")),
    ("gardening", ("Trädgård AB", "Grönyteskötsel")),
    ("transport", ("Transport AB", "Åkeri", "Bud & Flytt")),
    ("construction", ("Bygg AB", "Fastighetsservice")),
)
TRADE_WEIGHTS = (18, 12, 11, 10, 14, 7, 5, 6, 8, 9)
PART_TIME_HOURS = (8.0, 10.0, 12.0, 15.0, 16.0, 20.0, 20.0, 25.0, 30.0, 32.0)
FACE_TO_FACE_MINUTES = (30, 45, 45, 60, 60, 60, 75, 90)

# Kinds of contact, as the (mode, party, setting) they are logged with.
Kind = tuple[ContactMode, Party, Setting]
MEET_IN_COMMUNITY = (ContactMode.FACE_TO_FACE, Party.PARTICIPANT, Setting.COMMUNITY)
MEET_AT_OFFICE = (ContactMode.FACE_TO_FACE, Party.PARTICIPANT, Setting.OFFICE)
PHONE = (ContactMode.PHONE, Party.PARTICIPANT, Setting.REMOTE)
VIDEO = (ContactMode.VIDEO, Party.PARTICIPANT, Setting.REMOTE)
MESSAGE = (ContactMode.MESSAGE, Party.PARTICIPANT, Setting.REMOTE)
MEET_EMPLOYER = (ContactMode.FACE_TO_FACE, Party.EMPLOYER, Setting.COMMUNITY)
CALL_EMPLOYER = (ContactMode.PHONE, Party.EMPLOYER, Setting.REMOTE)

# Main income support at entry, as open categories (Swedish benefits in English words):
# aktivitetsersättning, sjukersättning, sjukpenning, ekonomiskt bistånd, aktivitetsstöd.
INCOME_SUPPORT = (
    "activity_compensation",
    "sickness_compensation",
    "sickness_benefit",
    "financial_assistance",
    "activity_support",
    NO_INCOME_SUPPORT,
)
INCOME_SUPPORT_WEIGHTS = (18, 8, 14, 30, 12, 12)
# The share of leavers who leave their income support behind, by exit reason.
OFF_SUPPORT = {ExitReason.EMPLOYED: 0.75, ExitReason.STUDYING: 0.45}
REFERRAL_SOURCES = ("psychiatry", "social_services", "employment_service", "primary_care", "self")
REFERRAL_SOURCE_WEIGHTS = (55, 15, 12, 8, 10)
STUDY_KINDS = ("adult_education", "folk_high_school", "vocational_college", "university", "course")
STUDY_KIND_WEIGHTS = (40, 15, 15, 10, 20)
INTERNSHIP_HOURS = (10.0, 15.0, 20.0, 20.0, 25.0, 30.0)
STUDY_HOURS = (10.0, 15.0, 20.0, 25.0, 30.0, 40.0)
