"""Contextual memory: facts the user states, recalled later by name or meaning.

Facts are pulled from user turns with patterns (names of people and pets,
upcoming events, preferences, work, home) and kept with the turn they came
from, so the 40th turn can still refer to the 3rd. ``recall`` finds the facts
relevant to a new turn: by shared words first, then by sentence-embedding
similarity when the shipped encoder is available. People carry a status (alive, deceased,
ex, pet; ``persons.py``) so that nothing asks after the dead or an ex, and an unnamed
relation ("My mum passed away") is kept, to be named later ("Her name was Margaret").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from empathic.conversation import persons

RELATIONS = (r"dog|cat|puppy|kitten|pet|horse|rabbit|bird|hamster|sister|brother|mom|mum|mother|dad|father|son|"
             r"daughter|wife|husband|partner|boyfriend|girlfriend|friend|best friend|grandma|grandmother|grandpa|"
             r"grandfather|boss|manager|teacher|roommate|baby|kid|cousin|aunt|uncle|therapist|coworker|colleague|"
             r"ex-girlfriend|ex-boyfriend|ex-wife|ex-husband|ex|flatmate")
NAME = r"([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
PATTERNS = (
    ("name", "user", re.compile(rf"\b(?i:my name is|my name's|call me)\s+{NAME}")),
    ("name", "user", re.compile(rf"\b(?:I'm|I am|Im)\s+{NAME}\b(?=[.,!]|\s+(?:and|here|by the way))")),
    ("relation", None, re.compile(rf"\b[Mm]y\s+(?:late\s+)?({RELATIONS})(?:'s name is|\s+is called|\s+is named|\s+named|\s+called|,)\s+{NAME}")),
    ("relation", None, re.compile(rf"\b[Mm]y\s+(?:late\s+)?({RELATIONS})\s+{NAME}\b")),
    ("relation", None, re.compile(rf"\b{NAME},\s+my\s+({RELATIONS})\b")),
    ("relation", None, re.compile(rf"\b[Mm]y\s+(?:late\s+)?({RELATIONS})\b(?!\s+(?:{NAME}|'s|is called|is named|named|called|,))")),
    ("event", None, re.compile(r"\b(?:I have|I've got|I got|there's|my)\s+(?:a|an|my|the)?\s*"
                               r"(exam|test|interview|appointment|surgery|operation|presentation|meeting|date|wedding|"
                               r"funeral|deadline|trip|flight|move|review|hearing|audition|game|match|recital|court date)"
                               r"\s*((?:is\s+)?(?:on|this|next|tomorrow|tonight|in)\b[\w\s]{0,20})?", re.IGNORECASE)),
    ("preference", "likes", re.compile(r"\bI (?:really |just )?(?:like|love|enjoy|adore)\s+([a-z][\w\s'-]{2,30}?)(?=[.,!?]|$| and | but )", re.IGNORECASE)),
    ("preference", "dislikes", re.compile(r"\bI (?:really |just )?(?:hate|can't stand|dislike|don't like)\s+([a-z][\w\s'-]{2,30}?)(?=[.,!?]|$| and | but )", re.IGNORECASE)),
    ("work", "job", re.compile(r"\bI (?:work as|am working as|'m working as)\s+(?:a |an )?([a-z][\w\s-]{2,30}?)(?=[.,!?]|$| and | but | at )", re.IGNORECASE)),
    ("home", "lives in", re.compile(rf"\bI live in\s+{NAME}")),
)
NOT_NAMES = {"So", "Just", "Not", "Really", "Very", "Sorry", "Fine", "Good", "Okay", "Ok", "Happy", "Sad", "Tired",
             "The", "And", "But", "Feeling", "Going", "Here", "Still", "Always", "Never", "Also", "Too"}


@dataclass
class Fact:
    kind: str  # name, relation, event, preference, work, home
    subject: str  # "user", "dog", "exam", "likes" ...
    value: str  # "Sam", "Biscuit", "on Friday" ...
    turn: int
    source: str  # the sentence it came from
    status: str = ""  # people: alive | deceased | ex | pet (persons.py); "" for other facts

    def describe(self) -> str:
        if self.kind == "relation":
            return f"your {self.subject} {self.value}".rstrip()
        if self.kind == "event":
            return f"your {self.subject}" + (f" {self.value}" if self.value else "")
        if self.kind == "name":
            return self.value
        return f"{self.subject} {self.value}"

    def to_dict(self) -> dict:
        return asdict(self)


def _sentence_of(text: str, position: int) -> str:
    start = max(text.rfind(mark, 0, position) for mark in ".!?\n") + 1
    ends = [i for i in (text.find(mark, position) for mark in ".!?\n") if i >= 0]
    return text[start:min(ends) + 1 if ends else len(text)].strip()


def extract_facts(text: str, turn: int) -> list[Fact]:
    facts = []
    for kind, subject, pattern in PATTERNS:
        for match in pattern.finditer(text):
            groups = [g for g in match.groups() if g is not None]
            if kind == "relation" and len(groups) == 1:  # a relation not named (yet): "My mum passed away"
                sentence = _sentence_of(text, match.start())
                facts.append(Fact("relation", groups[0].lower(), "", turn, sentence,
                                  persons.status_in(sentence, groups[0])))
            elif kind == "relation":
                relation, name = (groups[1], groups[0]) if pattern.pattern.startswith(r"\b" + NAME) else (groups[0], groups[1])
                name = name.split()[0] if name.split()[-1] in NOT_NAMES else name
                if name in NOT_NAMES:
                    continue
                sentence = _sentence_of(text, match.start())
                facts.append(Fact("relation", relation.lower(), name, turn, sentence,
                                  persons.status_in(sentence, relation)))
            elif kind == "event":
                facts.append(Fact("event", groups[0].lower(), (groups[1] if len(groups) > 1 else "").strip(), turn, match.group(0)))
            elif kind == "name":
                if groups[0].split()[0] not in NOT_NAMES:
                    facts.append(Fact("name", "user", groups[0].split()[0], turn, match.group(0)))
            else:
                facts.append(Fact(kind, subject, groups[0].strip(), turn, match.group(0)))
    return facts


class Memory:
    """Facts of one session (and, through the profile, of earlier ones)."""

    def __init__(self, facts: list[Fact] | None = None):
        self.facts: list[Fact] = list(facts or [])

    def add(self, text: str, turn: int) -> list[Fact]:
        new = []
        for fact in extract_facts(text, turn):
            same = [f for f in self.facts if f.kind == fact.kind and f.subject == fact.subject]
            if fact.kind == "relation":
                unnamed = [f for f in same if not f.value]
                if not fact.value and same:  # mentioned again without a name: only its status may change
                    self._restatus(same[-1], fact.status)
                    continue
                if unnamed:  # "my mum passed away" ... "my mum Rosa": the same person
                    unnamed[-1].value, unnamed[-1].turn = fact.value, fact.turn
                    self._restatus(unnamed[-1], fact.status)
                    continue
                if any(f.value == fact.value for f in same):
                    self._restatus(next(f for f in same if f.value == fact.value), fact.status)
                    continue
            if fact.kind in ("name", "relation", "work", "home") and same:
                if fact.kind == "relation" and all(f.value != fact.value for f in same):
                    self.facts.append(fact)  # two friends, two dogs
                    new.append(fact)
                    continue
                for f in same:
                    f.value, f.turn, f.source = fact.value, fact.turn, fact.source
                continue
            self.facts.append(fact)
            new.append(fact)
        self._people_news(text, turn, new)
        return new

    @staticmethod
    def _restatus(fact: Fact, status: str) -> None:
        """A person's status only moves away from alive (a death, a break-up), never back by itself."""
        if status in (persons.DECEASED, persons.EX) or not fact.status:
            fact.status = status

    def _people_news(self, text: str, turn: int, new: list[Fact]) -> None:
        """Names given after the fact, and deaths told by name ("Biscuit died", "we lost Aldric")."""
        people = [f for f in self.facts if f.kind == "relation"]
        for match in persons.NAMED_LATER.finditer(text):
            pronoun, name = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
            unnamed = [f for f in people if not f.value and persons.fits_pronoun(f.subject, pronoun)]
            if unnamed and name not in NOT_NAMES:
                unnamed[-1].value = name
        for pattern in (persons.NAMED_DIED, persons.LOST_NAMED):
            for match in pattern.finditer(text):
                name = match.group(1)
                if name in NOT_NAMES:
                    continue
                known = [f for f in people if f.value == name]
                if known:
                    known[-1].status = persons.DECEASED
                else:
                    fact = Fact("relation", "someone", name, turn, _sentence_of(text, match.start()), persons.DECEASED)
                    self.facts.append(fact)
                    new.append(fact)

    def person(self, relation: str) -> Fact | None:
        """The person the user calls "my <relation>" (mum and mom are one), the latest first."""
        wanted = persons.canonical(relation)
        matches = [f for f in self.facts if f.kind == "relation" and persons.canonical(f.subject) == wanted]
        return matches[-1] if matches else None

    def get(self, kind: str, subject: str | None = None) -> Fact | None:
        matches = [f for f in self.facts if f.kind == kind and (subject is None or f.subject == subject)]
        return matches[-1] if matches else None

    def recall(self, text: str, limit: int = 3, encoder=None) -> list[Fact]:
        """Facts that the new text is about: shared words, else embedding similarity >= 0.45."""
        lowered = text.lower()
        hits = [f for f in self.facts if f.value and f.value.lower() in lowered or re.search(rf"\b{re.escape(f.subject)}\b", lowered)
                and f.kind in ("relation", "event")]
        if not hits and encoder is not None and self.facts:
            vectors = encoder.encode([text] + [f.source for f in self.facts])
            similarity = vectors[1:] @ vectors[0]
            hits = [self.facts[i] for i in similarity.argsort()[::-1] if similarity[i] >= 0.45]
        return hits[:limit]

    def to_list(self) -> list[dict]:
        return [f.to_dict() for f in self.facts]

    @classmethod
    def from_list(cls, items: list[dict]) -> "Memory":
        known = Fact.__dataclass_fields__
        return cls([Fact(**{k: v for k, v in item.items() if k in known}) for item in items])
