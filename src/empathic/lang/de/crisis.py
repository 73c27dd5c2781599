"""Crisis texts in de: the resource message, the crisis dialogue's templates and how the helplines
that are the same everywhere are named (product rule 14: fixed, reviewed texts, never generated).

Moved here unchanged from ``safety/helplines.py`` and ``safety/crisis_dialogue.py`` so that each
language's texts sit in its own folder; they are drafts for the clinical and native-speaker review
named in ``docs/safety.md``.
"""

# the fixed message when risk first reaches moderate; {resources} lists the locale's helplines
RESOURCE_MESSAGE = ("Danke, dass du mir das erzählst. Was du beschreibst, klingt ernst, und du verdienst jetzt die "
                   "Unterstützung eines Menschen. Ich bin eine KI und kann dir in diesem Moment nicht die Hilfe geben, "
                   "die du brauchst, aber es gibt Menschen, die für dich da sind: {resources} Wenn du gerade in Gefahr "
                   "bist, ruf bitte den örtlichen Notruf an. Könntest du jetzt eine dieser Stellen oder eine Person "
                   "deines Vertrauens kontaktieren?")

# the local emergency number and Find A Helpline, in this language (names stay as each service writes them)
INTERNATIONAL = {"emergency": ('Notruf', 'die örtliche Notrufnummer (112 in der EU)'),
                 "find_a_helpline": ("Find A Helpline", 'kostenlose, vertrauliche Hilfetelefone nach Land')}

TEMPLATES = {
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
}
