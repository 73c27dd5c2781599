"""How a German turn is read (lower case, umlauts folded: "müde" is matched as "mude", "ß" as "ss")."""

CUES = {
    "greeting": r"^\W*(?:hallo|hi|hey|guten (?:morgen|tag|abend)|servus|moin|gruss gott|gruezi)\b",
    "thanks": r"\b(?:danke|vielen dank|dankeschon|ich danke)\b",
    "goodbye": r"\b(?:tschuss|auf wiedersehen|bis bald|bis spater|bis morgen|gute nacht|mach'?s gut)\b",
    # German puts the verb last: "mit einem Menschen sprechen", "verbinden Sie mich mit einem Mitarbeiter"
    "handoff": r"\b(?:mensch\w*|mitarbeiter\w*|person|berater\w*|vorgesetzte\w*|kundenservice)\b.{0,30}"
               r"\b(?:sprechen|reden|verbinden|weiterleiten)\b|\b(?:verbinden|verbinde|leiten|leite)\b.{0,30}"
               r"\b(?:mensch\w*|mitarbeiter\w*|person)\b|\becht\w* mensch\w*",
    "ai_question": r"\b(?:bist du|sind sie) (?:ein |eine )?(?:mensch|person|bot|roboter|ki|maschine|echt)\b",
    "question": r"\?|^\W*(?:was|wie|warum|wieso|weshalb|wann|wo|wer|welche\w*)\b",
    "advice": r"\b(?:was (?:soll|kann|konnte|sollte) ich (?:tun|machen)|was wurdest du|was wurden sie|"
              r"(?:hast du|haben sie) (?:einen )?(?:rat|tipp)|brauche (?:einen )?rat|tipps)\b",
    "request": r"\b(?:kannst du|konnen sie|konnten sie|konntest du|bitte|ich mochte|ich brauche)\b",
    "complaint": r"\b(?:schon wieder|immer noch nicht|noch immer nicht|niemand antwortet|keiner antwortet|"
                 r"zum (?:zweiten|dritten|vierten|funften) mal|unverschamt|eine frechheit|inakzeptabel"
                 r"|nicht angekommen|nicht (?:geliefert|zugestellt)|problem mit (?:meiner|der) (?:bestellung|lieferung)|(?:kam|ist) (?:kaputt|beschadigt)|falschen? artikel|doppelt (?:abgebucht|berechnet))\b",
    "apology": r"^\W*(?:entschuldigung|entschuldige|sorry|verzeihung)\b",
    "loss": r"\b(?:gestorben|verstorben|ist tot|tod (?:meiner|meines)|beerdigung)\b",
    "bad_news": r"\b(?:gekundigt|entlassen|job verloren|arbeit verloren|arbeitslos|diagnose|krebs|krankenhaus|krank|"
                r"unfall|operation|getrennt|trennung|verlassen|scheidung)\b",
    "sadness": r"\b(?:traurig|trauer|deprimiert|wein\w*|geweint|einsam|allein|leer|niedergeschlagen|bedruckt|"
               r"(?:es )?geht (?:es )?mir (?:so |sehr |richtig )?schlecht|vermisse)\b",
    "anger": r"\b(?:wutend|sauer|verargert|genervt|argerlich|frustriert|frustrierend|wut|stinksauer|emport)\b",
    "fear": r"\b(?:angst|angstlich|sorgen|besorgt|nervos|panik|beunruhigt|furchte)\b",
    "tired": r"\b(?:mude|erschopft|kaputt|ausgelaugt|keine kraft|kann nicht schlafen|schlafe nicht)\b",
    "positive": r"\b(?:glucklich|froh|freue mich|super|toll|wunderbar|klasse|genial|begeistert|erleichtert)\b",
    "good_news": r"\b(?:bestanden|befordert|den job bekommen|die stelle bekommen|heiraten|verlobt|schwanger|gewonnen)\b",
    "normal_question": r"\bist (?:das|es) normal\b",
    "better_question": r"\b(?:wird (?:das|es) (?:jemals )?(?:besser|leichter)|hort (?:das|es) (?:jemals )?auf)\b",
    "how_are_you": r"\b(?:wie geht es dir|wie geht'?s dir|wie gehts|wie geht es ihnen)\b",
}

WORDS = frozenset(
    "der die das und ist nicht ich ein eine einen mit zu mein meine sehr aber danke bin sie du dich dir es wir auf "
    "fur von den dem des wie noch schon immer wieder kann habe hat auch nur mir mich sich jetzt gerade hier tut "
    "leid klingt gern mochte dass ihnen ihr dein deine kein keine hallo servus moin man wenn sich".split())
