"""The guard: every reply, generated or not, is checked before it is sent.

Checks: no invalidating phrasing ("calm down", "at least", "you shouldn't
feel"), no manipulation (guilt, false urgency, dependence), no claim to be
human or a licensed professional, no secrecy promises or self-harm method
talk, a sane length, the emotion acknowledged when the plan asks for it, and
the reply in the user's language. A failing reply is replaced by the template
realizer's (``Agent`` does that); the violations are kept for transparency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from empathic.safety.crisis import guess_language

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


@dataclass
class GuardResult:
    ok: bool
    violations: list[str] = field(default_factory=list)


def check_reply(reply: str, plan=None, user_text: str | None = None) -> GuardResult:
    violations = []
    if not isinstance(reply, str) or not reply.strip():
        return GuardResult(False, ["empty reply"])
    for name, pattern in (("invalidating", INVALIDATING), ("manipulative", MANIPULATIVE),
                          ("claims to be human or a professional", HUMAN_CLAIMS), ("unsafe", UNSAFE)):
        match = pattern.search(reply)
        if match:
            violations.append(f"{name}: {match.group(0)!r}")
    words = len(reply.split())
    low, high = LENGTH_LIMITS.get(plan.tone.length if plan else "medium", (3, 110))
    if not low <= words <= high + 40:
        violations.append(f"length: {words} words")
    if plan is not None and plan.acknowledge_emotion and not ACKNOWLEDGES.search(reply):
        violations.append("does not acknowledge the emotion the plan asked for")
    if user_text and len(user_text.split()) >= 4 and len(reply.split()) >= 4:
        user_language, reply_language = guess_language([user_text]), guess_language([reply])
        if user_language != reply_language:
            violations.append(f"language: reply in {reply_language}, user wrote {user_language}")
    if re.search(r"<\|?(?:system|im_start|im_end)|\[/?INST\]|^system:", reply, re.IGNORECASE | re.MULTILINE):
        violations.append("leaks prompt markup")
    return GuardResult(not violations, violations)
