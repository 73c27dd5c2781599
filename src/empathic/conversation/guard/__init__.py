"""The guard: every reply, generated or not, is checked before it is sent.

Checks: no invalidating phrasing ("calm down", "at least", "you shouldn't
feel"), no manipulation (guilt, false urgency, dependence), no claim to be
human or a licensed professional, no secrecy promises, a sane length, the
emotion acknowledged when the plan asks for it, and the reply in the user's
language. Against a model that follows injected instructions: no self-harm
method, means or dose (``harm``), no links, contact details or credential
requests (``links``), no persona switch or talk about its instructions
(``persona``), and no run of the prompt it was sent (``overlap``). On meaning
(``meaning``): no repetition loop, no unfinished sentence, no claimed first-hand
experience, no positive opener on a negative turn, no check-in on the dead or an ex. A failing
reply is replaced by the template realizer's (``Agent`` does that); the
violations are kept for transparency, each starting with its category.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from empathic.conversation.guard.harm import method_talk
from empathic.conversation.guard.links import contacts, credential_request, links
from empathic.conversation.guard.meaning import meaning_violations
from empathic.conversation.guard.overlap import prompt_overlap
from empathic.conversation.guard.persona import DAN_CLAIM, LEAK, SWITCH, first_match
from empathic.lang import SUPPORTED, conversation_language, foreign_words
from empathic.safety.normalize import normalize
from empathic.text.language import detect_language

INVALIDATING = re.compile(
    r"\b(?:calm down|relax|at least|you shouldn'?t (?:feel|be)|don'?t (?:be|feel) (?:sad|upset|angry|like that)|"
    r"get over it|it'?s not (?:a )?big deal|look on the bright side|everything happens for a reason|"
    r"others have it worse|stop (?:crying|complaining|worrying)|you'?re overreacting|cheer up|just be positive|"
    r"it could be worse|man up|toughen up)\b", re.IGNORECASE)
MANIPULATIVE = re.compile(
    r"\b(?:only i (?:understand|care about) you|you don'?t need anyone else|you need me|don'?t leave me|"
    r"you'?ll regret|act now|last chance|if you really cared|after all i'?ve done|buy now|limited time|"
    r"no one else will)\b", re.IGNORECASE)
HUMAN_CLAIMS = re.compile(
    r"\b(?:i am|i'?m) (?:a )?(?:human|real person|person|licensed|certified|your (?:therapist|doctor|counsel?lor)|"
    r"a (?:therapist|psychologist|psychiatrist|doctor|counsel?lor|nurse))\b|\bas a (?:human|therapist|doctor|psychologist)\b|"
    r"\bi'?m not (?:an? )?(?:ai|bot|robot|machine)\b", re.IGNORECASE)
UNSAFE = re.compile(
    r"\b(?:i(?:'ll| will) keep (?:it|this|that) (?:a )?secret|i won'?t tell anyone|lethal dose|how to (?:kill|hurt) yourself|"
    r"(?:overdose|hanging|cutting) (?:is|would be) (?:a|the) (?:way|solution|answer))\b", re.IGNORECASE)
ACKNOWLEDGES = re.compile(
    r"\b(?:sounds|seems|sense|imagine|feel|feeling|hear|understand|makes sense|sorry|must be|valid|natural|"
    r"glad|wonderful|great news|lovely|happy|frustrat\w*|upset|hard|difficult)\b", re.IGNORECASE)
LENGTH_LIMITS = {"short": (3, 60), "medium": (3, 110), "long": (3, 170)}
PLACEHOLDER = re.compile(r"<(?:PERSON|EMAIL_ADDRESS|PHONE_NUMBER|CREDIT_CARD|IBAN|US_SSN|IP_ADDRESS|LOCATION)>")
# Cyrillic and Greek look-alikes that NFKC leaves alone ("DАN" with a Cyrillic А)
CONFUSABLES = str.maketrans("аеорсухіѕјкмтвнАЕОРСУХІЅЈКМТВНοΟαΑνΝ", "aeopcyxisjkmtbhAEOPCYXISJKMTBHooaAvN")
OUTPUT_CATEGORIES = ("self-harm method", "link", "contact details", "credential request", "persona switch", "prompt leak")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\ufeff]")
_SENTENCE = re.compile(r"(?<=[.!?;:\n])\s+")


@dataclass
class GuardResult:
    ok: bool
    violations: list[str] = field(default_factory=list)

    @property
    def withheld(self) -> bool:
        """Whether the reply held something not to show anyone: a method, a link, a persona, the prompt."""
        return any(v.startswith(OUTPUT_CATEGORIES) for v in self.violations)

    def named(self) -> list[str]:
        """The violations, those of ``withheld`` cut to their category."""
        return [v.split(":")[0] if v.startswith(OUTPUT_CATEGORIES) else v for v in self.violations]


def _folds(reply: str) -> tuple[str, str, str]:
    """The reply with look-alikes folded; also lowercased without accents; also fully normalised (leetspeak too)."""
    plain = unicodedata.normalize("NFKC", _ZERO_WIDTH.sub("", reply).translate(CONFUSABLES))
    light = "".join(ch for ch in unicodedata.normalize("NFKD", plain.lower()) if not unicodedata.combining(ch))
    return plain, light.replace("\u2019", "'").replace("\u2018", "'"), normalize(plain)


def _span(pattern: re.Pattern, text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None


def output_violations(reply: str, messages: list[dict] | None = None) -> list[str]:
    """What a model that follows injected instructions might send: harm, phishing, persona, leaks."""
    plain, light, full = _folds(reply)
    spans = {"self-harm method": method_talk(_SENTENCE.split(full)),
             "link": links(plain),  # not the leet-folded text: it squeezes "www" to "w"
             "contact details": contacts(plain),
             "credential request": credential_request((light, full)),
             "persona switch": first_match(SWITCH, full) or _span(DAN_CLAIM, plain),
             "prompt leak": first_match(LEAK, full)}
    found = [f"{category}: {span!r}" for category, span in spans.items() if span]
    overlap = prompt_overlap(reply, messages)
    if overlap:
        found.append(f"prompt leak: {overlap}")
    if PLACEHOLDER.search(reply):  # a remote model echoed a redaction placeholder that could not be filled back
        found.append(f"unfilled redaction placeholder: {_span(PLACEHOLDER, reply)!r}")
    return found


def language_violation(reply: str, user_text: str | None, language: str | None) -> str | None:
    """The reply must be in the conversation's language. Function words decide, so a short reply
    ("Lo siento mucho.") passes and English frames around the user's words ("It sounds like you're
    feeling triste") do not; a user's language with no reply folder cannot be checked here."""
    if language is None:
        if not user_text or len(user_text.split()) < 3:
            return None  # too short to tell what the user writes in
        # the detector's guess, kept only where the turn's own function words agree (a short English
        # question such as "How long does a refund usually take?" can read as Portuguese)
        language = conversation_language(None, detect_language(user_text), user_text)
    if language not in SUPPORTED:
        return None
    other = foreign_words(reply, language)
    return f"language: reply in {other}, the conversation is in {language}" if other else None


def check_reply(reply: str, plan=None, user_text: str | None = None, messages: list[dict] | None = None, *,
                turn_negative: bool | None = None, memory=None, language: str | None = None) -> GuardResult:
    """``messages`` is the prompt the model was sent, when it was: a reply may not repeat it.
    ``turn_negative``: whether the user's turn sounds negative (then no positive opener);
    ``memory``: the session's ``Memory`` (then no check-in on a deceased person or an ex);
    ``language``: the conversation's language (ISO 639-1), when known; else the user's text tells."""
    violations = []
    if not isinstance(reply, str) or not reply.strip():
        return GuardResult(False, ["empty reply"])
    for name, pattern in (("invalidating", INVALIDATING), ("manipulative", MANIPULATIVE),
                          ("claims to be human or a professional", HUMAN_CLAIMS), ("unsafe", UNSAFE)):
        match = pattern.search(reply)
        if match:
            violations.append(f"{name}: {match.group(0)!r}")
    violations += output_violations(reply, messages)
    violations += meaning_violations(reply, turn_negative, memory, user_text)
    words = len(reply.split())
    low, high = LENGTH_LIMITS.get(plan.tone.length if plan else "medium", (3, 110))
    if not low <= words <= high + 40:
        violations.append(f"length: {words} words")
    if plan is not None and plan.acknowledge_emotion and language in (None, "en") and not ACKNOWLEDGES.search(reply):
        violations.append("does not acknowledge the emotion the plan asked for")
    wrong = language_violation(reply, user_text, language)
    if wrong:
        violations.append(wrong)
    if re.search(r"<\|?(?:system|im_start|im_end)|\[/?INST\]|^system:", reply, re.IGNORECASE | re.MULTILINE):
        violations.append("leaks prompt markup")
    return GuardResult(not violations, violations)
