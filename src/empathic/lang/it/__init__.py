"""Italian (it): tu for everyday talk, Lei (capitalised, as in business writing) for customer service and HR."""

from empathic.lang.base import LanguagePack, compile_cues
from empathic.lang.it.cues import CUES, WORDS
from empathic.lang.it.phrases import DISCLOSURE, DISCLOSURE_FORMAL, FORMAL, MOVES, WARM

PACK = LanguagePack("it", "Italiano", "Italian", compile_cues(CUES), MOVES, FORMAL, WARM, WORDS,
                    DISCLOSURE, DISCLOSURE_FORMAL)
