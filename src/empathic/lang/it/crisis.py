"""Crisis texts in it: the resource message, the crisis dialogue's templates and how the helplines
that are the same everywhere are named (product rule 14: fixed, reviewed texts, never generated).

Moved here unchanged from ``safety/helplines.py`` and ``safety/crisis_dialogue.py`` so that each
language's texts sit in its own folder; they are drafts for the clinical and native-speaker review
named in ``docs/safety.md``.
"""

# the fixed message when risk first reaches moderate; {resources} lists the locale's helplines
RESOURCE_MESSAGE = ("Grazie per avermelo detto. Quello che descrivi sembra serio e meriti il sostegno di una persona, "
                   "adesso. Sono un'IA e in questo momento non posso darti l'aiuto di cui hai bisogno, ma ci sono persone "
                   "disponibili: {resources} Se sei in pericolo adesso, chiama il numero di emergenza locale. Te la "
                   "sentiresti di contattare una di loro, o una persona di cui ti fidi, adesso?")

# the local emergency number and Find A Helpline, in this language (names stay as each service writes them)
INTERNATIONAL = {"emergency": ('Servizi di emergenza', "il numero di emergenza locale (112 nell'UE)"),
                 "find_a_helpline": ("Find A Helpline", 'linee di ascolto gratuite e riservate, paese per paese')}

TEMPLATES = {
    "resource_line": "Qualcuno con cui parlare: {line}. In caso di emergenza, chiama il {emergency}.",
    "helpline_line": "Puoi anche contattare {line}.",
    "emergency": ("{number}", "numero di emergenza locale"),
    "urgent": ["Per favore, chiama adesso il {emergency}, o chiedi a qualcuno vicino a te di chiamare per te.",
                   "La tua sicurezza adesso viene prima di tutto: per favore, chiama il {emergency}.",
                   "Per favore, cerca aiuto adesso: chiama il {emergency}, o vai da qualcuno vicino e digli cosa sta "
                   "succedendo."],
    "ack": {
        "no_call": ["Va bene. Non devi chiamare nessuno adesso, e possiamo continuare a parlare qui.",
                    "Ti capisco, e mi fa piacere che tu stia parlando con me. Possiamo continuare qui."],
        "safer": ["È un passo davvero importante, grazie per averlo fatto.",
                  "Grazie per averlo fatto. Conta, e rende questa notte più sicura."],
        "means": ["Grazie di avermelo detto. È importante.", "È importante che tu me l'abbia detto."],
        "person": ["Sembra che ci sia qualcuno che conta per te.", "Mi fa piacere che ti sia venuto in mente qualcuno."],
        "pain": ["Sembra che in questo momento ti faccia molto male.",
                 "Sembra estenuante, ed è comprensibile che tu ti senta senza forze."],
        "unsure": ["Va bene non saperlo adesso.", "Non fa niente; possiamo andare piano."],
        "thanks": ["Grazie di restare e parlare con me.", "Grazie di essere ancora qui con me."],
        "default": ["Grazie di avermelo detto.", "Ti ascolto.", "Ti ascolto, e mi fa piacere che continui a parlare "
                    "con me."],
    },
    "steps": {
        "reasons": ["Posso chiederti che cosa ti ha aiutato ad andare avanti finora, anche nei giorni più difficili?",
                    "C'è qualcosa, anche di piccolo, che ti ha aiutato a resistere fino ad ora?"],
        "people": ["C'è una persona di cui ti fidi con cui potresti stare, o a cui potresti scrivere, stasera?",
                   "Chi è una persona che potresti contattare, anche solo per dirle che stai passando un momento "
                   "difficile?"],
        "means": ["Se vicino a te c'è qualcosa con cui potresti farti del male, potresti metterlo in un posto più "
                  "difficile da raggiungere, o darlo a qualcuno, mentre parliamo?",
                  "Mettere distanza tra te e qualsiasi cosa con cui potresti farti del male aiuta davvero. Potresti "
                  "portarla in un'altra stanza, o darla a qualcuno, per ora?",
                  "Potresti mettere giù quello che hai in mano, da qualche parte fuori dalla tua portata, mentre continuiamo a parlare?"],
        "next_hour": ["Pensiamo solo alla prossima ora. Qual è una piccola cosa che potrebbe renderla un po' più "
                      "leggera, come un bicchiere d'acqua, un po' d'aria fresca o stare vicino a qualcuno?",
                      "Che cosa potrebbe aiutarti a superare la prossima ora? Anche una cosa piccola conta."],
    },
    "after": ["Come ti senti adesso, rispetto a quando abbiamo iniziato a parlare?",
              "Te la sentiresti di dire a qualcuno vicino a te come ti senti stasera?",
              "Che cosa ti aiuterebbe a sentirti un po' più al sicuro stasera?",
              "Se può aiutare, possiamo pensare insieme a cosa diresti se chiamassi la linea.",
              "C'è qualcos'altro che ti pesa e che vorresti raccontarmi?"],
    "ask": {
        "burden": ["Sembra che tu ti senta un peso, ed è una cosa pesante da portare. A volte, quando una persona si "
                   "sente un peso, pensa di togliersi la vita. È qualcosa a cui hai pensato?",
                   "Sentirsi un peso per gli altri fa molto male. Voglio chiedertelo direttamente, perché è "
                   "importante: stai avendo pensieri di suicidio?"],
        "sleep": ["Non dormire e sentirsi vuoti dentro logora chiunque. A volte, quando una persona si sente così, "
                  "pensa di togliersi la vita. Hai avuto pensieri del genere?",
                  "Passare notti senza dormire con questo vuoto sembra estenuante. Te lo chiedo direttamente: stai "
                  "pensando al suicidio?"],
        "hopeless": ["Ho l'impressione che adesso tutto ti sembri senza speranza. Quando ci si sente così, alcune "
                     "persone cominciano a pensare di togliersi la vita. È qualcosa a cui stai pensando?",
                     "Mi dispiace che tutto sembri così senza via d'uscita. Voglio chiedertelo direttamente, e puoi "
                     "rispondermi con sincerità: hai pensieri di suicidio?"],
        "ambiguous": ["Voglio capirti bene. Quando dici così, intendi che adesso è tutto troppo, o che stai avendo "
                      "pensieri di toglierti la vita?",
                      "Sembra davvero tanto. Voglio capire cosa intendi: che non ce la fai più con tutto, o che stai "
                      "pensando al suicidio?"],
    },
    "clarified": ["Grazie per avermi spiegato cosa intendevi, e scusa se ti ho frainteso. Qual è la parte più "
                  "difficile?",
                  "Capito, grazie per averlo chiarito. Vuoi raccontarmi di più su cosa sta succedendo?"],
    "answered_no": ["Grazie per aver risposto. Te l'ho chiesto perché è importante. Che cosa ti pesa di più in "
                    "questo momento?",
                    "Va bene, grazie per avermelo detto. Che cosa è stato più difficile ultimamente?"],
    "door": "Se mai dovessi avere pensieri di toglierti la vita, puoi dirmelo. {resource_line}",
}
