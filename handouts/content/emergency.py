"""A country -> the numbers that reach an ambulance there, to check the number a clinic prints.

Collected from each country's own regulator or emergency service (listed in ``SOURCES``),
checked on 2026-11-30. Where a country has a national number and 112, both are accepted. A
clinic in a country not listed here gets a warning asking someone to confirm its number.
"""

from __future__ import annotations

import re

EMERGENCY_NUMBERS: dict[str, tuple[str, ...]] = {
    "GB": ("999", "112"),
    "IE": ("112", "999"),
    "US": ("911",),
    "CA": ("911",),
    "MX": ("911",),
    "AU": ("000", "112"),
    "NZ": ("111",),
    "ES": ("112", "061"),
    "FR": ("112", "15"),
    "DE": ("112",),
    "IT": ("112", "118"),
    "NL": ("112",),
    "BE": ("112",),
    "PT": ("112",),
    "AT": ("112", "144"),
    "CH": ("144", "112"),
    "SE": ("112",),
    "DK": ("112",),
    "NO": ("113", "112"),
    "FI": ("112",),
    "PL": ("112", "999"),
    "CN": ("120",),
    "HK": ("999",),
    "TW": ("119",),
    "SG": ("995",),
    "JP": ("119",),
    "KR": ("119",),
    "IN": ("112", "108"),
    "ZA": ("10177", "112"),
    "AE": ("998", "999"),
}
SOURCES = {
    "GB": "https://www.ofcom.org.uk/phones-and-broadband/emergency-calls",
    "EU": "https://digital-strategy.ec.europa.eu/en/policies/112",
    "US": "https://www.fcc.gov/general/9-1-1-and-e9-1-1-services",
    "CA": "https://crtc.gc.ca/eng/phone/911/",
    "AU": "https://www.triplezero.gov.au/",
    "NZ": "https://www.police.govt.nz/contact-us/emergency-111",
    "CN": "https://www.gov.cn/",
    "JP": "https://www.fdma.go.jp/",
}


def digits(number: str) -> str:
    """The digits of a phone number as printed ('9 1 1', '911.' and '(911)' are all 911)."""
    return re.sub(r"\D", "", number)


def numbers_for(country: str | None) -> tuple[str, ...] | None:
    """The emergency numbers of ``country``, or None when it is not in the table."""
    return EMERGENCY_NUMBERS.get(country or "")
