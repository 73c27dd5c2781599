"""How a Portuguese turn is read, Brazil and Portugal alike (lower case, accents removed)."""

CUES = {
    "greeting": r"^\W*(?:ola|oi|bom dia|boa tarde|e ai)\b",
    "thanks": r"\b(?:obrigad[oa]|valeu|agradeco|muito grat[oa])\b",
    "goodbye": r"\b(?:tchau|adeus|ate logo|ate mais|ate amanha|ate breve|boa noite)\b",
    "handoff": r"\b(?:falar|conversar|passar|transferir|atendimento)\b.{0,30}\b(?:pessoa|humano|atendente|agente|gerente|"
               r"supervisor\w*|responsavel)\b|\b(?:pessoa|humano) (?:real|de verdade)\b",
    "ai_question": r"\b(?:voce e|es|e voce) (?:uma? )?(?:pessoa|humano|robo|bot|ia|maquina|real)\b",
    "question": r"\?|^\W*(?:o que|que|como|quando|onde|por que|porque|quem|qual|quanto)\b",
    "advice": r"\b(?:o que (?:eu )?(?:posso|devo|deveria|poderia) fazer|que (?:me )?aconselha\w*|algum conselho|"
              r"preciso de (?:um )?conselho|como (?:posso|faco para))\b",
    "request": r"\b(?:pode|poderia|podes|quero que|preciso que|gostaria|por favor)\b",
    "complaint": r"\b(?:de novo|outra vez|ainda nao|ate agora nada|ninguem (?:me )?responde|"
                 r"pela (?:segunda|terceira|quarta|quinta) vez|inaceitavel|um absurdo|uma vergonha|estou fart[oa]"
                 r"|nao (?:me )?chegou|problema com (?:o )?(?:meu )?(?:pedido|encomenda)|(?:chegou|esta) (?:quebrad[oa]|danificad[oa]|estragad[oa])|artigo errado|produto errado|cobrad[oa] duas vezes|cobraram duas vezes)\b",
    "apology": r"^\W*(?:desculp\w*|perdao|foi mal)\b",
    "loss": r"\b(?:morreu|faleceu|falecimento|morte d[oa]|perdi (?:o meu|a minha|meu|minha) (?:pai|mae|avo|marido|mulher|"
            r"esposa|esposo|filh[oa]|irmao|irma|amig[oa]|cachorro|cao|gato))\b",
    "bad_news": r"\b(?:fui demitid[oa]|me demitiram|despedid[oa]|perdi o (?:meu )?emprego|desempregad[oa]|diagnostic\w*|"
                r"cancro|cancer|hospital|doente|acidente|cirurgia|operacao|terminamos|nos separamos|me deixou|divorci\w*)\b",
    "sadness": r"\b(?:triste|tristeza|deprimid[oa]|chor\w*|sozinh[oa]|solidao|vazi[oa]|desanimad[oa]|"
               r"estou (?:muito )?mal|saudade\w*|sinto falta)\b",
    "anger": r"\b(?:irritad[oa]|com raiva|raiva|furios[oa]|chatead[oa]|revoltad[oa]|frustrad[oa]|frustrante|fart[oa])\b",
    "fear": r"\b(?:medo|assustad[oa]|ansiedade|ansios[oa]|preocupad[oa]|nervos[oa]|panico|angusti\w*)\b",
    "tired": r"\b(?:cansad[oa]|exaust[oa]|esgotad[oa]|sem energia|nao consigo dormir|nao durmo)\b",
    "positive": r"\b(?:feliz|content[ea]|alegre|otimo|maravilhos[oa]|que bom|adoro|animad[oa]|aliviad[oa])\b",
    "good_news": r"\b(?:passei (?:no|na|em)|fui aprovad[oa]|consegui|fui promovid[oa]|vou casar|vamos casar|"
                 r"estou gravida|ganhei|ganhamos)\b",
    "normal_question": r"\be normal\b",
    "better_question": r"\b(?:vai melhorar|vai passar|vai parar de doer|isso melhora)\b",
    "how_are_you": r"\b(?:como (?:voce )?esta\s*\?|tudo bem com voce|tudo bem\s*\?|como vai)\b",
}

WORDS = frozenset(
    "o os as que de nao eu um uma muito mas obrigado obrigada com estou para voce isso isto esta do da dos das em "
    "por mais meu minha seu sua ja tem quer aqui ele ela sou foi ao pela pelo nem tambem agora falar ola oi "
    "obrigado valeu como se te lhe nos num numa voce vai sinto muita pouco".split())
