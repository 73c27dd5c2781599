"""Crisis texts in fr: the resource message, the crisis dialogue's templates and how the helplines
that are the same everywhere are named (product rule 14: fixed, reviewed texts, never generated).

Moved here unchanged from ``safety/helplines.py`` and ``safety/crisis_dialogue.py`` so that each
language's texts sit in its own folder; they are drafts for the clinical and native-speaker review
named in ``docs/safety.md``.
"""

# the fixed message when risk first reaches moderate; {resources} lists the locale's helplines
RESOURCE_MESSAGE = ("Merci de me l'avoir dit. Ce que tu décris semble grave et tu mérites le soutien d'une personne dès "
                   "maintenant. Je suis une IA et je ne peux pas t'apporter l'aide dont tu as besoin en ce moment, mais "
                   "des personnes sont disponibles : {resources} Si tu es en danger maintenant, appelle le numéro "
                   "d'urgence local. Est-ce que tu pourrais contacter l'une d'elles, ou quelqu'un de confiance, maintenant ?")

# the local emergency number and Find A Helpline, in this language (names stay as each service writes them)
INTERNATIONAL = {"emergency": ("Services d'urgence", "le numéro d'urgence local (112 dans l'UE)"),
                 "find_a_helpline": ("Find A Helpline", "des lignes d'écoute gratuites et confidentielles, pays par pays")}

TEMPLATES = {
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
}
