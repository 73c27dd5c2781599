"""Dialogue act of a turn: reviewed patterns first, then a learned head.

Acts (``ACTS``): statement, question, request, complaint, thanks, greeting,
goodbye, handoff_request, advice_request, correction.

Order of the rules (the first that matches wins): handoff_request, correction,
complaint, thanks (not when the turn reads sarcastic), goodbye, greeting,
advice_request. Otherwise the learned head (``models/act``, a logistic
regression on the frozen encoder's features, trained on DailyDialog's
inform/commissive -> statement, question -> question, directive -> request)
chooses statement, question or request; "can/could/would you <verb>" is a
request; a request needs a request marker (please, an imperative verb first,
"can you", "I'd like"...) or it is a statement; a turn ending in "?" that the
head calls a statement is a question.

A complaint is a problem the person blames on someone: a strong verdict word
("ridiculous", "unacceptable", "worst", "useless", "fed up"), or a blame
pattern ("you lost", "nobody ever calls back", "still not", "AGAIN",
"charged twice") together with a service/problem word or an emotional sign
(emphatic punctuation, capitals, a negative emotion reading >= 0.3).
"""

from __future__ import annotations

import re

import numpy as np

ACTS = ("statement", "question", "request", "complaint", "thanks", "greeting", "goodbye",
        "handoff_request", "advice_request", "correction")

_I = re.IGNORECASE
HANDOFF = re.compile(
    r"\b(?:(?:speak|talk|chat)\s+(?:to|with)\s+(?:a|an|the|your|some)?\s*(?:real|actual|live|human|proper)?\s*"
    r"(?:person|human|agent|manager|supervisor|someone|somebody|representative|rep|operator)\b"
    r"|get\s+me\s+(?:a|an|the|your)?\s*(?:real\s+|actual\s+|live\s+)?(?:human|person|manager|supervisor|agent|operator)"
    r"|transfer\s+me|put\s+me\s+through|connect\s+me\s+(?:to|with)|escalate\s+(?:this|my)"
    r"|(?:real|actual|live)\s+(?:person|human)\b|human\s+(?:agent|being|please)|i\s+want\s+a\s+human"
    r"|(?:let\s+me|can\s+i|could\s+i|i\s+(?:want|need)\s+to)\s+(?:speak|talk)\s+to\s+(?:someone|somebody|a\s+manager|your\s+manager))",
    _I)
CORRECTION = re.compile(
    r"^\s*(?:(?:no|nope|nah|sorry|actually|wait|oops)[,.!]*\s+)?(?:i\s+(?:meant|mean|said)\b(?!\s+(?:it|that)\s+(?:was|is)\s+fine)"
    r"|what\s+i\s+(?:meant|said|mean)\b|that'?s\s+not\s+what\s+i\s+(?:said|meant|asked)|you\s+misunderstood"
    r"|not\s+\w+(?:\s+\w+)?\s*,\s*(?:but\s+)?\w+)"
    r"|^\s*(?:no|nope)[,.!]+\s+(?:it'?s|it\s+is|the|my|i'?m|it\s+was)\b"
    r"|,\s*not\s+(?:the\s+|my\s+|a\s+)?\w+[.!]?\s*$",
    _I)
THANKS = re.compile(r"\b(?:thanks|thank\s+you|thank\s+u|thx|ty|cheers|much\s+appreciated|appreciate\s+(?:it|that|you|your))\b", _I)
GREETING = re.compile(r"^\s*(?:hi|hello|hey|hiya|howdy|greetings|yo|good\s+(?:morning|afternoon|evening)|morning|evening)\b"
                      r"(?:\s+(?:there|all|everyone|again|team))?[\s,.!]*(?:how\s+are\s+you(?:\s+(?:doing|today))?[?.!]*)?\s*\S{0,12}\s*$", _I)
GOODBYE = re.compile(r"\b(?:bye|goodbye|good\s*bye|see\s+(?:you|ya)|talk\s+(?:to\s+you\s+)?(?:later|soon|tomorrow)|good\s*night"
                     r"|have\s+a\s+(?:good|nice|great|lovely)\s+(?:day|night|one|weekend|evening)|take\s+care|that'?s\s+all"
                     r"|catch\s+you\s+later|gotta\s+go|i'?m\s+off)\b", _I)
ADVICE = re.compile(
    r"\b(?:what\s+should\s+i|should\s+i\b|what\s+(?:would|do)\s+you\s+(?:do|suggest|recommend|advise)|any\s+(?:advice|tips|suggestions|ideas)"
    r"|how\s+(?:can|do|should|could)\s+i\s+(?:deal|cope|handle|get\s+better|stop|improve|manage|study|prepare|learn|fix|get\s+over|talk\s+to|tell)"
    r"|(?:can|could)\s+you\s+(?:give\s+me\s+)?(?:advise|recommend|suggest|give\s+me\s+(?:some\s+)?(?:advice|tips))"
    r"|(?:need|want|looking\s+for)\s+(?:some\s+)?(?:advice|tips|guidance)|what'?s\s+the\s+best\s+way\s+to|is\s+it\s+(?:a\s+good\s+idea|ok(?:ay)?)\s+to)\b",
    _I)
VERDICT = re.compile(
    r"\b(?:ridiculous|unacceptable|useless|worst|pathetic|incompetent|disgrace(?:ful)?|scam|rip[- ]?off|joke|fed\s+up|sick\s+of|"
    r"had\s+enough|tired\s+of|terrible\s+(?:service|support|company)|awful\s+(?:service|support)|never\s+again|"
    r"(?:about\s+to|going\s+to|gonna|want\s+to|i'?ll)\s+cancel|cancel(?:ling)?\s+my\s+(?:account|subscription|order|membership))\b", _I)
BLAME = re.compile(
    r"\b(?:you(?:'ve|\s+have|\s+guys)?\s+(?:lost|broke|ruined|messed|screwed|charged|overcharged|forgot|cancell?ed|ignored|keep|never|still|didn'?t|did\s+not|haven'?t|won'?t|can'?t)"
    r"|nobody|no\s+one|no-one|nothing\s+works|still\s+(?:not|no|hasn'?t|haven'?t|doesn'?t|isn'?t|waiting|broken)|again\b|twice|"
    r"where\s+(?:is|the\s+hell\s+is|'s)\s+my|why\s+(?:is|does|do|did|are|can'?t|won'?t|hasn'?t|haven'?t|isn'?t)|"
    r"(?:doesn'?t|does\s+not|isn'?t|not|never)\s+(?:work|working|arrived|arrive|came|showed|delivered|responding|answer)|"
    r"broken|wrong\s+(?:item|order|size|address|charge)|(?:on\s+)?hold\s+for|waiting\s+for\s+(?:hours|days|weeks|ages)|"
    r"for\s+(?:hours|days|weeks)|been\s+waiting|ruin(?:ed|ing))", _I)
PROBLEM = re.compile(
    r"\b(?:refund|package|parcel|order|delivery|charged?|bill(?:ed|ing)?|account|subscription|support|service|agent|company|"
    r"call(?:ed)?\s+back|app|website|product|money|payment|replacement|complaint|manager|hold|shipment|item|invoice|fee|weekend|day)\b", _I)
GRIEVANCE = re.compile(
    r"\b(?:unbelievable|seriously|fix\s+(?:it|this)|you\s+people|(?:times|twice)\s+(?:now|already)|keeps?\s+(?:\w+ing)|"
    r"down\s+for|haven'?t\s+done|nobody\s+told|promised|nothing\.?$|money\s+back|want\s+my\s+money|"
    r"(?:doesn'?t|does\s+not|didn'?t)\s+work|so\s+hard\s+to|another\s+(?:\w+\s+)?(?:fee|charge|delay|email))", re.IGNORECASE | re.MULTILINE)
REQUEST_MARKER = re.compile(
    r"^\s*(?:please|kindly|let'?s|let\s+me|send|cancel|give|tell|show|help|make|check|call|book|change|update|remove|"
    r"add|stop|try|take|get|bring|put|open|close|turn|look|come|go|wait|don'?t|do|sign|email|write|fix|reset|"
    r"explain|repeat|move|hand|pass|sit|hurry|listen|remember|forget|keep|leave|find|buy|pay|order)\b"
    r"|\bplease\b|\b(?:can|could|would|will)\s+you\b|\bi'?d\s+like\b|\bi\s+(?:want|need)\s+(?:you|to|a|the|my)\b"
    r"|\bhow\s+about\b|\bwhy\s+don'?t\s+(?:you|we)\b", re.IGNORECASE)
ASK_TO_DO = re.compile(r"^\s*(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:send|explain|change|help|tell|show|give|"
                       r"check|update|cancel|book|fix|resend|call|repeat|make|do|move|add|remove|reset|email|go)\b", re.IGNORECASE)
EMPHASIS = re.compile(r"[!?]{2,}|\?!|!\?|\b[A-Z]{3,}\b")
NEGATIVE = ("anger", "annoyance", "disappointment", "disapproval", "disgust")


def rule_act(text: str, scores: dict[str, float], sarcasm: float | None, sarcastic: bool) -> str | None:
    """The act named by a reviewed pattern, or None (the learned head decides)."""
    if HANDOFF.search(text):
        return "handoff_request"
    if CORRECTION.search(text):
        return "correction"
    if is_complaint(text, scores, sarcastic):
        return "complaint"
    if THANKS.search(text) and not sarcastic:
        return "thanks"
    words = len(re.findall(r"\w+", text))
    if GOODBYE.search(text) and words <= 10:
        return "goodbye"
    if GREETING.search(text):
        return "greeting"
    if ADVICE.search(text):
        return "advice_request"
    return None


def is_complaint(text: str, scores: dict[str, float], sarcastic: bool) -> bool:
    negative = sum(scores.get(label, 0.0) for label in NEGATIVE)
    emotional = bool(EMPHASIS.search(text)) or negative >= 0.3 or sarcastic
    if VERDICT.search(text):
        return True
    if BLAME.search(text):
        return bool(PROBLEM.search(text)) or emotional or negative >= 0.2
    return bool(GRIEVANCE.search(text)) and (emotional or negative >= 0.1 or bool(PROBLEM.search(text)))


def service_or_emphatic(text: str) -> bool:
    """A complaint about a service (problem word), with a verdict, or emphatic: enough to move the scores."""
    return bool(PROBLEM.search(text) or VERDICT.search(text) or EMPHASIS.search(text))


def learned_act(probabilities: np.ndarray, classes: tuple[str, ...], text: str) -> str:
    act = classes[int(np.argmax(probabilities))]
    if ASK_TO_DO.search(text):
        return "request"
    if act == "request" and not REQUEST_MARKER.search(text):
        act = "statement"
    if act == "statement" and text.rstrip().endswith("?"):
        return "question"
    return act
