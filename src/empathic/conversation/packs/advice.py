"""Advice a person can act on, by topic: the answer to "what should I do?" (not another question).

Each line is a whole sentence that starts with something to do. The topic is read from the
request itself first, then from the conversation so far.
"""

from __future__ import annotations

import re

ADVICE: tuple[tuple[re.Pattern, tuple[str, ...]], ...] = tuple((re.compile(p, re.I), lines) for p, lines in (
    (r"panic|anxiety attack|can'?t breathe", (
        "Try slow breathing when it starts: in for four counts, out for six, until it eases.",
        "It can help to name five things you can see around you; it pulls your attention back into the room.",
        "If it keeps happening, a GP can help; panic attacks are common and very treatable.")),
    (r"\bsleep|insomnia|\bbed\b|night before", (
        "Try putting your phone away an hour before bed and keeping the room cool and dark.",
        "It can help to write tomorrow's worries on paper before bed, so your mind doesn't have to hold them.",
        "If you're still awake after twenty minutes, try getting up and doing something quiet until you feel sleepy.",
        "Slow breathing helps many people: try breathing in for four counts and out for six.")),
    (r"\brevis|\bstudy|\bexam\b|\btest\b|homework", (
        "Try short blocks of 25 minutes with a five-minute break, testing yourself rather than rereading.",
        "Start with past papers or practice questions: they show quickly what you know and what you don't.",
        "It can help to explain a topic out loud as if you were teaching it; the gaps show up fast.",
        "The night before, a light review and a proper sleep do more than cramming late.")),
    (r"tell (?:him|her|them) how I feel|talk to (?:him|her|them)\b|how I feel", (
        "Try saying it plainly at a calm moment, starting from how it is for you rather than what they do.",
        "It can help to name one worry and one thing you'd like, rather than everything at once.",
        "You could ask how it looks from their side too; it makes it a conversation rather than a verdict.")),
    (r"\bbroke up|\bbreak ?up|\bmy ex\b|stop thinking about|\binstagram|miss having|left me|divorc|marriage|"
     r"weekend alone|\balone\b", (
        "Try muting their accounts for a while; every check reopens it.",
        "It can help to plan the evenings that feel emptiest, even with something small.",
        "You could give the thoughts a set time each day instead of fighting them all day.",
        "Try telling one friend how it really is, rather than how you think it should be by now.")),
    (r"laid off|\bfired\b|lost (?:my|the) job|redundan|\bjob\b|career|company|design", (
        "Start with the practical things: your final pay, any severance, and what support you can claim.",
        "Try giving yourself a day to rest before you start applying; decisions go better after that.",
        "You could write down what you want from the next role before you update your CV.",
        "It can help to tell a few people you trust that you're looking; many jobs come through people.")),
    (r"\bshould I\b.*\b(?:move|quit|leave|go|stay)\b|\bmove out\b", (
        "Try one direct conversation first; if nothing changes after it, you'll know it's time to start looking.",
        "It can help to write down what would have to change for you to stay, and give it a set time.",
        "You could ask yourself what you'd tell a friend in the same spot.")),
    (r"flatmate|roommate|housemate|colleague|coworker|\bboss\b|manager|keeps|forgets", (
        "Try talking to them at a calm moment, with one specific example and what you'd like instead.",
        "It can help to agree one simple rule together rather than argue about each time it happens.",
        "If talking doesn't change anything, you could put it in writing so it's clear to both of you.",
        "Start by deciding exactly what you want to change; it keeps the conversation short.")),
    (r"overwhelm|workload|stress|too much|deadline", (
        "Try writing down everything on your plate, then pick the one thing that matters most this week.",
        "It can help to ask your manager which tasks come first, so the choice isn't yours alone.",
        "Start with one small task you can finish today; it makes the rest feel more possible.")),
    (r"passed away|\bdied\b|grie|funeral|\blost\b", (
        "It can help to keep a small ritual for them, like cooking one of their recipes.",
        "Try telling one person who knew them how you're really doing; shared memories help.",
        "Be gentle with yourself on the bad days; they are part of grieving, not a step backwards.")),
))
OPEN_CHOICE = ("That one's your call, but I'm happy to think it through with you.",
               "I'd go with whatever you find yourself smiling at.")
GENERIC = ("Try picking one small, concrete step you can take tomorrow, and do only that.",
           "It can help to write the problem down in two or three sentences; the first step often shows itself.",
           "You could talk it over with someone you trust this week.")


def advice_for(texts: list[str]) -> tuple[str, ...]:
    """Advice lines for the newest text's topic, else an earlier one's, else general ones."""
    for text in reversed(texts):
        for pattern, lines in ADVICE:
            if pattern.search(text):
                return lines
    return GENERIC
