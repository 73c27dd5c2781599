"""Who the people a user names are to them now: alive, deceased, an ex, or a pet.

A reply must never ask after the dead or an ex ("Is Margaret doing any better?" about a late
mother), so every person in memory carries a status read from the sentence that names them
("My mum passed away", "my ex Chloe", "Chloe broke up with me"), and a later sentence can
change it ("Biscuit died this morning"). A person named after the fact ("Her name was
Rosa") takes the name into the unnamed relation the pronoun points to.
"""

from __future__ import annotations

import re

ALIVE, DECEASED, EX, PET = "alive", "deceased", "ex", "pet"
PETS = {"dog", "cat", "puppy", "kitten", "pet", "horse", "rabbit", "bird", "hamster"}
FEMALE = {"mum", "mom", "mother", "sister", "wife", "girlfriend", "daughter", "grandma", "grandmother", "aunt"}
MALE = {"dad", "father", "brother", "husband", "boyfriend", "son", "grandpa", "grandfather", "uncle"}
SAME = {"mom": "mum", "mother": "mum", "father": "dad", "grandmother": "grandma", "grandfather": "grandpa",
        "puppy": "dog", "kitten": "cat"}

KIN = (r"(?:mum|mom|mother|dad|father|sister|brother|wife|husband|partner|son|daughter|grandma|grandmother|grandpa|"
       r"grandfather|aunt|uncle|cousin|friend|best friend|baby|dog|cat|horse|pet)")
DEATH = re.compile(r"\b(?:passed away|passed on|passed last|died|has died|is dead|was killed|funeral|"
                   r"(?:was )?put (?:to sleep|down)|lost (?:him|her|them)|no longer with us|rest in peace|"
                   rf"lost (?:my|our) (?:\w+ )?{KIN})\b", re.I)
LATE = re.compile(r"\bmy late\s+(\w+)", re.I)
BREAKUP = re.compile(r"\b(?:broke up|broken up|dumped|split up|divorc\w*|left me|ended (?:it|things)|cheated on me)\b", re.I)
EX_WORD = re.compile(r"\bmy ex(?:-| )?(?:girlfriend|boyfriend|wife|husband|partner)?\b", re.I)
NAME = r"([A-Z][a-z]+)"
NAMED_LATER = re.compile(rf"\b((?i:her|his|their))\s+name\s+(?:was|is)\s+{NAME}|\b((?i:she|he|they))\s+(?:was|is)\s+called\s+{NAME}")
LOST_NAMED = re.compile(rf"\b(?i:we|I)\s+(?:lost|buried)\s+{NAME}\b")
NAMED_DIED = re.compile(rf"\b{NAME}\s+(?:passed away|died|has died|is dead|was put down|was killed)\b")


def canonical(relation: str) -> str:
    relation = relation.lower()
    return SAME.get(relation, relation)


def status_in(sentence: str, relation: str) -> str:
    """The status a sentence that names ``relation`` gives that person."""
    late = LATE.search(sentence)
    if DEATH.search(sentence) or (late and canonical(late.group(1)) == canonical(relation)):
        return DECEASED
    if relation.startswith("ex") or EX_WORD.search(sentence) or BREAKUP.search(sentence) and relation in (
            "girlfriend", "boyfriend", "wife", "husband", "partner"):
        return EX
    return PET if canonical(relation) in PETS else ALIVE


def fits_pronoun(relation: str, pronoun: str) -> bool:
    pronoun = pronoun.lower()
    if pronoun in ("her", "she"):
        return canonical(relation) not in MALE
    if pronoun in ("his", "he"):
        return canonical(relation) not in FEMALE
    return True


def can_check_in(fact) -> bool:
    """Whether a reply may ask after this person: alive people and living pets only."""
    return fact.kind == "relation" and bool(fact.value) and getattr(fact, "status", ALIVE) in (ALIVE, PET, "")
