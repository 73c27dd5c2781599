"""Portuguese (pt): wording that reads naturally in Brazil and Portugal alike (você; no gerund
"estou fazendo" / "estou a fazer", no words that differ: equipe/equipa, registrado/registado)."""

from empathic.lang.base import LanguagePack, compile_cues
from empathic.lang.pt.cues import CUES, WORDS
from empathic.lang.pt.phrases import DISCLOSURE, DISCLOSURE_FORMAL, FORMAL, MOVES, WARM

PACK = LanguagePack("pt", "Português", "Portuguese", compile_cues(CUES), MOVES, FORMAL, WARM, WORDS,
                    DISCLOSURE, DISCLOSURE_FORMAL)
