"""How a French turn is read (lower case, accents removed: "décédé" is matched as "decede")."""

CUES = {
    "greeting": r"^\W*(?:bonjour|salut|bonsoir|coucou)\b",
    "thanks": r"\b(?:merci|je te remercie|je vous remercie)\b",
    "goodbye": r"\b(?:au revoir|a bientot|a plus|a demain|bonne nuit|bonne soiree|bonne journee)\b",
    # "parler à une personne" asks for someone; "je ne veux parler à personne" does not
    "handoff": r"\b(?:parler|discuter|passer|transferer|mettre en relation|joindre)\b[^.?!]{0,25}"
               r"\b(?:une? (?:vrai\w* )?(?:humain|personne|conseill\w*|agent|responsable|manager|superviseu\w*))\b"
               r"|\b(?:personne|humain) reel\w*|\bun (?:vrai )?humain\b",
    "ai_question": r"\b(?:es-tu|es tu|etes-vous|etes vous|tu es|vous etes) (?:un |une )?"
                   r"(?:humain|personne|robot|bot|ia|machine|vraie personne)\b",
    "question": r"\?|^\W*(?:qu'est-ce|que|quoi|comment|pourquoi|quand|ou|qui|quel\w*|combien|est-ce)\b",
    "advice": r"\b(?:que (?:dois|peux|devrais|pourrais)-je faire|qu'est-ce que je (?:dois|peux|devrais|pourrais) faire|"
              r"un conseil|des conseils|tu me conseilles|vous me conseillez|que faire|comment faire)\b",
    "request": r"\b(?:peux-tu|pouvez-vous|tu peux|vous pouvez|pourriez-vous|pourrais-tu|je voudrais|j'aimerais|"
               r"s'il (?:te|vous) plait)\b",
    "complaint": r"\b(?:encore une fois|toujours pas|toujours rien|personne ne (?:me )?repond|"
                 r"pour la (?:deuxieme|troisieme|quatrieme|cinquieme) fois|inadmissible|inacceptable|scandaleux|"
                 r"ras le bol|j'en ai marre"
                 r"|pas (?:encore )?(?:arrive|recu)|pas ete livre|probleme avec (?:ma|la) commande|(?:arrive|est) (?:casse|abime|endommage)|mauvais article|debite deux fois)\b",
    "apology": r"^\W*(?:desole\w*|pardon|excuse-moi|excusez-moi)\b",
    "loss": r"\b(?:est mort|est morte|est decede\w*|nous a quitte\w*|deces|j'ai perdu (?:mon|ma) (?:pere|mere|mari|"
            r"femme|grand-\w+|frere|soeur|fils|fille|ami\w*|chien|chat|papa|maman))\b",
    "bad_news": r"\b(?:licencie\w*|perdu mon (?:travail|emploi|boulot)|chomage|diagnostic|cancer|hopital|malade|accident|"
                r"operation|rupture|m'a quitte\w*|on s'est separe\w*|divorce\w*)\b",
    "sadness": r"\b(?:triste|tristesse|deprime\w*|pleur\w*|seule?|solitude|vide|abattu\w*|ca (?:ne )?va pas|"
               r"je vais mal|le moral a zero|me manque)\b",
    "anger": r"\b(?:en colere|furieu\w*|enerve\w*|agace\w*|exaspere\w*|frustre\w*|frustrant\w*|rage|marre)\b",
    "fear": r"\b(?:peur|angoiss\w*|anxi\w*|inquiet\w*|stress\w*|paniqu\w*|nerveu\w*)\b",
    "tired": r"\b(?:fatigue\w*|epuise\w*|creve\w*|a bout|n'arrive pas a dormir|dors plus)\b",
    "positive": r"\b(?:heureu\w*|content\w*|ravi\w*|genial|super|trop bien|formidable|soulage\w*)\b",
    "good_news": r"\b(?:j'ai reussi|reussi mon|j'ai eu mon|admis\w*|promu\w*|une promotion|decroche|on se marie|"
                 r"je me marie|enceinte|j'ai gagne|on a gagne)\b",
    "normal_question": r"\b(?:c'est|est-ce|est-il) normal\b",
    "better_question": r"\b(?:ca va (?:aller mieux|passer)|ca ira mieux|ca va s'arreter)\b",
    "how_are_you": r"\b(?:comment ca va|ca va\s*\?|comment vas-tu|comment allez-vous|tu vas bien)\b",
}

WORDS = frozenset(
    "le la les et est que de ne pas je un une mon ma mes tres mais merci suis avec tu te toi vous ce ca qui dans "
    "pour sur au aux du des il elle plus moi c'est j'ai n'est d'accord parler veux peux quelqu'un rien bonjour "
    "salut coucou se sa son ses nous".split())
