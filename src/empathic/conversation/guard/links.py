"""Links, contact details and credential requests in a reply (phishing through the model).

An empathic reply has no reason to send the person to a web address, an email
or a phone number the model wrote, nor to ask for a card number, PIN,
password, one-time code, bank login or SSN. Refused: every URL (``http(s)://``,
``www.``, bare ``evil.example/pay``, ``evil[.]example``), emails, phone-like
numbers of 7+ digits after a call cue or a ``+``, card/IBAN/SSN numbers, and
credential requests in en/es/de/fr. Allowed: the hosts and numbers of the
reviewed helpline table (``safety/helplines.py``); crisis replies are
templates that never pass through a model, so this only spares a model that
names a vetted helpline. Warnings ("never share your PIN") are not requests.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from empathic.safety.helplines import HELPLINES, helplines_for
from empathic.safety.redact import EMAIL, PHONE, find_pii

TLDS = (r"(?:com|net|org|info|biz|io|co|ai|app|dev|xyz|online|site|top|click|link|shop|store|live|ru|cn|uk|de|fr|es|"
        r"nl|eu|ca|au|br|example|test|invalid|ly|gl|gg|tk|ml|ga|cf|pw|cc|tv|gov|edu)")
# Common-word TLDs ("me", "to", "it") count only with a path, so "done.it" after a missing space does not.
URLS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\b(?:https?|hxxps?)://[^\s<>\"')\]]+", r"\bwww\.[^\s<>\"')\]]+",
    rf"(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+{TLDS}\b(?![.-][a-z0-9])(?:/[^\s<>\"')\]]*)?",
    r"(?<![@\w.-])(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s<>\"')\]]+",
    rf"\b[a-z0-9-]+\s*(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)|\{{dot\}}|\s+dot\s+)\s*{TLDS}\b",
))
# "order 48213377" is not a phone number; "call 0800 555 0199" is
PHONE_CUE = re.compile(r"\b(?:call|phone|text|sms|whatsapp|tel|telephone|ring|dial|reach (?:me|us)|contact (?:me|us)|mobile|"
                       r"cell|hotline|helpline|llama|llamar|anrufen|ruf|appelle[rz]?)\b[^.!?\n]{0,30}$")

CREDENTIAL = (
    r"(?:(?:credit |debit |bank |payment )?card(?:'s)? (?:number|details|info\w*|digits)|(?:long )?(?:numbers?|digits) on (?:the (?:front|back) of )?(?:your|the) (?:credit |debit |bank )?card|"
    r"cvv2?|cvc2?|csc|security code|(?:3|three|4|four)[- ]digit (?:security )?code|code on the back|card(?:'s)? (?:expiry|expiration) date|"
    r"(?:your|the|my|card|bank|atm|debit|4[- ]digit|four[- ]digit)\s+pin(?: code| number)?|pin (?:code|number)|password|passcode|passphrase|"
    r"one[- ]time (?:code|password|passcode|pin)|otp|verification code|2fa code|two[- ]factor (?:code|authentication code)|"
    r"authentication code|sms code|security (?:answer|question answer)|code (?:we|i) (?:just )?sent|code (?:you|u) (?:just )?(?:got|received|were sent)|code (?:from|in) (?:the|your) (?:sms|text|message|email|app)|"
    r"(?:bank|banking|online banking|account|login|log-in) (?:login|log-in|credentials|details|username|password)|login info\w*|"
    r"username and password|social security (?:number|no)|ssn|national insurance number|seed phrase|recovery phrase|private key|"
    r"mother'?s maiden name|"
    # es / de / fr
    r"numero de (?:tu |la |su )?tarjeta|codigo de (?:seguridad|verificacion)|codigo que te (?:hemos )?enviado|contrasena|"
    r"clave (?:de acceso|bancaria|del banco)|datos (?:de acceso|de (?:la|tu) tarjeta|bancarios)|(?:tu|el|su) pin|"
    r"kartennummer|(?:deine|ihre|die) pin|pin-nummer|geheimzahl|passwort|kennwort|prufnummer|sicherheitscode|"
    r"zugangsdaten|login-?daten|einmalcode|bestatigungscode|sozialversicherungsnummer|(?:deine|ihre|die) tan|tan-(?:nummer|code)|"
    r"numero de (?:ta |votre |la )?carte|cryptogramme|code (?:de securite|pin|secret|de verification|confidentiel|recu)|"
    r"(?:ton|votre|le) (?:code )?pin|mot de passe|identifiants(?: bancaires)?|numero de securite sociale)")
# Spanish, German and French verbs in forms that are not also English words ("indicates", "sender", "entre")
ASK = (r"(?:send|give|share|tell|provide|enter|type|input|submit|confirm|verify|read out|read (?:me|us)|reply with|respond with|"
       r"(?:text|dm|message|email) (?:me|us)|write down|key in|fill in|let me know|let me have|upload|paste|"
       r"envia\w*|mandame|manda|dame|dime|comparte\w*|indica(?:me|nos)?|escribe\w*|confirma(?:me|nos)?|introduce (?:tu|su)|"
       r"introduzca|facilita(?:me|nos)?|proporciona\w*|"
       r"schick\w*|sende[nt]?|gib|geben sie|nenn\w*|teil\w*|bestatig\w*|tipp\w*|verrat\w*|"
       r"envoie\w*|envoyez|envoyer|donne\w*|communique[sz]?|indique[sz]?|confirme[sz]?|saisi\w*|entrez|tapez|transmet\w*|partage\w*)")
NEED = (r"(?:(?:i|we)(?:'ll| will| would)?\s+(?:just\s+|really\s+|only\s+|still\s+|also\s+|first\s+)?(?:need|require|must have)|need you to \w+|may i have|can i have|could i have|"
        r"can i get|could i get|can you (?:tell|give|send|share)|ask(?:ing)? (?:you )?for|"
        r"necesito|necesitamos|cual es|ich brauche|wir brauchen|benotige\w*|wie lautet|j'?ai besoin|nous avons besoin|quel est)")
REQUEST = re.compile(rf"\b(?:(?P<ask>{ASK})|{NEED})\b[^.!?\n]{{0,60}}?\b{CREDENTIAL}\b"
                     rf"|\bwhat(?:'s| is| are)\s+(?:your|the)?\s*(?:\w+\s+){{0,2}}?{CREDENTIAL}\b"
                     rf"|\b{CREDENTIAL}\b[^.!?\n]{{0,40}}\b(?:please|por favor|bitte|s'il (?:te|vous) plait)\b")
NEGATION = re.compile(r"\b(?:never|not|don'?t|do not|won'?t|will not|no one|nobody|shouldn'?t|no|nunca|jamas|nadie|nie|niemals|"
                      r"nicht|kein\w*|niemandem|jamais|personne|aucun\w*|ne)\b|\bn'")
TRAILING_NEGATION = re.compile(r"^(?:\S+\s+)?(?:nicht|nie|niemals|niemandem|jamais)\b")  # "teile deine PIN nicht"
CLAUSE = re.compile(r"[,;:\u2013\u2014]|\s-\s")
APP = re.compile(r"\b(?:app|application|screen|field|box|page|portal|settings|form|atm|machine|terminal|keypad|device|browser)\b")
FIRST_PERSON = re.compile(r"\b(?:i|we|i'll|we'll|i've|we've|i'm|we're|i can|we can|i will|we will|i have|we have)\s*$")
NEW = re.compile(r"\b(?:new|nueva|nuevo|neue[sn]?|nouveau|nouvelle)\b")  # "enter a new password" sets one up in an app


def _helpline_allow_list() -> tuple[set[str], set[str]]:
    hosts, numbers = set(), set()
    for line in [*helplines_for(None), *(h for lines in HELPLINES.values() for h in lines)]:
        if line.url:
            hosts.add(urlsplit(line.url).hostname.removeprefix("www."))
        numbers |= {re.sub(r"\D", "", m.group(0)) for m in PHONE.finditer(line.contact)}
    return hosts, numbers


ALLOWED_HOSTS, ALLOWED_NUMBERS = _helpline_allow_list()


def _host(url: str) -> str:
    url = re.sub(r"\s*(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)|\{dot\}|\s+dot\s+)\s*", ".", url, flags=re.IGNORECASE)
    try:
        host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
    except ValueError:
        return url
    return host.lower().removeprefix("www.")


def links(text: str) -> str | None:
    """The first URL whose host is not a helpline's."""
    for pattern in URLS:
        for match in pattern.finditer(text):
            if re.search(r"\.[A-Z][a-z]+$", match.group(0)):
                continue  # "... right here.Live ..." is a missing space after a full stop
            if _host(match.group(0).rstrip(".,;:!?")) not in ALLOWED_HOSTS:
                return match.group(0)
    return None


def contacts(raw: str) -> str | None:
    """An email, a phone number that is not a helpline's, or a card/IBAN/SSN number."""
    email = EMAIL.search(raw)
    if email:
        return email.group(0)
    for match in PHONE.finditer(raw):
        digits = re.sub(r"\D", "", match.group(0))
        cued = match.group(0).lstrip().startswith(("+", "(")) or PHONE_CUE.search(raw[:match.start()].lower())
        if 7 <= len(digits) <= 15 and cued and digits not in ALLOWED_NUMBERS:
            return match.group(0).strip()
    numbers = [f for f in find_pii(raw) if f.entity in ("CREDIT_CARD", "IBAN", "US_SSN")]
    return numbers[0].text if numbers else None


def credential_request(texts: tuple[str, ...]) -> str | None:
    """The first request for a secret; warnings and first-person statements are skipped."""
    for text in texts:
        for match in REQUEST.finditer(text):
            clause = CLAUSE.split(text[:match.start()])[-1]  # "Don't worry, send me your PIN" is still a request
            governing = " ".join([*clause.split()[-3:], match.group(0)])
            if NEGATION.search(governing) or TRAILING_NEGATION.search(text[match.end():].lstrip()) or NEW.search(match.group(0)):
                continue
            if match.group("ask") and FIRST_PERSON.search(clause):
                continue  # "I can confirm your password was changed"
            if match.group("ask") in ("enter", "type", "input", "key in", "fill in") and APP.search(text):
                continue  # typing it into the app or the ATM, not to us
            return match.group(0)
    return None
