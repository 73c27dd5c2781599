"""What a preset pack is: moves, their phrasings, knowledge, advice and allowed actions.

A pack is data. Phrasings are whole sentences; a ``{slot}`` in one is filled only from clean
values (a name, an order number, a relation word), and a phrasing whose slot has no value is
simply not used, so no fragment of the user's words can reach a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

ACTIONS = ("handoff", "advice", "arithmetic", "check_in", "feeling_questions", "lore", "counselling")


@dataclass(frozen=True)
class Pack:
    name: str
    moves: dict[str, tuple[str, ...]]
    knowledge: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (question pattern, answers)
    allowed: frozenset[str] = frozenset({"handoff", "advice", "check_in", "feeling_questions", "counselling"})
    formal: bool = False
    disclosure: str | None = None  # None: the product's standard first-reply disclosure
    question_share: float = 0.4  # at most this share of replies end in a question
    notes: str = ""

    def derive(self, name: str, moves: dict | None = None, knowledge=(), **changes) -> "Pack":
        """A pack that starts from this one: its moves overridden or added, its knowledge first."""
        return replace(self, name=name, moves={**self.moves, **(moves or {})},
                       knowledge=tuple(knowledge) + self.knowledge, **changes)

    def phrasings(self, move: str) -> tuple[str, ...]:
        return self.moves.get(move, ())


@dataclass
class Persona:
    """A character given by the host (game preset): a name, and lore it may answer from."""

    name: str | None = None
    lore: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_value(cls, value) -> "Persona":
        if value is None:
            return cls()
        if isinstance(value, Persona):
            return value
        if not isinstance(value, dict):
            raise TypeError("persona must be a dict such as {'name': 'Brunna', 'lore': {'northern pass': '...'}}")
        lore = value.get("lore") or {}
        if not isinstance(lore, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in lore.items()):
            raise TypeError("persona['lore'] must map topics to sentences")
        name = value.get("name")
        if name is not None and (not isinstance(name, str) or not name.strip() or len(name) > 60):
            raise TypeError("persona['name'] must be a short string")
        return cls(name.strip() if name else None, dict(lore))
