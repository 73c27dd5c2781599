"""Spanish (es): Spain and Latin America alike (tú for everyday talk, usted for customer service and HR;
no vosotros, no regional words)."""

from empathic.lang.base import LanguagePack, compile_cues
from empathic.lang.es.cues import CUES, WORDS
from empathic.lang.es.phrases import DISCLOSURE, DISCLOSURE_FORMAL, FORMAL, MOVES, WARM

PACK = LanguagePack("es", "Español", "Spanish", compile_cues(CUES), MOVES, FORMAL, WARM, WORDS,
                    DISCLOSURE, DISCLOSURE_FORMAL)
