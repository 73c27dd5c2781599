"""Versioned helpline table and the fixed crisis replies (product rule 14).

Crisis replies are reviewed templates, never generated. The table carries the
date its entries were last checked; a release checklist re-verifies each
number against the linked source before that date is moved.
"""

from __future__ import annotations

from dataclasses import dataclass

from empathic.lang import CRISIS_TEXTS

HELPLINE_TABLE_VERSION = "2026.12.1"
HELPLINES_VERIFIED_ON = "2026-11-25"
# Entries added after the verified-on date: the release checklist checks them against their
# linked source before the date moves (2026.11.2: IT and the emergency numbers; 2026.12.1: MX and PT).
PENDING_VERIFICATION = ("IT", "MX", "PT", "EMERGENCY_NUMBERS")


@dataclass(frozen=True)
class Helpline:
    name: str
    contact: str
    url: str
    country: str


_INTERNATIONAL = [
    Helpline("Local emergency services", "your local emergency number (112 in the EU, 911 in North America, 999 in the UK)", "", "international"),
    Helpline("Find A Helpline", "free, confidential helplines by country", "https://findahelpline.com", "international"),
]

HELPLINES: dict[str, list[Helpline]] = {
    "US": [Helpline("988 Suicide & Crisis Lifeline", "call or text 988", "https://988lifeline.org", "US")],
    "CA": [Helpline("9-8-8 Suicide Crisis Helpline", "call or text 988", "https://988.ca", "CA")],
    "GB": [Helpline("Samaritans", "call 116 123", "https://www.samaritans.org", "GB")],
    "IE": [Helpline("Samaritans", "call 116 123", "https://www.samaritans.org", "IE")],
    "AU": [Helpline("Lifeline", "call 13 11 14", "https://www.lifeline.org.au", "AU")],
    "NZ": [Helpline("1737", "call or text 1737", "https://1737.org.nz", "NZ")],
    "FR": [Helpline("3114 Numéro national de prévention du suicide", "appelez le 3114", "https://3114.fr", "FR")],
    "DE": [Helpline("TelefonSeelsorge", "0800 111 0 111 oder 0800 111 0 222", "https://www.telefonseelsorge.de", "DE")],
    "ES": [Helpline("Línea 024 de atención a la conducta suicida", "llama al 024", "https://www.sanidad.gob.es/linea024/", "ES")],
    "BR": [Helpline("CVV Centro de Valorização da Vida", "ligue 188", "https://cvv.org.br", "BR")],
    "IT": [Helpline("Telefono Amico Italia", "chiama lo 02 2327 2327", "https://www.telefonoamico.it", "IT")],
    # Mexico: Línea de la Vida, the federal health ministry's 24-hour line (gob.mx, "Línea de la Vida 800 911 2000")
    "MX": [Helpline("Línea de la Vida", "llama al 800 911 2000", "", "MX")],
    # Portugal: SNS 24's psychological counselling (sns24.gov.pt) and SOS Voz Amiga (sosvozamiga.org)
    "PT": [Helpline("SNS 24, aconselhamento psicológico", "ligue 808 24 24 24", "https://www.sns24.gov.pt", "PT"),
           Helpline("SOS Voz Amiga", "ligue 213 544 545", "https://www.sosvozamiga.org", "PT")],
}
# The number to call when a life is in danger now; elsewhere "your local emergency number".
EMERGENCY_NUMBERS: dict[str, str] = {"US": "911", "CA": "911", "GB": "999", "IE": "112", "AU": "000", "NZ": "111",
                                     "FR": "112", "DE": "112", "ES": "112", "BR": "192", "IT": "112",
                                     "MX": "911", "PT": "112"}

REPLIES = {
    "en": ("I'm really glad you told me. What you're describing sounds serious, and you deserve support "
           "from a person right now. I'm an AI, so I can't be the help you need in this moment, but people "
           "are available: {resources} If you are in danger right now, please call your local emergency number. "
           "Would you be willing to reach out to one of them, or to someone you trust, now?"),
}
REPLIES.update({code: texts.RESOURCE_MESSAGE for code, texts in CRISIS_TEXTS.items()})  # empathic/lang/<code>/crisis.py
_LANGUAGE_COUNTRY = {"es": "ES", "pt": "BR", "fr": "FR", "de": "DE", "it": "IT"}


def country_for(locale: str | None, language: str = "en") -> str:
    """The table's country for a locale such as ``en-GB`` or ``GB``; without a locale, the
    country of the user's language where one is clear (es, pt, fr, de, it); else ""."""
    country = (locale or "").replace("_", "-").split("-")[-1].upper() if locale else ""
    if country not in HELPLINES and language in _LANGUAGE_COUNTRY and not locale:
        country = _LANGUAGE_COUNTRY[language]
    return country if country in HELPLINES else ""


def helplines_for(locale: str | None, language: str = "en") -> list[Helpline]:
    """Helplines for a locale such as ``en-GB`` or ``GB``; international ones otherwise (named in the
    user's language where its folder names them: a Spanish reply lists no English line)."""
    return HELPLINES.get(country_for(locale, language), []) + _international(language)


def _international(language: str) -> list[Helpline]:
    texts = CRISIS_TEXTS.get(language)
    if texts is None:
        return list(_INTERNATIONAL)
    return [Helpline(*texts.INTERNATIONAL[key], line.url, line.country)
            for key, line in zip(("emergency", "find_a_helpline"), _INTERNATIONAL)]


def emergency_number(locale: str | None, language: str = "en") -> str | None:
    """The emergency number for the locale's country, or None where the table has none."""
    return EMERGENCY_NUMBERS.get(country_for(locale, language))


def crisis_reply(resources: list[Helpline], language: str = "en") -> str:
    """The fixed crisis reply in the user's language, with its helplines."""
    listed = " ".join(f"{h.name}: {h.contact}{f' ({h.url})' if h.url else ''}." for h in resources)
    return REPLIES.get(language, REPLIES["en"]).format(resources=listed)
