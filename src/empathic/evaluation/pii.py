"""``empathic eval pii``: recall and precision of ``redact`` on a generated PII set.

The generator writes sentences with known entity spans (valid Luhn cards and
mod-97 IBANs, international phone formats, IPv4/IPv6, US SSNs, street
addresses, e-mails, names with and without context cues) and decoys that must
not be flagged (cards failing Luhn, years, prices, times, order numbers).
"""

from __future__ import annotations

import random
from collections import Counter

from empathic.safety.redact import find_pii, luhn_valid

FIRST = ["Maria", "James", "Aisha", "Wei", "Carlos", "Fatima", "Olivia", "Kwame", "Priya", "Dmitri",
         "Sofia", "Jamal", "Yuki", "Liam", "Chloe", "Mateo", "Amara", "Noah", "Leila", "Hannah"]
LAST = ["Garcia", "Smith", "Okafor", "Chen", "Novak", "Haddad", "Johnson", "Mensah", "Patel", "Ivanova",
        "Rossi", "Washington", "Tanaka", "Murphy", "Dubois", "Silva", "Kowalski", "Nguyen", "Cohen", "Berg"]
STREETS = ["Main Street", "Oak Avenue", "Maple Road", "Sunset Boulevard", "Elm Lane", "High Street",
           "Park Drive", "Church Road", "Mill Lane", "Cedar Court"]


def _card(rng: random.Random, valid: bool) -> str:
    prefix = rng.choice(["4", "51", "37", "6011"])
    length = 15 if prefix == "37" else 16
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    check = next(d for d in "0123456789" if luhn_valid(body + d) == valid)
    digits = body + check
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4)) if rng.random() < 0.5 else digits


def _iban(rng: random.Random) -> str:
    country, length = rng.choice([("DE", 22), ("GB", 22), ("FR", 27), ("ES", 24), ("NL", 18)])
    bban = ("ABNA" if country == "NL" else "") + "".join(rng.choice("0123456789") for _ in range(length - 4 - (4 if country == "NL" else 0)))
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    iban = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if rng.random() < 0.5 else iban


def _phone(rng: random.Random) -> str:
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    return rng.choice([f"+1 {d(3)}-{d(3)}-{d(4)}", f"({d(3)}) {d(3)}-{d(4)}", f"+44 20 {d(4)} {d(4)}",
                       f"+49 30 {d(8)}", f"+33 6 {d(2)} {d(2)} {d(2)} {d(2)}", f"+91 {d(5)} {d(5)}",
                       f"07{d(3)} {d(6)}", f"{d(3)}.{d(3)}.{d(4)}", f"+55 11 9{d(4)}-{d(4)}"])


def _entity(kind: str, rng: random.Random) -> str:
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if kind == "EMAIL_ADDRESS":
        return f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}{d(2)}@{rng.choice(['gmail.com', 'example.org', 'uni-koeln.de', 'mail.co.uk'])}"
    if kind == "PHONE_NUMBER":
        return _phone(rng)
    if kind == "CREDIT_CARD":
        return _card(rng, True)
    if kind == "IBAN":
        return _iban(rng)
    if kind == "US_SSN":
        return f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
    if kind == "IP_ADDRESS":
        if rng.random() < 0.7:
            return ".".join(str(rng.randint(1, 254)) for _ in range(4))
        return ":".join(f"{rng.randint(0, 65535):x}" for _ in range(8))
    if kind == "LOCATION":
        return f"{rng.randint(1, 9999)} {rng.choice(STREETS)}"
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.5 else rng.choice(FIRST)


TEMPLATES = {
    "EMAIL_ADDRESS": ["You can email me at {} if that's easier.", "my address is {} btw", "Contact: {}"],
    "PHONE_NUMBER": ["Call me on {} after six.", "my number is {}", "Reach the office at {} please."],
    "CREDIT_CARD": ["I paid with card {} and got charged twice.", "card number {} exp 09/27"],
    "IBAN": ["Please refund to IBAN {} asap.", "My account is {}."],
    "US_SSN": ["My SSN is {}.", "social security {} was on the form"],
    "IP_ADDRESS": ["The login came from {} last night.", "server ip {} is down"],
    "LOCATION": ["I live at {}, the blue door.", "Send it to {}, apartment 4."],
    "PERSON": ["My name is {} and I'm upset.", "I talked to {} yesterday.", "Dr. {} said it was fine.",
               "my sister {} keeps calling", "{} told me to wait.", "I was helped by {} at the desk.",
               "Hi, I'm {}.",
               # no context cue: only a named-entity model finds these
               "I miss {} so much.", "Yesterday {} didn't show up.", "Is {} coming tonight?"],
}
DECOYS = ["I was born in 1987 and moved in 2004.", "It cost $1,299.99 on sale.", "Meet at 10:30 or 14:45.",
          "Order #4821 arrived on 12/03.", "The card 4111 1111 1111 1112 was declined.",
          "I scored 98 out of 100.", "Version 3.11.7 fixed it.", "Chapter 12, page 345.",
          "I'm so happy today!", "Thanks, Support Team", "We walked 12,000 steps."]


def generate(n_per_type: int = 60, seed: int = 7) -> list[tuple[str, list[tuple[str, int, int]]]]:
    rng = random.Random(seed)
    items = []
    for kind, templates in TEMPLATES.items():
        for _ in range(n_per_type):
            value = _entity(kind, rng)
            template = rng.choice(templates)
            text = template.format(value)
            start = template.index("{}")
            items.append((text, [(kind, start, start + len(value))]))
    items += [(decoy, []) for decoy in DECOYS for _ in range(3)]
    return items


def evaluate_pii(engine: str = "regex", n_per_type: int = 60) -> dict:
    hits, totals, false_pos = Counter(), Counter(), Counter()
    for text, spans in generate(n_per_type):
        findings = find_pii(text, engine)
        for kind, start, end in spans:
            totals[kind] += 1
            hits[kind] += any(f.entity == kind and f.start <= start and f.end >= end for f in findings)
        for f in findings:
            if not any(f.entity == k and f.start < e and f.end > s for k, s, e in spans):
                false_pos[f.entity] += 1
    found = sum(hits.values())
    flagged = found + sum(false_pos.values())
    return {"engine": engine, "recall": found / sum(totals.values()), "precision": found / max(flagged, 1),
            "per_type": {k: {"recall": hits[k] / totals[k], "false_positives": false_pos[k], "n": totals[k]}
                         for k in totals}}


def format_report(report: dict) -> str:
    lines = [f"PII redaction ({report['engine']}): recall {report['recall']:.3f}, precision {report['precision']:.3f}"]
    for kind, r in report["per_type"].items():
        lines.append(f"  {kind:15} recall {r['recall']:.3f}  false positives {r['false_positives']}  (n={r['n']})")
    return "\n".join(lines)
