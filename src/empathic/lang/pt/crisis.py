"""Crisis texts in pt: the resource message, the crisis dialogue's templates and how the helplines
that are the same everywhere are named (product rule 14: fixed, reviewed texts, never generated).

Moved here unchanged from ``safety/helplines.py`` and ``safety/crisis_dialogue.py`` so that each
language's texts sit in its own folder; they are drafts for the clinical and native-speaker review
named in ``docs/safety.md``.
"""

# the fixed message when risk first reaches moderate; {resources} lists the locale's helplines
RESOURCE_MESSAGE = ("Fico muito feliz por você ter me contado. O que você descreve parece sério e você merece o apoio "
                   "de uma pessoa agora. Sou uma IA e não posso dar a ajuda de que você precisa neste momento, mas há "
                   "pessoas disponíveis: {resources} Se você está em perigo agora, ligue para o número de emergência local. "
                   "Você poderia falar com uma delas, ou com alguém de confiança, agora?")

# the local emergency number and Find A Helpline, in this language (names stay as each service writes them)
INTERNATIONAL = {"emergency": ('Serviços de emergência', 'o número de emergência local (112 na UE, 192 no Brasil)'),
                 "find_a_helpline": ("Find A Helpline", 'linhas de apoio gratuitas e confidenciais por país')}

TEMPLATES = {
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
}
