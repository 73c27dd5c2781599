"""How a Spanish turn is read (lower case, accents removed: "murió" is matched as "murio")."""

CUES = {
    "greeting": r"^\W*(?:hola|buenas|buenos dias|buenas tardes|saludos)\b",
    "thanks": r"\b(?:gracias|te lo agradezco|se lo agradezco|muy amable)\b",
    "goodbye": r"\b(?:adios|hasta luego|hasta manana|hasta pronto|nos vemos|chao|chau|me voy a dormir|buenas noches)\b",
    "handoff": r"\b(?:hablar|habla|comunicarme|pasame|paseme|pasarme|ponme|pongame|quiero|necesito)\b.{0,30}"
               r"\b(?:persona|humano|agente|encargad[oa]|supervisor[a]?|responsable)\b|\b(?:persona|humano) (?:real|de verdad)\b",
    "ai_question": r"\b(?:eres|es usted) (?:una? )?(?:persona|humano|robot|bot|ia|maquina|real)\b",
    "question": r"[?\u00bf]|^\W*(?:que|como|cuando|donde|por que|quien|cual|cuanto)\b",
    "advice": r"\b(?:que (?:puedo|debo|deberia|podria) hacer|que me (?:aconsejas|recomiendas|sugieres|aconseja|recomienda)|"
              r"algun consejo|necesito (?:un )?consejo|como (?:puedo|hago para))\b",
    "request": r"\b(?:puedes|podrias|puede usted|podria usted|quiero que|necesito que|me gustaria|por favor)\b",
    "complaint": r"\b(?:otra vez|de nuevo|todavia no|aun no|sigue sin|nadie (?:me )?(?:responde|contesta)|"
                 r"es la (?:segunda|tercera|cuarta|quinta) vez|inaceptable|una verguenza|estoy hart[oa]"
                 r"|no (?:me )?ha llegado|no (?:me )?llego|problema con (?:mi|el) (?:pedido|paquete|envio)|(?:llego|esta) (?:roto|rota|danad[oa])|articulo equivocado|me (?:han )?cobrado dos veces|me cobraron dos veces)\b",
    "apology": r"^\W*(?:perdon|perdona|disculpa|disculpe)\b",
    "loss": r"\b(?:murio|ha muerto|fallecio|ha fallecido|se murio|perdi a|la muerte de|murieron|se nos fue)\b",
    "bad_news": r"\b(?:me (?:han )?despedido|me despidieron|perdi (?:el|mi) (?:trabajo|empleo)|me quede sin trabajo|"
                r"diagnostic\w*|cancer|hospital|enferm[oa]|accidente|operacion|me ha dejado|me dejo|nos separamos|"
                r"rompimos|divorci\w*)\b",
    "sadness": r"\b(?:triste|tristeza|deprimid[oa]|llor\w*|me siento sol[oa]|estoy sol[oa]|soledad|vaci[oa]|"
               r"hundid[oa]|desanimad[oa]|me siento (?:muy )?mal|estoy (?:muy )?mal|echo de menos|extrano)\b",
    "anger": r"\b(?:enfadad[oa]|enojad[oa]|furios[oa]|cabread[oa]|hart[oa]|molest[oa]|rabia|indignad[oa]|"
             r"frustrad[oa]|frustrante)\b",
    "fear": r"\b(?:miedo|asustad[oa]|ansiedad|ansios[oa]|preocupad[oa]|nervios[oa]|me preocupa|panico|angusti\w*)\b",
    "tired": r"\b(?:cansad[oa]|agotad[oa]|exhaust[oa]|sin energia|no puedo dormir|no duermo)\b",
    "positive": r"\b(?:feliz|content[oa]|alegre|genial|estupendo|maravillos[oa]|que bien|me encanta|ilusionad[oa]|"
                r"emocionad[oa])\b",
    "good_news": r"\b(?:aprobe|he aprobado|consegui|he conseguido|me ascendieron|me han ascendido|me dieron el trabajo|"
                 r"me han dado el trabajo|nos casamos|me caso|estoy embarazada|ganamos|gane)\b",
    "normal_question": r"\bes normal\b|\bes raro (?:que|sentir)\b",
    "better_question": r"\b(?:mejorara|se pasara|dejara de doler|ira a mejor|dejara de)\b",
    "how_are_you": r"\b(?:como estas|que tal estas|como te va|como esta usted)\b",
}

WORDS = frozenset(
    "el la los las lo le les y que de del no mi mis tu te se por para con una un estoy estas esta muy pero gracias "
    "hola siento mucho eso esto como cuando donde porque tambien ya hay ha he has al su sus es son soy eres nada "
    "quiero puedo nadie todo otra vez usted aqui ahora hablar buenas adios nos os sin sobre sea fue".split())
