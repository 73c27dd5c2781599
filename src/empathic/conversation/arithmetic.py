"""Arithmetic a learner asks about, worked out exactly in code (``fractions.Fraction``).

A reply must never confirm a wrong answer (1/3 + 1/4 is not 2/7), so sums are parsed from
the learner's words ("what is 1/3 + 1/4", "is it 2/7?", "2/3 - 1/6 = 1/3", "12 * 7"),
computed exactly, and explained in steps; nothing here is left to a language model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

NUMBER = r"-?\d+(?:\s*/\s*\d+)?"
OPERATORS = {"+": "+", "plus": "+", "-": "-", "minus": "-", "*": "*", "x": "*", "×": "*", "times": "*",
             "÷": "/", "divided by": "/"}
OPERATOR = r"(\+|-|\*|×|÷|\bx\b|\bplus\b|\bminus\b|\btimes\b|\bdivided by\b)"
PROBLEM = re.compile(rf"({NUMBER})\s*{OPERATOR}\s*({NUMBER})(?:\s*(?:=|is|equals|makes)\s*({NUMBER}))?", re.I)
PROPOSAL = re.compile(rf"(?:^|\b(?:is it|it's|its|i got|i get|i said|i put|i think it's|i think it is|so it's|answer is|equals|is)|=)"
                      rf"\s*({NUMBER})(?=\s*(?:[?.!,]|$|is that|right|correct|before|earlier|lol))", re.I)
SYMBOL = {"+": "+", "-": "-", "*": "×", "/": "÷"}


def parse(text: str) -> Fraction | None:
    text = text.replace(" ", "")
    if "/" in text:
        top, bottom = text.split("/")
        return Fraction(int(top), int(bottom)) if int(bottom) else None
    return Fraction(int(text))


def show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def as_written(text: str, value: Fraction) -> str:
    """``value`` as the learner wrote it ("3/9", not "1/3": the reply must quote their answer)."""
    for token in re.findall(NUMBER, text):
        if parse(token) == value:
            return token.replace(" ", "")
    return show(value)


@dataclass
class Problem:
    left: str
    operator: str
    right: str

    def values(self) -> tuple[Fraction, Fraction] | None:
        left, right = parse(self.left), parse(self.right)
        return None if left is None or right is None else (left, right)

    def answer(self) -> Fraction | None:
        values = self.values()
        if values is None:
            return None
        a, b = values
        if self.operator == "/":
            return a / b if b else None
        return {"+": a + b, "-": a - b, "*": a * b}[self.operator]

    def text(self) -> str:
        return f"{self.left.replace(' ', '')} {SYMBOL[self.operator]} {self.right.replace(' ', '')}"

    def to_dict(self) -> dict:
        return {"left": self.left, "operator": self.operator, "right": self.right}

    def steps(self) -> list[str]:
        """Worked steps, one sentence each: a common denominator for + and -, else the rule."""
        values, answer = self.values(), self.answer()
        if values is None or answer is None:
            return []
        a, b = values
        if self.operator in "+-" and (a.denominator != 1 or b.denominator != 1):
            common = lcm(a.denominator, b.denominator)
            top_a, top_b = a.numerator * common // a.denominator, b.numerator * common // b.denominator
            joined = top_a + top_b if self.operator == "+" else top_a - top_b
            steps = [f"The bottom numbers are {a.denominator} and {b.denominator}, and the smallest number both go into is {common}.",
                     f"So {show(a)} becomes {top_a}/{common}, and {show(b)} {becomes(b, top_b, common)}.",
                     f"Now {'add' if self.operator == '+' else 'subtract'} the top numbers: {top_a} {SYMBOL[self.operator]} "
                     f"{top_b} = {joined}, which gives {joined}/{common}."]
            if show(answer) != f"{joined}/{common}":
                steps.append(f"That simplifies to {show(answer)}.")
            return steps
        if self.operator == "*" and (a.denominator != 1 or b.denominator != 1):
            return [f"Multiply the tops ({a.numerator} × {b.numerator}) and the bottoms ({a.denominator} × {b.denominator}).",
                    f"That gives {show(answer)} in its simplest form."]
        if self.operator == "/" and (a.denominator != 1 or b.denominator != 1):
            return [f"Dividing by {show(b)} is the same as multiplying by {show(1 / b)}.",
                    f"So {show(a)} × {show(1 / b)} = {show(answer)}."]
        return []  # whole numbers: the answer says it all


    def slow_steps(self) -> list[str]:
        """The same working in smaller steps, worded afresh (a learner who asks again gets new sentences)."""
        values, answer = self.values(), self.answer()
        if values is None or answer is None:
            return []
        a, b = values
        if self.operator not in "+-" or (a.denominator == 1 and b.denominator == 1):
            return [f"Take it one piece at a time: {self.text()}.", f"Working it through gives {show(answer)}."]
        common = lcm(a.denominator, b.denominator)
        top_a, top_b = a.numerator * common // a.denominator, b.numerator * common // b.denominator
        joined = top_a + top_b if self.operator == "+" else top_a - top_b
        verb = "Add" if self.operator == "+" else "Subtract"
        steps = [f"First, look only at the bottom numbers: {a.denominator} and {b.denominator}.",
                 f"Find the smallest number they both divide into: that's {common}.",
                 f"Turn {show(a)} into a fraction over {common} by multiplying its top and bottom by {common // a.denominator}: "
                 f"that gives {top_a}/{common}.",
                 f"Do the same with {show(b)}, multiplying by {common // b.denominator}: that gives {top_b}/{common}.",
                 f"{verb} just the tops, {top_a} {SYMBOL[self.operator]} {top_b} = {joined}, and keep the bottom, {common}."]
        steps.append(f"So the answer is {show(answer)}.")
        return steps

    def is_top_and_bottom_slip(self, proposed: Fraction) -> bool:
        """Whether a wrong answer came from adding tops and bottoms separately (1/3 + 1/4 -> 2/7)."""
        values = self.values()
        if values is None or self.operator not in "+-":
            return False
        a, b = values
        sign = 1 if self.operator == "+" else -1
        bottom = a.denominator + sign * b.denominator
        return bottom != 0 and proposed == Fraction(a.numerator + sign * b.numerator, bottom)


def becomes(value: Fraction, top: int, common: int) -> str:
    return f"stays {top}/{common}" if value.denominator == common else f"becomes {top}/{common}"


def find_problem(text: str) -> tuple[Problem, Fraction | None] | None:
    """The sum in a message, with the learner's own answer to it if they gave one."""
    match = PROBLEM.search(text)
    if not match:
        return None
    operator = OPERATORS[match.group(2).lower()]
    problem = Problem(match.group(1), operator, match.group(3))
    proposed = parse(match.group(4)) if match.group(4) else None
    if proposed is None:
        after = PROPOSAL.search(text[match.end():])
        proposed = parse(after.group(1)) if after else None
    return problem, proposed


def find_proposal(text: str) -> Fraction | None:
    """A bare answer offered for the last problem ("is it 2/7?")."""
    match = PROPOSAL.search(text.strip())
    return parse(match.group(1)) if match and not PROBLEM.search(text) else None
