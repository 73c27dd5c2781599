"""French (fr): tu for everyday talk (as the crisis replies do), vous for customer service and HR."""

from empathic.lang.base import LanguagePack, compile_cues
from empathic.lang.fr.cues import CUES, WORDS
from empathic.lang.fr.phrases import DISCLOSURE, DISCLOSURE_FORMAL, FORMAL, MOVES, WARM

PACK = LanguagePack("fr", "Français", "French", compile_cues(CUES), MOVES, FORMAL, WARM, WORDS,
                    DISCLOSURE, DISCLOSURE_FORMAL)
