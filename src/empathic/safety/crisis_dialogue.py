"""``CrisisDialogue``: the replies of a conversation at risk, picked from reviewed templates.

Every sentence here is a fixed template (product rule 14): no language model
writes or edits a crisis reply. What varies is which template is picked, from
the session's ``CrisisState`` (stored with the session, so it survives a
restart) and the turn's ``SafetyAssessment``:

* **low** with ``clarify`` (a risk factor such as feeling a burden, no sleep and
  emptiness, hopelessness; or ambiguous despair): reflect, then ask directly
  and kindly about suicidal thoughts (``ask``). Other low turns go back to the
  ordinary conversation.
* **clarified** (the person said what they meant, or "no" to the question):
  thank them and stay in the conversation; after a crisis level (or within the
  hold of a high signal) a line keeps the door and the resources open.
* **moderate / high**: the fixed resource message (``helplines.crisis_reply``)
  on the first crisis turn of an episode; on later turns an engaged reply that
  acknowledges what the person just said, takes the next safety-planning step
  (reasons for living, people to contact, making the means safer, the next
  hour; then follow-ups), and ends with a short resource line.
* **imminent**: every turn starts with the emergency number and a helpline,
  then making the means safer (the next hour once they are out of reach).

The next replies of an episode are all different: steps are used in order,
variants rotate, and a reply already sent in the session is never picked while
another combination is left.

The English, Spanish, Portuguese, French, German and Italian texts follow the
safe-messaging guidance the project's rules cite (no method talk, no secrecy,
no guilt, the person's own pace); they are drafts for the clinical and
native-speaker review named in ``docs/safety.md`` before a release.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field

from empathic.safety.deescalation import is_ambiguous
from empathic.safety.helplines import Helpline, crisis_reply, emergency_number, helplines_for
from empathic.safety.normalize import normalize
from empathic.safety.patterns import IMMINENT, LEVEL_NAMES, LOW, MODERATE

STEPS = ("reasons", "people", "means", "next_hour")
MAX_SENT = 100  # fingerprints of sent replies kept per session

TEMPLATES: dict[str, dict] = {
    "en": {
        "resource_line": "Someone you can talk to: {line}. In an emergency, call {emergency}.",
        "helpline_line": "You can also reach {line}.",
        "emergency": ("{number}", "your local emergency number"),
        "urgent": ["Please call {emergency} now, or ask someone near you to call for you.",
                   "Your safety matters most right now: please call {emergency}.",
                   "Please get help now: call {emergency}, or go to someone nearby and tell them what is happening."],
        "ack": {
            "no_call": ["That's okay. You don't have to call anyone right now, and we can keep talking here.",
                        "I hear you, and I'm glad you're talking to me. We can keep going here."],
            "safer": ["That's a really important step, thank you for doing that.",
                      "Thank you for doing that. It matters, and it makes tonight safer."],
            "means": ["Thank you for telling me that. I'm glad you did.", "I'm really glad you told me that."],
            "person": ["It sounds like there's someone who matters to you.",
                       "I'm glad there's someone you thought of."],
            "pain": ["It sounds like this hurts a lot right now.",
                     "That sounds exhausting, and it makes sense that you feel worn down."],
            "unsure": ["It's okay not to know right now.", "That's alright; we can take this slowly."],
            "thanks": ["Thank you for staying and talking with me.", "Thank you for still being here with me."],
            "default": ["Thank you for telling me that.", "I hear you.",
                        "I'm listening, and I'm glad you're still talking with me."],
        },
        "steps": {
            "reasons": ["Can I ask what has kept you going so far, even on the hardest days?",
                        "Is there anything, even something small, that has helped you hold on until now?"],
            "people": ["Is there someone you trust who you could be with, or message, tonight?",
                       "Who is one person you could reach out to, even just to say you're having a hard time?"],
            "means": ["If there's anything near you that you could hurt yourself with, could you put it somewhere "
                      "harder to reach, or give it to someone, while we talk?",
                      "If there's something around you that you could hurt yourself with, putting distance between "
                      "you and it really helps. Could you move it to another room, or hand it to someone, for now?",
                      "Could you put down what you're holding, somewhere out of reach, while we keep talking?"],
            "next_hour": ["Let's think about just the next hour. What's one small thing that could make it a little "
                          "easier, like some water, fresh air, or being near someone?",
                          "What could help you get through the next hour? Something small counts."],
        },
        "after": ["How are you feeling right now, compared to when we started talking?",
                  "Would you be willing to tell someone near you how you're feeling tonight?",
                  "What would help you feel a little safer tonight?",
                  "If it would help, we could work out together what you'd say if you called the line.",
                  "Is there anything else on your mind that you want to tell me?"],
        "ask": {
            "burden": ["It sounds like you've been feeling like a burden, and that's heavy to carry. Sometimes when "
                       "people feel like a burden they think about ending their life. Is that something you've been "
                       "thinking about?",
                       "Feeling like a burden to the people around you really hurts. I want to ask you directly, "
                       "because it matters: are you having thoughts of suicide?"],
            "sleep": ["Not sleeping and feeling empty inside can wear anyone down. Sometimes when people feel this "
                      "way they have thoughts of ending their life. Have you been having thoughts like that?",
                      "Going without sleep and feeling empty sounds exhausting. Can I ask you directly: have you "
                      "been thinking about suicide?"],
            "hopeless": ["It sounds like things feel hopeless right now. When things feel this way, some people start "
                         "thinking about ending their life. Is that something you've been thinking about?",
                         "I'm sorry it feels so hopeless. I'd like to ask you directly, and it's okay to be honest: "
                         "are you having thoughts of suicide?"],
            "ambiguous": ["I want to make sure I understand you. When you say that, do you mean things feel like too "
                          "much right now, or are you having thoughts of ending your life?",
                          "That sounds like a lot. Can I check what you mean: that you're worn out with everything, "
                          "or that you're thinking about suicide?"],
        },
        "clarified": ["Thank you for telling me what you meant, and sorry for misreading you. What's been the "
                      "hardest part of it?",
                      "Got it, thanks for clearing that up. Do you want to tell me more about what's going on?"],
        "answered_no": ["Thank you for answering that. I asked because it matters. What's been weighing on you most?",
                        "Okay, thank you for telling me. What's been the hardest part lately?"],
        "door": "If thoughts of ending your life ever do come up, you can tell me. {resource_line}",
    },
    "es": {
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
    },
    "pt": {
        "resource_line": "Alguém com quem conversar: {line}. Em uma emergência, ligue para o {emergency}.",
        "helpline_line": "Você também pode contatar {line}.",
        "emergency": ("{number}", "número de emergência local"),
        "urgent": ["Por favor, ligue agora para o {emergency}, ou peça a alguém perto de você que ligue.",
                   "O mais importante agora é a sua segurança: por favor, ligue para o {emergency}.",
                   "Por favor, procure ajuda agora: ligue para o {emergency}, ou vá até alguém por perto e conte o "
                   "que está acontecendo."],
        "ack": {
            "no_call": ["Tudo bem. Você não precisa ligar para ninguém agora, e podemos continuar conversando aqui.",
                        "Eu entendo, e fico feliz que você esteja conversando comigo. Podemos continuar aqui."],
            "safer": ["Esse é um passo muito importante, agradeço por ter feito isso.",
                      "Agradeço por ter feito isso. Importa, e deixa esta noite mais segura."],
            "means": ["Agradeço por me contar isso. Fico feliz que você tenha contado.",
                      "Fico muito feliz que você tenha me dito isso."],
            "person": ["Parece que existe alguém que importa para você.", "Que bom que você pensou em alguém."],
            "pain": ["Parece que isso está doendo muito agora.",
                     "Parece exaustivo, e faz sentido você se sentir sem forças."],
            "unsure": ["Tudo bem não saber agora.", "Sem problema; podemos ir com calma."],
            "thanks": ["Agradeço por ficar e conversar comigo.", "Agradeço por você continuar aqui comigo."],
            "default": ["Agradeço por me contar isso.", "Estou ouvindo você.",
                        "Estou ouvindo, e fico feliz que você continue conversando comigo."],
        },
        "steps": {
            "reasons": ["Posso perguntar o que tem te ajudado a seguir em frente até agora, mesmo nos dias mais "
                        "difíceis?",
                        "Existe alguma coisa, mesmo pequena, que tem te ajudado a aguentar até agora?"],
            "people": ["Tem alguém de confiança com quem você poderia ficar, ou para quem poderia mandar uma mensagem, "
                       "hoje à noite?",
                       "Quem é uma pessoa que você poderia procurar, nem que seja para dizer que está passando por um "
                       "momento difícil?"],
            "means": ["Se houver algo perto de você com que poderia se machucar, você conseguiria colocar isso num "
                      "lugar mais difícil de alcançar, ou entregar a alguém, enquanto conversamos?",
                      "Colocar distância entre você e qualquer coisa com que poderia se machucar ajuda de verdade. "
                      "Você poderia levar isso para outro cômodo, ou entregar a alguém, por agora?",
                      "Você poderia deixar o que está na sua mão em algum lugar fora do seu alcance enquanto continuamos conversando?"],
            "next_hour": ["Vamos pensar só na próxima hora. Que pequena coisa poderia deixá-la um pouco mais leve, "
                          "como um copo d'água, ar fresco ou estar perto de alguém?",
                          "O que poderia te ajudar a passar pela próxima hora? Algo pequeno também conta."],
        },
        "after": ["Como você está se sentindo agora, comparado com quando começamos a conversar?",
                  "Você toparia contar a alguém perto de você como está se sentindo hoje à noite?",
                  "O que te ajudaria a se sentir um pouco mais em segurança hoje à noite?",
                  "Se ajudar, podemos pensar juntos no que você diria se ligasse para a linha.",
                  "Tem mais alguma coisa na sua cabeça que você queira me contar?"],
        "ask": {
            "burden": ["Parece que você tem se sentido um peso, e isso é muito difícil de carregar. Às vezes, quando "
                       "alguém se sente um peso, pensa em tirar a própria vida. Isso é algo em que você tem pensado?",
                       "Sentir-se um peso para as pessoas ao redor dói muito. Quero te perguntar diretamente, porque "
                       "importa: você está tendo pensamentos de suicídio?"],
            "sleep": ["Não dormir e se sentir vazio por dentro desgasta qualquer um. Às vezes, quando alguém se sente "
                      "assim, pensa em tirar a própria vida. Você tem tido pensamentos assim?",
                      "Passar noites sem dormir e sentir esse vazio parece exaustivo. Posso te perguntar diretamente: "
                      "você tem pensado em suicídio?"],
            "hopeless": ["Parece que agora tudo está sem esperança. Quando as coisas ficam assim, algumas pessoas "
                         "começam a pensar em tirar a própria vida. Isso é algo em que você tem pensado?",
                         "Sinto muito que tudo pareça tão sem saída. Quero te perguntar diretamente, e você pode "
                         "falar com sinceridade: você está tendo pensamentos de suicídio?"],
            "ambiguous": ["Quero ter certeza de que entendi. Quando você diz isso, quer dizer que está tudo demais "
                          "agora, ou que está tendo pensamentos de tirar a própria vida?",
                          "Parece muita coisa. Quero entender o que você quer dizer: que não aguenta mais tudo isso, "
                          "ou que está pensando em suicídio?"],
        },
        "clarified": ["Agradeço por explicar o que você quis dizer, e desculpe por ter entendido errado. Qual tem "
                      "sido a parte mais difícil disso?",
                      "Entendi, agradeço por esclarecer. Quer me contar mais sobre o que está acontecendo?"],
        "answered_no": ["Agradeço por responder. Perguntei porque é importante. O que mais tem pesado para você?",
                        "Certo, agradeço por me dizer. O que tem sido mais difícil ultimamente?"],
        "door": "Se algum dia vierem pensamentos de tirar a própria vida, você pode me dizer. {resource_line}",
    },
    "fr": {
        "resource_line": "Quelqu'un à qui parler : {line}. En cas d'urgence, appelle le {emergency}.",
        "helpline_line": "Tu peux aussi joindre {line}.",
        "emergency": ("{number}", "numéro d'urgence local"),
        "urgent": ["S'il te plaît, appelle le {emergency} maintenant, ou demande à quelqu'un près de toi d'appeler "
                   "pour toi.",
                   "Ta sécurité compte avant tout : s'il te plaît, appelle le {emergency}.",
                   "S'il te plaît, cherche de l'aide maintenant : appelle le {emergency}, ou va voir quelqu'un près de "
                   "toi et dis-lui ce qui se passe."],
        "ack": {
            "no_call": ["D'accord. Tu n'as pas besoin d'appeler qui que ce soit maintenant, et on peut continuer à "
                        "parler ici.",
                        "Je comprends. On peut continuer à parler ici, tous les deux."],
            "safer": ["C'est une étape vraiment importante, merci de l'avoir fait.",
                      "Merci de l'avoir fait. Ça compte, et ça rend cette nuit plus sûre."],
            "means": ["Merci de me l'avoir dit. C'est important.", "C'est vraiment bien que tu me l'aies dit."],
            "person": ["On dirait qu'il y a quelqu'un qui compte pour toi.", "C'est bien que tu aies pensé à quelqu'un."],
            "pain": ["On dirait que ça te fait très mal en ce moment.",
                     "Ça a l'air épuisant, et c'est normal que tu te sentes à bout."],
            "unsure": ["C'est normal de ne pas savoir pour l'instant.", "Ce n'est pas grave ; on peut prendre notre temps."],
            "thanks": ["Merci de rester et de parler avec moi.", "Merci d'être encore là avec moi."],
            "default": ["Merci de me l'avoir dit.", "Je t'écoute.", "Je t'écoute, et merci de continuer à me parler."],
        },
        "steps": {
            "reasons": ["Est-ce que je peux te demander ce qui te donne la force de continuer, même les jours les plus "
                        "durs ?",
                        "Y a-t-il quelque chose, même de petit, qui te permet de tenir jusqu'à maintenant ?"],
            "people": ["Y a-t-il une personne de confiance avec qui tu pourrais être, ou à qui tu pourrais écrire, ce "
                       "soir ?",
                       "Qui est une personne que tu pourrais contacter, même juste pour dire que tu traverses un moment "
                       "difficile ?"],
            "means": ["S'il y a près de toi quelque chose avec quoi tu pourrais te faire du mal, est-ce que tu pourrais "
                      "le mettre dans un endroit plus difficile d'accès, ou le confier à quelqu'un, pendant qu'on parle ?",
                      "Mettre de la distance entre toi et tout ce qui pourrait te faire du mal aide vraiment. Est-ce que "
                      "tu pourrais le mettre dans une autre pièce, ou le confier à quelqu'un, pour l'instant ?",
                      "Est-ce que tu pourrais poser ce que tu as dans la main quelque part hors de ta portée pendant qu'on continue à parler ?"],
            "next_hour": ["Pensons seulement à la prochaine heure. Quelle petite chose pourrait la rendre un peu plus "
                          "facile, comme un verre d'eau, un peu d'air frais ou être près de quelqu'un ?",
                          "Qu'est-ce qui pourrait t'aider à passer la prochaine heure ? Une petite chose compte aussi."],
        },
        "after": ["Comment tu te sens maintenant, par rapport au début de notre conversation ?",
                  "Est-ce que tu serais d'accord pour dire à quelqu'un près de toi comment tu te sens ce soir ?",
                  "Qu'est-ce qui t'aiderait à te sentir un peu plus en sécurité ce soir ?",
                  "Si ça peut aider, on peut préparer ensemble ce que tu dirais si tu appelais la ligne.",
                  "Est-ce qu'il y a autre chose qui te pèse et dont tu voudrais me parler ?"],
        "ask": {
            "burden": ["On dirait que tu te sens comme un poids, et c'est lourd à porter. Parfois, quand on se sent "
                       "comme un poids, on pense à mettre fin à sa vie. Est-ce que c'est quelque chose à quoi tu as "
                       "pensé ?",
                       "Se sentir un poids pour les autres fait très mal. Je veux te le demander directement, parce "
                       "que c'est important : est-ce que tu as des pensées suicidaires ?"],
            "sleep": ["Ne pas dormir et se sentir vide à l'intérieur, ça épuise n'importe qui. Parfois, quand on se "
                      "sent comme ça, on pense à mettre fin à sa vie. Est-ce que tu as eu ce genre de pensées ?",
                      "Passer des nuits sans dormir avec ce vide, ça a l'air épuisant. Je te le demande directement : "
                      "est-ce que tu penses au suicide ?"],
            "hopeless": ["On dirait que tout semble sans espoir en ce moment. Quand c'est comme ça, certaines personnes "
                         "commencent à penser à mettre fin à leur vie. Est-ce que c'est quelque chose à quoi tu "
                         "penses ?",
                         "C'est dur que tout semble si sans issue. Je veux te le demander directement, et tu peux me "
                         "répondre franchement : est-ce que tu as des pensées suicidaires ?"],
            "ambiguous": ["Je veux bien te comprendre. Quand tu dis ça, tu veux dire que tout est trop lourd en ce "
                          "moment, ou que tu as des pensées de mettre fin à ta vie ?",
                          "Ça fait beaucoup. Je veux comprendre ce que tu veux dire : que tu n'en peux plus de tout, ou "
                          "que tu penses au suicide ?"],
        },
        "clarified": ["Merci de m'avoir expliqué ce que tu voulais dire, et pardon d'avoir mal compris. Qu'est-ce qui "
                      "est le plus dur dans tout ça ?",
                      "D'accord, merci d'avoir précisé. Tu veux m'en dire plus sur ce qui se passe ?"],
        "answered_no": ["Merci d'avoir répondu. Je te l'ai demandé parce que c'est important. Qu'est-ce qui te pèse le "
                        "plus en ce moment ?",
                        "D'accord, merci de me l'avoir dit. Qu'est-ce qui a été le plus difficile ces derniers temps ?"],
        "door": "Si un jour tu as des pensées de mettre fin à ta vie, tu peux me le dire. {resource_line}",
    },
    "de": {
        "resource_line": "Jemand zum Reden: {line}. Im Notfall ruf {emergency} an.",
        "helpline_line": "Erreichbar ist auch: {line}.",
        "emergency": ("die {number}", "den örtlichen Notruf"),
        "urgent": ["Bitte ruf jetzt {emergency} an, oder bitte jemanden in deiner Nähe, für dich anzurufen.",
                   "Deine Sicherheit geht jetzt vor: Bitte ruf {emergency} an.",
                   "Bitte hol dir jetzt Hilfe: Ruf {emergency} an, oder geh zu jemandem in deiner Nähe und sag, was "
                   "los ist."],
        "ack": {
            "no_call": ["Das ist okay. Du musst jetzt niemanden anrufen, und wir können hier weiterreden.",
                        "Ich verstehe dich, und es ist gut, dass du mit mir redest. Wir können hier weitermachen."],
            "safer": ["Das ist ein wirklich wichtiger Schritt, danke, dass du das getan hast.",
                      "Danke, dass du das getan hast. Es zählt, und es macht diese Nacht sicherer."],
            "means": ["Danke, dass du mir das sagst. Das ist wichtig.", "Es ist wirklich gut, dass du mir das gesagt hast."],
            "person": ["Es klingt, als gäbe es jemanden, der dir wichtig ist.", "Gut, dass dir jemand eingefallen ist."],
            "pain": ["Es klingt, als täte das gerade sehr weh.",
                     "Das klingt erschöpfend, und es ist verständlich, dass du keine Kraft mehr hast."],
            "unsure": ["Es ist okay, das jetzt nicht zu wissen.", "Das ist in Ordnung; wir können uns Zeit lassen."],
            "thanks": ["Danke, dass du bleibst und mit mir redest.", "Danke, dass du noch hier bist."],
            "default": ["Danke, dass du mir das sagst.", "Ich höre dir zu.",
                        "Ich höre dir zu, und es ist gut, dass du weiter mit mir redest."],
        },
        "steps": {
            "reasons": ["Darf ich fragen, was dich bisher durchhalten lässt, auch an den schwersten Tagen?",
                        "Gibt es etwas, auch etwas Kleines, das dir bisher geholfen hat durchzuhalten?"],
            "people": ["Gibt es jemanden, dem du vertraust, bei dem du heute Abend sein oder dem du schreiben könntest?",
                       "Wer ist eine Person, an die du dich wenden könntest, auch nur um zu sagen, dass es dir gerade "
                       "schlecht geht?"],
            "means": ["Wenn in deiner Nähe etwas ist, womit du dir wehtun könntest, könntest du es an einen schwerer "
                      "erreichbaren Ort bringen oder jemandem geben, während wir reden?",
                      "Abstand zwischen dir und allem, womit du dir wehtun könntest, hilft wirklich. Könntest du es "
                      "fürs Erste in einen anderen Raum bringen oder jemandem geben?",
                      "Könntest du das, was du in der Hand hast, irgendwo außer Reichweite ablegen, während wir weiterreden?"],
            "next_hour": ["Lass uns nur an die nächste Stunde denken. Was wäre eine kleine Sache, die sie etwas "
                          "leichter machen könnte, wie ein Glas Wasser, frische Luft oder bei jemandem zu sein?",
                          "Was könnte dir helfen, durch die nächste Stunde zu kommen? Auch etwas Kleines zählt."],
        },
        "after": ["Wie fühlst du dich jetzt, verglichen mit dem Anfang unseres Gesprächs?",
                  "Wärst du bereit, jemandem in deiner Nähe heute Abend zu sagen, wie es dir geht?",
                  "Was würde dir helfen, dich heute Nacht ein bisschen sicherer zu fühlen?",
                  "Wenn es hilft, können wir zusammen überlegen, was du sagen würdest, wenn du dort anrufst.",
                  "Gibt es noch etwas, das dich beschäftigt und das du mir erzählen möchtest?"],
        "ask": {
            "burden": ["Es klingt, als würdest du dich wie eine Last fühlen, und das ist schwer zu tragen. Manchmal "
                       "denken Menschen, die sich als Last fühlen, daran, sich das Leben zu nehmen. Denkst du auch an "
                       "so etwas?",
                       "Sich wie eine Last für andere zu fühlen, tut sehr weh. Ich möchte dich direkt fragen, weil es "
                       "wichtig ist: Hast du Gedanken, dir das Leben zu nehmen?"],
            "sleep": ["Nicht schlafen zu können und sich innerlich leer zu fühlen, zermürbt jeden. Manchmal haben "
                      "Menschen, denen es so geht, Gedanken, sich das Leben zu nehmen. Hattest du solche Gedanken?",
                      "Nächte ohne Schlaf und diese Leere klingen erschöpfend. Ich frage dich direkt: Denkst du an "
                      "Suizid?"],
            "hopeless": ["Es klingt, als würde sich gerade alles hoffnungslos anfühlen. Wenn es so ist, fangen manche "
                         "Menschen an, daran zu denken, sich das Leben zu nehmen. Denkst du auch daran?",
                         "Es tut mir leid, dass sich alles so ausweglos anfühlt. Ich möchte dich direkt fragen, und "
                         "du kannst ehrlich sein: Hast du Suizidgedanken?"],
            "ambiguous": ["Ich möchte dich richtig verstehen. Wenn du das sagst, meinst du, dass gerade alles zu viel "
                          "ist, oder hast du Gedanken, dir das Leben zu nehmen?",
                          "Das klingt nach sehr viel. Ich möchte verstehen, was du meinst: Bist du von allem erschöpft, "
                          "oder denkst du an Suizid?"],
        },
        "clarified": ["Danke, dass du das klargestellt hast, und entschuldige, dass ich dich falsch verstanden habe. "
                      "Was ist daran gerade am schwersten?",
                      "Verstanden, danke fürs Klarstellen. Magst du mir mehr erzählen, was los ist?"],
        "answered_no": ["Danke für deine Antwort. Ich habe gefragt, weil es wichtig ist. Was belastet dich gerade am "
                        "meisten?",
                        "Okay, danke, dass du es mir sagst. Was war in letzter Zeit am schwersten?"],
        "door": "Wenn du jemals Gedanken hast, dir das Leben zu nehmen, kannst du es mir sagen. {resource_line}",
    },
    "it": {
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
            "hopeless": ["Sembra che adesso tutto ti sembri senza speranza. Quando ci si sente così, alcune persone "
                         "cominciano a pensare di togliersi la vita. È qualcosa a cui stai pensando?",
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
    },
}
LANGUAGES = tuple(TEMPLATES)

# What the person just said, for the acknowledgement (normalised text; first match wins).
ACK_KINDS: tuple[tuple[str, re.Pattern], ...] = tuple((kind, re.compile(p)) for kind, p in (
    ("no_call", r"\b(?:don'?t|do not|dont|won'?t|wont|can'?t|cannot|not going to)\s+(?:want to\s+|wanna\s+)?"
                r"(?:call|phone|ring|text|contact)\b|\bjust\s+want(?:ed)?\s+to\s+talk\b|\bno\s+(?:hotlines?|helplines?)\b|"
                r"\bno\s+(?:quiero|voy a)\s+llamar\b|\bsolo\s+quer(?:ia|o)\s+hablar\b|\bnao\s+(?:quero|vou)\s+ligar\b|"
                r"\bso\s+quer(?:ia|o)\s+(?:conversar|falar)\b|\b(?:veux|vais)\s+pas\s+appeler\b|"
                r"\b(?:voulais|veux)\s+juste\s+parler\b|\b(?:will|werde)\s+(?:niemanden|nicht)\s+anrufen\b|"
                r"\b(?:wollte|will)\s+nur\s+reden\b|\bnon\s+(?:voglio\s+)?chiamar\w*\b|\b(?:volevo|voglio)\s+solo\s+parlare\b"),
    ("safer", r"\b(?:put|putting|threw|thrown|gave|given|locked|moved|flushed)\s+(?:them|it|the \w+|my \w+)\s+"
              r"(?:away|out|back|in another room|outside|to \w+)\b|\b(?:los|lo|las|la)\s+(?:guarde|tire|escondi)\b|"
              r"\bse\s+(?:los|las|lo|la)\s+di\b|\b(?:guardei|joguei fora|entreguei|escondi)\b|"
              r"\bje\s+(?:les|l')\s*ai\s+(?:range|jete|donne|cache)\w*|\b(?:weggelegt|weggeraumt|weggeworfen|"
              r"abgegeben|weggebracht)\b|\b(?:li|le|l')\s*ho\s+(?:messi|messe|messo|buttat\w|dat\w|nascost\w)\b|"
              r"\bmess[oi]\s+via\b"),
    ("means", r"\b(?:pills?|tablets?|meds|medication|gun|knife|knives|rope|razor|blades?|pastillas|pildoras|"
              r"medicamentos|pistola|cuchillo|cuerda|comprimidos|remedios|faca|corda|arma|cachets|medicaments|pilules|"
              r"couteau|corde|tabletten|pillen|medikamente|messer|seil|waffe|pillole|farmaci|coltello)\b"),
    ("person", r"\b(?:mom|mum|mother|dad|father|sister|brother|friend|partner|wife|husband|girlfriend|boyfriend|grandma|"
               r"grandpa|grandmother|grandfather|aunt|uncle|cousin|son|daughter|teacher|therapist|counsell?or|madre|"
               r"mama|padre|papa|hermana|hermano|amig[oa]|pareja|novi[oa]|espos[oa]|abuel[oa]|hij[oa]|mae|pai|irma|"
               r"irmao|namorad[oa]|avo|mere|pere|soeur|frere|amie?|copain|copine|mutter|vater|schwester|bruder|"
               r"freund\w*|oma|opa|sorella|fratello|amic[oaie]|nonn[oa]|fidanzat[oa]|marito|moglie|dog|cat|pet|perro|gato|cachorro|chien|chat|hund|katze|cane|gatto)\b"),
    ("pain", r"\b(?:hurts?|hurting|pain|tired|exhausted|alone|lonely|empty|hopeless|scared|afraid|numb|sad|awful|worse|"
             r"duele|cansad\w*|sol[oa]|vaci[oa]|miedo|triste|doi|sozinh[oa]|vazi[oa]|medo|fatigue\w*|seule?|vide|peur|"
             r"weh|mude|allein|leer|angst|traurig|stanc[oa]|vuot[oa]|paura)\b"),
    ("unsure", r"\b(?:i don'?t know|idk|dunno|not sure|no idea|no se|ni idea|nao sei|sei la|je (?:ne )?sais pas|"
               r"aucune idee|weiss nicht|keine ahnung|non (?:lo )?so|boh)\b"),
    ("thanks", r"^\W*(?:thanks|thank you|thx|ok|okay|k|fine|alright|sure|gracias|vale|de acuerdo|obrigad\w*|valeu|"
               r"ta bom|tudo bem|merci|d'?accord|danke|gut|alles klar|grazie|va bene|d'?accordo)\b"),
))
ASK_KINDS: tuple[tuple[str, re.Pattern], ...] = tuple((kind, re.compile(p)) for kind, p in (
    ("burden", r"burden|carga|peso|fardo|fardeau|poids|\blast\b"),
    ("sleep", r"empty|sleep|vaci|vazi|vide|leer|vuot|dorm|schlaf"),
))


@dataclass
class CrisisState:
    """What the crisis dialogue has done in a session (stored with the session)."""

    level: str = "none"  # the conversation level after the last turn
    episodes: list[int] = field(default_factory=list)  # turns that opened a crisis episode (resource message)
    steps: list[str] = field(default_factory=list)  # safety-planning steps taken, in order
    follow_ups: int = 0  # follow-ups used after the steps
    replies: int = 0  # crisis replies sent; rotates variants
    asked: list[int] = field(default_factory=list)  # turns where the direct question was asked
    sent: list[str] = field(default_factory=list)  # fingerprints of crisis replies and their varying sentences

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> "CrisisState":
        data = data or {}
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class CrisisReply:
    reply: str
    kind: str  # resources | imminent | engaged | ask | clarified
    says_ai: bool = False  # the text itself says it is an AI (the resource message does)


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class CrisisDialogue:
    """Picks the next crisis reply; ``respond`` returns None when the ordinary conversation goes on."""

    def __init__(self, locale: str | None = None):
        self.locale = locale

    # --- pieces -----------------------------------------------------------------------------
    def resources(self, safety, language: str) -> list[Helpline]:
        return list(safety.resources) or helplines_for(self.locale, language)

    def emergency(self, language: str) -> str:
        t = TEMPLATES[language]
        number = emergency_number(self.locale, language)
        return t["emergency"][0].format(number=number) if number else t["emergency"][1]

    @staticmethod
    def _line(resources: list[Helpline]) -> str:
        first = next((h for h in resources if h.country != "international"), None)
        if first is None:
            first = next((h for h in resources if h.url), resources[0])
            return f"{first.name}, {first.contact} ({first.url})" if first.url else f"{first.name}, {first.contact}"
        return f"{first.name}, {first.contact}"

    def resource_line(self, safety, language: str) -> str:
        return TEMPLATES[language]["resource_line"].format(line=self._line(self.resources(safety, language)),
                                                          emergency=self.emergency(language))

    @staticmethod
    def ack_kind(text: str) -> str:
        plain = normalize(text or "")
        return next((kind for kind, pattern in ACK_KINDS if pattern.search(plain)), "default")

    # --- the turn ---------------------------------------------------------------------------
    def respond(self, state: CrisisState, safety, text: str, turn: int) -> CrisisReply | None:
        language = safety.language if safety.language in TEMPLATES else "en"
        previous = LEVEL_NAMES.index(state.level) if state.level in LEVEL_NAMES else 0
        state.level = safety.level
        rank = safety.rank
        if rank >= IMMINENT:
            out = self._imminent(state, safety, text, turn, language, opening=previous < MODERATE)
        elif rank >= MODERATE:
            if previous < MODERATE or not state.episodes:
                state.episodes.append(turn)
                out = CrisisReply(crisis_reply(self.resources(safety, language), language), "resources", True)
            else:
                out = self._engaged(state, safety, text, language, resources_first=safety.change == "raised")
        elif safety.clarify and rank == LOW:
            out = self._ask(state, safety, text, turn, language)
        elif safety.change == "clarified":
            out = self._clarified(state, safety, turn, language)
        else:
            return None
        state.replies += 1
        return out

    def _pick(self, state: CrisisState, candidates) -> str:
        """The candidate (parts: fixed lines as str, varying sentences as a list) whose whole text was
        not sent in this session and that reuses the fewest sentences already sent; earlier wins ties.
        The whole text and its varying sentences are remembered as sent."""
        sent = set(state.sent)

        def join(parts) -> str:
            return " ".join(p if isinstance(p, str) else " ".join(p) for p in parts)

        def varying(parts) -> list[str]:
            return [v for p in parts if not isinstance(p, str) for v in p]

        options = list(candidates)
        best = min(options, key=lambda parts: (_fingerprint(join(parts)) in sent,
                                               sum(_fingerprint(v) in sent for v in varying(parts))))
        text = join(best)
        state.sent = (state.sent + [_fingerprint(text)] + [_fingerprint(v) for v in varying(best)])[-MAX_SENT:]
        return text

    def _rotate(self, items: list[str], offset: int) -> list[str]:
        offset %= len(items)
        return items[offset:] + items[:offset]

    def _next_step(self, state: CrisisState, order: tuple[str, ...], language: str) -> list[str]:
        t = TEMPLATES[language]
        step = next((s for s in order if s not in state.steps), None)
        if step is not None:
            state.steps.append(step)
            return self._rotate(t["steps"][step][:2], state.replies)  # the third "means" is for a person holding them
        state.follow_ups += 1
        return self._rotate(t["after"], state.follow_ups - 1)

    def _engaged(self, state, safety, text, language, resources_first=False) -> CrisisReply:
        t = TEMPLATES[language]
        kind = self.ack_kind(text)
        if kind == "safer" and "means" not in state.steps:
            state.steps.append("means")  # they made the means safer already: no need to ask
        if kind == "person" and "people" not in state.steps:
            state.steps.append("people")  # they named someone already: asking "who could you reach?" ignores it
        acks = self._rotate(t["ack"][kind], state.replies)
        if kind == "means" and "means" in state.steps:  # they named the means: stay with making them safer
            steps = self._rotate(t["steps"]["means"][:2], state.replies)
        else:
            steps = self._next_step(state, STEPS, language)
        line = self.resource_line(safety, language)
        parts = (((line, [a, s]) if resources_first else ([a, s], line)) for s in steps for a in acks)
        return CrisisReply(self._pick(state, parts), "engaged")

    def _imminent(self, state, safety, text, turn, language, opening: bool) -> CrisisReply:
        t = TEMPLATES[language]
        urgent = [u.format(emergency=self.emergency(language)) for u in self._rotate(t["urgent"], state.replies)]
        if opening or not state.episodes:
            state.episodes.append(turn)
            full = crisis_reply(self.resources(safety, language), language)
            return CrisisReply(self._pick(state, ((u, full) for u in urgent)), "imminent", True)
        helpline = t["helpline_line"].format(line=self._line(self.resources(safety, language)))
        kind = self.ack_kind(text)
        if kind == "safer":  # the means are out of reach: the next hour
            steps = self._rotate(t["steps"]["next_hour"], state.replies)
        else:  # at imminent the means come first, every turn; "put it down" first
            steps = t["steps"]["means"][2:] + self._rotate(t["steps"]["means"][:2], state.replies)
        if "means" not in state.steps:
            state.steps.append("means")
        acks = self._rotate(t["ack"]["means" if kind == "default" else kind], state.replies)
        return CrisisReply(self._pick(state, ((u, helpline, [a, s]) for s in steps for u in urgent for a in acks)),
                           "imminent")

    def _ask(self, state, safety, text, turn, language) -> CrisisReply:
        latest = max((r.get("turn", 0) for r in safety.reasons), default=0)
        excerpts = " ".join(normalize(r["excerpt"]) for r in safety.reasons if r.get("turn") == latest)
        if is_ambiguous(normalize(text or "")):
            kind = "ambiguous"
        else:
            kind = next((k for k, p in ASK_KINDS if p.search(excerpts)), "hopeless")
        state.asked.append(turn)
        options = self._rotate(TEMPLATES[language]["ask"][kind], len(state.asked) - 1)
        return CrisisReply(self._pick(state, ([o] for o in options)), "ask")

    def _clarified(self, state, safety, turn, language) -> CrisisReply:
        t = TEMPLATES[language]
        answered = bool(state.asked) and state.asked[-1] == turn - 1
        options = self._rotate(t["answered_no" if answered else "clarified"], state.replies)
        if safety.rank >= LOW:  # after a crisis level or a recent high signal: keep the door and the resources open
            door = t["door"].format(resource_line=self.resource_line(safety, language))
            return CrisisReply(self._pick(state, (([o], door) for o in options)), "clarified")
        return CrisisReply(self._pick(state, ([o] for o in options)), "clarified")
