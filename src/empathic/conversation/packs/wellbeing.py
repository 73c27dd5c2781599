"""Wellbeing: support, not therapy (no diagnoses, no treatment plans; diet coaching is refused upstream)."""

from empathic.conversation.packs.default import PACK as DEFAULT

PACK = DEFAULT.derive("wellbeing", notes="support, not therapy")
