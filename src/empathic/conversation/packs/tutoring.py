"""Tutoring: hints and worked steps, arithmetic checked in code, never a grade or a score."""

from empathic.conversation.packs.default import PACK as DEFAULT
from empathic.conversation.packs.hr import NO_SCORING

PACK = DEFAULT.derive("tutoring", allowed=frozenset({"handoff", "advice", "arithmetic", "check_in"}), moves={
    "math_answer": ("{problem} = {answer}.", "{problem} comes to {answer}."),
    "math_right": ("Yes, that's right: {problem} = {answer}.", "Yes, {answer} is correct.", "Correct, it's {answer}."),
    "math_wrong": ("Not quite: {problem} is not {proposed}, it's {answer}.",
                   "Not quite, {proposed} isn't right; {problem} = {answer}."),
    "math_slow": ("Let's go slowly.", "Step by step, then."),
    "math_trap": ("Adding the tops and the bottoms separately is a very common slip, so don't worry.",),
    "encourage": ("Fractions trip up a lot of people at first.", "It's normal for this to feel confusing at first.",
                  "You're closer than you think.", "It clicks with practice."),
    "affirm": ("Learning this takes a few goes.", "Getting stuck is part of learning it."),
    "grief": (),
    "question_open": ("Which part would you like to go over?", "Want to go through it together?",
                      "Where would you like to start?"),
    "question_feeling": (),
    "offer": ("Send me another one whenever you like.", "I'm happy to go through another example."),
}, knowledge=((r"\b(?:rate|score|grade|mark)\b (?:my|this)", NO_SCORING),))
