"""Versioned helpline table and the fixed crisis replies (product rule 14).

Crisis replies are reviewed templates, never generated. The table carries the
date its entries were last checked; a release checklist re-verifies each
number against the linked source before that date is moved.
"""

from __future__ import annotations

from dataclasses import dataclass

HELPLINE_TABLE_VERSION = "2026.11.2"
HELPLINES_VERIFIED_ON = "2026-11-25"
# Entries added after the verified-on date: the release checklist checks them against their
# linked source before the date moves (2026.11.2: IT and the emergency numbers).
PENDING_VERIFICATION = ("IT", "EMERGENCY_NUMBERS")


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
}
# The number to call when a life is in danger now; elsewhere "your local emergency number".
EMERGENCY_NUMBERS: dict[str, str] = {"US": "911", "CA": "911", "GB": "999", "IE": "112", "AU": "000", "NZ": "111",
                                     "FR": "112", "DE": "112", "ES": "112", "BR": "192", "IT": "112"}

REPLIES = {
    "en": ("I'm really glad you told me. What you're describing sounds serious, and you deserve support "
           "from a person right now. I'm an AI, so I can't be the help you need in this moment, but people "
           "are available: {resources} If you are in danger right now, please call your local emergency number. "
           "Would you be willing to reach out to one of them, or to someone you trust, now?"),
    "es": ("Me alegra mucho que me lo hayas contado. Lo que describes suena serio y mereces el apoyo de una "
           "persona ahora mismo. Soy una IA y no puedo darte la ayuda que necesitas en este momento, pero hay "
           "personas disponibles: {resources} Si estás en peligro ahora, llama al número de emergencias local. "
           "¿Podrías contactar con alguna de ellas, o con alguien de confianza, ahora?"),
    "pt": ("Fico muito feliz por você ter me contado. O que você descreve parece sério e você merece o apoio "
           "de uma pessoa agora. Sou uma IA e não posso dar a ajuda de que você precisa neste momento, mas há "
           "pessoas disponíveis: {resources} Se você está em perigo agora, ligue para o número de emergência local. "
           "Você poderia falar com uma delas, ou com alguém de confiança, agora?"),
    "fr": ("Merci de me l'avoir dit. Ce que tu décris semble grave et tu mérites le soutien d'une personne dès "
           "maintenant. Je suis une IA et je ne peux pas t'apporter l'aide dont tu as besoin en ce moment, mais "
           "des personnes sont disponibles : {resources} Si tu es en danger maintenant, appelle le numéro "
           "d'urgence local. Est-ce que tu pourrais contacter l'une d'elles, ou quelqu'un de confiance, maintenant ?"),
    "de": ("Danke, dass du mir das erzählst. Was du beschreibst, klingt ernst, und du verdienst jetzt die "
           "Unterstützung eines Menschen. Ich bin eine KI und kann dir in diesem Moment nicht die Hilfe geben, "
           "die du brauchst, aber es gibt Menschen, die für dich da sind: {resources} Wenn du gerade in Gefahr "
           "bist, ruf bitte den örtlichen Notruf an. Könntest du jetzt eine dieser Stellen oder eine Person "
           "deines Vertrauens kontaktieren?"),
    "it": ("Grazie per avermelo detto. Quello che descrivi sembra serio e meriti il sostegno di una persona, "
           "adesso. Sono un'IA e in questo momento non posso darti l'aiuto di cui hai bisogno, ma ci sono persone "
           "disponibili: {resources} Se sei in pericolo adesso, chiama il numero di emergenza locale. Te la "
           "sentiresti di contattare una di loro, o una persona di cui ti fidi, adesso?"),
}
_LANGUAGE_COUNTRY = {"es": "ES", "pt": "BR", "fr": "FR", "de": "DE", "it": "IT"}


def country_for(locale: str | None, language: str = "en") -> str:
    """The table's country for a locale such as ``en-GB`` or ``GB``; without a locale, the
    country of the user's language where one is clear (es, pt, fr, de, it); else ""."""
    country = (locale or "").replace("_", "-").split("-")[-1].upper() if locale else ""
    if country not in HELPLINES and language in _LANGUAGE_COUNTRY and not locale:
        country = _LANGUAGE_COUNTRY[language]
    return country if country in HELPLINES else ""


def helplines_for(locale: str | None, language: str = "en") -> list[Helpline]:
    """Helplines for a locale such as ``en-GB`` or ``GB``; international ones otherwise."""
    return HELPLINES.get(country_for(locale, language), []) + _INTERNATIONAL


def emergency_number(locale: str | None, language: str = "en") -> str | None:
    """The emergency number for the locale's country, or None where the table has none."""
    return EMERGENCY_NUMBERS.get(country_for(locale, language))


def crisis_reply(resources: list[Helpline], language: str = "en") -> str:
    """The fixed crisis reply in the user's language, with its helplines."""
    listed = " ".join(f"{h.name}: {h.contact}{f' ({h.url})' if h.url else ''}." for h in resources)
    return REPLIES.get(language, REPLIES["en"]).format(resources=listed)
