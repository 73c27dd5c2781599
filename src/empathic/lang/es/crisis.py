"""Crisis texts in es: the resource message, the crisis dialogue's templates and how the helplines
that are the same everywhere are named (product rule 14: fixed, reviewed texts, never generated).

Moved here unchanged from ``safety/helplines.py`` and ``safety/crisis_dialogue.py`` so that each
language's texts sit in its own folder; they are drafts for the clinical and native-speaker review
named in ``docs/safety.md``.
"""

# the fixed message when risk first reaches moderate; {resources} lists the locale's helplines
RESOURCE_MESSAGE = ("Me alegra mucho que me lo hayas contado. Lo que describes suena serio y mereces el apoyo de una "
                   "persona ahora mismo. Soy una IA y no puedo darte la ayuda que necesitas en este momento, pero hay "
                   "personas disponibles: {resources} Si estás en peligro ahora, llama al número de emergencias local. "
                   "¿Podrías contactar con alguna de ellas, o con alguien de confianza, ahora?")

# the local emergency number and Find A Helpline, in this language (names stay as each service writes them)
INTERNATIONAL = {"emergency": ('Servicios de emergencia', 'el número de emergencias local (112 en la UE, 911 en Norteamérica)'),
                 "find_a_helpline": ("Find A Helpline", 'líneas de ayuda gratuitas y confidenciales por país')}

TEMPLATES = {
    "resource_line": "Alguien con quien hablar: {line}. En una emergencia, llama al {emergency}.",
    "helpline_line": "También puedes contactar con {line}.",
    "emergency": ("{number}", "número de emergencias local"),
    "urgent": ["Por favor, llama ahora al {emergency}, o pide a alguien cerca de ti que llame por ti.",
                   "Lo más importante ahora es tu seguridad: por favor, llama al {emergency}.",
                   "Por favor, busca ayuda ahora: llama al {emergency}, o ve con alguien cercano y cuéntale lo que "
                   "pasa."],
    "ack": {
        "no_call": ["Está bien. No tienes que llamar a nadie ahora, y podemos seguir hablando aquí.",
                    "Te entiendo, y me alegra que estés hablando conmigo. Podemos seguir aquí."],
        "safer": ["Es un paso muy importante, gracias por hacerlo.",
                  "Gracias por hacerlo. Importa, y hace esta noche más segura."],
        "means": ["Gracias por contarme eso. Me alegra que lo hayas hecho.", "Me alegra mucho que me lo hayas dicho."],
        "person": ["Parece que hay alguien que te importa.", "Me alegra que hayas pensado en alguien."],
        "pain": ["Parece que esto te duele mucho ahora.",
                 "Suena agotador, y tiene sentido que te sientas sin fuerzas."],
        "unsure": ["Está bien no saberlo ahora.", "No pasa nada; podemos ir despacio."],
        "thanks": ["Gracias por quedarte y hablar conmigo.", "Gracias por seguir aquí conmigo."],
        "default": ["Gracias por contármelo.", "Te escucho.", "Te escucho, y me alegra que sigas hablando conmigo."],
    },
    "steps": {
        "reasons": ["¿Puedo preguntarte qué te ha ayudado a seguir hasta ahora, incluso en los días más difíciles?",
                    "¿Hay algo, aunque sea pequeño, que te haya ayudado a aguantar hasta ahora?"],
        "people": ["¿Hay alguien de confianza con quien podrías estar, o a quien podrías escribir, esta noche?",
                   "¿Quién es una persona a la que podrías escribir, aunque sea para decirle que lo estás pasando "
                   "mal?"],
        "means": ["Si hay algo cerca de ti con lo que podrías hacerte daño, ¿podrías ponerlo en un sitio más "
                  "difícil de alcanzar, o dárselo a alguien, mientras hablamos?",
                  "Poner distancia entre tú y cualquier cosa con la que podrías hacerte daño ayuda de verdad. "
                  "¿Podrías llevarlo a otra habitación, o dárselo a alguien, por ahora?",
                  "¿Podrías dejar lo que tienes en la mano en algún sitio fuera de tu alcance mientras seguimos hablando?"],
        "next_hour": ["Pensemos solo en la próxima hora. ¿Qué pequeña cosa podría hacerla un poco más llevadera, "
                      "como un vaso de agua, aire fresco o estar cerca de alguien?",
                      "¿Qué te podría ayudar a pasar la próxima hora? Algo pequeño también cuenta."],
    },
    "after": ["¿Cómo te sientes ahora, comparado con cuando empezamos a hablar?",
              "¿Te animarías a contarle a alguien cercano cómo te sientes esta noche?",
              "¿Qué te ayudaría a sentir un poco más de seguridad esta noche?",
              "Si te sirve, podemos pensar entre los dos qué dirías si llamaras a la línea.",
              "¿Hay algo más en lo que estés pensando y quieras contarme?"],
    "ask": {
        "burden": ["Parece que te has sentido una carga, y eso pesa mucho. A veces, cuando alguien se siente una "
                   "carga, piensa en quitarse la vida. ¿Es algo en lo que has estado pensando?",
                   "Sentirse una carga para los demás duele mucho. Quiero preguntártelo directamente, porque "
                   "importa: ¿estás teniendo pensamientos de suicidio?"],
        "sleep": ["No dormir y sentirse vacío por dentro agota a cualquiera. A veces, cuando alguien se siente así, "
                  "piensa en quitarse la vida. ¿Has tenido pensamientos así?",
                  "Pasar noches sin dormir y sentir ese vacío suena agotador. Te lo pregunto directamente: ¿has "
                  "estado pensando en el suicidio?"],
        "hopeless": ["Parece que ahora mismo todo se siente sin esperanza. Cuando las cosas se sienten así, algunas "
                     "personas empiezan a pensar en quitarse la vida. ¿Es algo en lo que has estado pensando?",
                     "Siento que todo se vea tan sin salida. Quiero preguntártelo directamente, y puedes hablar "
                     "con sinceridad: ¿estás teniendo pensamientos de suicidio?"],
        "ambiguous": ["Quiero asegurarme de entenderte. Cuando dices eso, ¿quieres decir que todo es demasiado "
                      "ahora mismo, o que estás teniendo pensamientos de quitarte la vida?",
                      "Suena a mucho. Quiero entender qué quieres decir: ¿que ya no puedes más con todo, o que "
                      "estás pensando en el suicidio?"],
    },
    "clarified": ["Gracias por aclarármelo, y perdona por entenderte mal. ¿Qué es lo más difícil de todo eso?",
                  "Entendido, gracias por aclararlo. ¿Quieres contarme más sobre lo que está pasando?"],
    "answered_no": ["Gracias por responder. Te lo pregunté porque importa. ¿Qué es lo que más te pesa ahora?",
                    "Vale, gracias por decírmelo. ¿Qué ha sido lo más difícil últimamente?"],
    "door": "Si alguna vez tienes pensamientos de quitarte la vida, puedes decírmelo. {resource_line}",
}
