"""Preset packs: each preset's behaviour as data, one module per preset (``pack_for``)."""

from __future__ import annotations

from empathic.conversation.packs import customer_service, default, game_character, hr, tutoring, wellbeing
from empathic.conversation.packs.base import Pack, Persona

PACKS: dict[str, Pack] = {module.PACK.name: module.PACK for module in (
    default, wellbeing, customer_service, tutoring, hr, game_character)}


def pack_for(preset: str) -> Pack:
    """The pack for a preset name; a preset without one speaks with the default pack."""
    return PACKS.get(preset, PACKS["default"])


__all__ = ["PACKS", "Pack", "Persona", "pack_for"]
