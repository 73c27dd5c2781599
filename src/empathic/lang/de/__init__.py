"""German (de): du for everyday talk, Sie for customer service and HR."""

from empathic.lang.base import LanguagePack, compile_cues
from empathic.lang.de.cues import CUES, WORDS
from empathic.lang.de.phrases import DISCLOSURE, DISCLOSURE_FORMAL, FORMAL, MOVES, WARM

PACK = LanguagePack("de", "Deutsch", "German", compile_cues(CUES), MOVES, FORMAL, WARM, WORDS,
                    DISCLOSURE, DISCLOSURE_FORMAL)
