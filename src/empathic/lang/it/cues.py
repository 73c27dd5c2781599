"""How an Italian turn is read (lower case, accents removed: "è morto" is matched as "e morto")."""

CUES = {
    "greeting": r"^\W*(?:ciao|salve|buongiorno|buonasera|ehi)\b",
    "thanks": r"\b(?:grazie|ti ringrazio|la ringrazio)\b",
    "goodbye": r"\b(?:arrivederci|a presto|a dopo|a domani|buonanotte|ci vediamo)\b",
    "handoff": r"\b(?:parlare|passare|mettere in contatto|trasferire)\b.{0,30}\b(?:persona|umano|operatore|operatrice|"
               r"responsabile|addett[oa]|agente)\b|\b(?:persona|operatore) (?:vera|vero|reale)\b",
    "ai_question": r"\b(?:sei|lei e) (?:un |una |un')?(?:persona|umano|robot|bot|ia|macchina)\b",
    "question": r"\?|^\W*(?:che|cosa|come|quando|dove|perche|chi|quale|quanto)\b",
    "advice": r"\b(?:cosa (?:posso|devo|dovrei|potrei) fare|che (?:cosa )?(?:posso|devo|dovrei) fare|mi consigli|"
              r"un consiglio|dei consigli|come (?:posso|faccio a))\b",
    "request": r"\b(?:puoi|potresti|puo|potrebbe|vorrei|per favore|per piacere)\b",
    "complaint": r"\b(?:di nuovo|ancora una volta|ancora niente|ancora non|nessuno (?:mi )?risponde|"
                 r"per la (?:seconda|terza|quarta|quinta) volta|inaccettabile|una vergogna|vergognoso|sono stuf[oa]"
                 r"|non (?:e |mi e )?(?:ancora )?arrivat[oa]|problema con (?:il (?:mio )?)?ordine|(?:arrivat[oa]|e) (?:rott[oa]|danneggiat[oa])|articolo sbagliato|addebitato due volte)\b",
    "apology": r"^\W*(?:scusa|scusami|mi scusi|perdono)\b",
    "loss": r"\b(?:e mort[oa]|e venut[oa] a mancare|e scompars[oa]|la morte di|il funerale|ho perso (?:mio|mia|il mio|"
            r"la mia) (?:padre|madre|nonn[oa]|marito|moglie|figli[oa]|fratello|sorella|amic[oa]|cane|gatto|papa|mamma))\b",
    "bad_news": r"\b(?:licenziat[oa]|ho perso il lavoro|disoccupat[oa]|diagnosi|tumore|cancro|ospedale|malat[oa]|"
                r"incidente|operazione|mi ha lasciat[oa]|ci siamo lasciati|separat[oa]|divorzi\w*)\b",
    "sadness": r"\b(?:triste|tristezza|depress[oa]|piang\w*|pianto|mi sento sol[oa]|solitudine|vuot[oa]|giu di morale|"
               r"sto (?:molto )?male|mi manca|mi mancano)\b",
    "anger": r"\b(?:arrabbiat[oa]|furios[oa]|incazzat[oa]|irritat[oa]|infastidit[oa]|frustrat[oa]|frustrante|rabbia|"
             r"stuf[oa])\b",
    "fear": r"\b(?:paura|spaventat[oa]|ansia|ansios[oa]|preoccupat[oa]|nervos[oa]|panico|angosci\w*)\b",
    "tired": r"\b(?:stanc[oa]|sfinit[oa]|esaust[oa]|senza energie|non riesco a dormire|non dormo)\b",
    "positive": r"\b(?:felice|content[oa]|allegr[oa]|fantastico|meraviglios[oa]|che bello|adoro|entusiast[oa]|"
                r"sollevat[oa])\b",
    "good_news": r"\b(?:ho passato|ho superato|sono stat[oa] promoss[oa]|promozione|ho trovato lavoro|mi sposo|"
                 r"ci sposiamo|sono incinta|ho vinto|abbiamo vinto)\b",
    "normal_question": r"\be normale\b",
    "better_question": r"\b(?:migliorera|passera|smettera di fare male|andra meglio)\b",
    "how_are_you": r"\b(?:come stai|come va|come sta)\b",
}

WORDS = frozenset(
    "il lo la gli che di non mi un una sono molto ma grazie con per ti tu sei questo quello ho hai della del nel "
    "alla anche piu qui adesso cosa perche mio mia tuo tua sto stai voglio posso niente nessuno parlare ciao salve "
    "buongiorno le mie miei ci si ha lei suo sua nostro nostra vi da".split())
