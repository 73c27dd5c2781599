"""What lets a conversation's crisis level go down, or hold off firing: clarifications,
denials, answers to the direct question, ambiguous despair, and framing.

All patterns run on ``normalize``d text (lowercase, accents folded), in the six
languages of ``patterns.py`` (en, es, pt, fr, de, it). They are deliberately
narrow: a clarification needs both a referent ("I mean the homework") and a
contrast or denial ("not life", "I'm not suicidal"); "jk", "it's for a story"
or "hypothetically" are framing, never a clarification (product rule 13).
"""

from __future__ import annotations

import re

_NOT_LIFE = r"(?!(?:my\s+|own\s+|mi\s+|minha\s+|ma\s+|mein\s+|mia\s+)?(?:life|self|existence|vida|vie|leben|vita)\b)"
_EN, _ES, _PT = r"(?:the|my|this|that|our|his|her|their|a|an|some)", r"(?:el|la|los|las|mi|mis|un|una|este|esta|lo de)", r"(?:o|a|os|as|meu|minha|um|uma|esse|essa|isso)"
_FR, _DE = r"(?:la|le|les|l'|mon|ma|mes|un|une|ce|cette)", r"(?:die|den|das|dem|der|meine?n?|meinem|meiner|eine?n?)"
_IT = r"(?:il|lo|la|i|gli|le|l'|mio|mia|miei|mie|un|una|questo|questa)"

# "I mean the homework", "I meant my phone", "me refiero al examen", "je parlais de l'examen"
REFERENT = re.compile(
    rf"\bi\s+(?:mean|meant|was talking about|was referring to|was on about|was talking abt)\s+{_EN}\s+{_NOT_LIFE}\w+|"
    rf"\b(?:me refiero a|me referia a|quise decir|queria decir|hablaba de|estaba hablando de)l?\s*{_ES}?\s*{_NOT_LIFE}\w+|"
    rf"\b(?:quis dizer|queria dizer|estava falando|falava|me refiro|me referia)\s+(?:d[oa]s?|a|ao)?\s*{_PT}?\s*{_NOT_LIFE}\w+|"
    rf"\b(?:je parlais|je parle|je voulais dire|je pensais a|je pensais au)\s*(?:d[eu]|des|d')?\s*{_FR}?\s*{_NOT_LIFE}\w+|"
    rf"\bich\s+(?:meinte|meine|rede(?:te)? von|sprach von|spreche von)\s+{_DE}\s+{_NOT_LIFE}\w+|"
    rf"\b(?:intendevo|intendo|parlavo|stavo parlando|mi riferivo|mi riferisco)\s*(?:d\w*|a\w*)?\s*{_IT}?\s*{_NOT_LIFE}\w+")
# "..., not life", "not about dying", "pas de la vie", "nicht das Leben", "non la vita"
CONTRAST = re.compile(
    r"\bnot\s+(?:about\s+|talking about\s+)?(?:my\s+)?(?:life|living|me|myself|suicide|dying|death|killing myself|literally|"
    r"like that|that way|in that way|in that sense)\b|"
    r"\bno\s+(?:a\s+|de\s+)?(?:la vida|mi vida|morir|matarme|suicidarme|literalmente|en ese sentido)\b|"
    r"\bnao\s+(?:d[aoe]\s+)?(?:a\s+)?(?:vida|minha vida|morrer|me matar|literalmente|nesse sentido)\b|"
    r"\bpas\s+(?:de\s+|a\s+)?(?:la vie|ma vie|mourir|me tuer|du suicide|au suicide|au sens propre|litteralement|dans ce sens)\b|"
    r"\bnicht\s+(?:das|mein|vom|von meinem|ans?)?\s*(?:leben|sterben|selbstmord|suizid|wortlich|so gemeint)\b|"
    r"\bnon\s+(?:della\s+|alla\s+|la\s+|a\s+)?(?:vita|mia vita|morire|uccidermi|ammazzarmi|suicidio|letteralmente|in quel senso)\b")
# a denial of the risk itself; the signals it covers ("i'm not suicidal" matches "suicidal") do not count
DENIAL = re.compile(
    r"\b(?:i'?m|i am|im)\s+not\s+(?:\w+\s+)?suicidal\b|\bnot\s+(?:feeling\s+)?suicidal\b|"
    r"\b(?:don'?t|do not|dont)\s+(?:actually\s+|really\s+)?want\s+to\s+(?:die|kill myself|end my life)\b|"
    r"\b(?:i'?m|i am|im)\s+not\s+(?:going to|gonna)\s+(?:kill|hurt)\s+myself\b|"
    r"\bnot\s+(?:thinking|talking)\s+(?:about|of)\s+(?:suicide|killing myself|dying|ending (?:it|my life))\b|"
    r"\bno\s+soy\s+suicida\b|\bno\s+quiero\s+morir(?:me)?\b|\bno\s+(?:me\s+)?voy\s+a\s+(?:matar|suicidar)\w*\b|"
    r"\bno\s+estoy\s+pensando\s+en\s+(?:suicidarme|matarme|morir)\b|"
    r"\bnao\s+sou\s+suicida\b|\bnao\s+quero\s+morrer\b|\bnao\s+vou\s+me\s+matar\b|\bnao\s+estou\s+pensando\s+em\s+(?:me matar|morrer)\b|"
    r"\b(?:je ne suis pas|pas)\s+suicidaire\b|\bje\s+(?:ne\s+)?veux\s+pas\s+mourir\b|\bje\s+(?:ne\s+)?vais\s+pas\s+me\s+(?:tuer|suicider)\b|"
    r"\b(?:ich bin|bin)\s+nicht\s+(?:suizidal|lebensmude|selbstmordgefahrdet)\b|\bich\s+will\s+nicht\s+sterben\b|"
    r"\bich\s+werde\s+mich\s+nicht\s+umbringen\b|"
    r"\bnon\s+sono\s+suicida\b|\bnon\s+voglio\s+morire\b|\bnon\s+(?:mi\s+)?voglio\s+(?:uccidere|ammazzare)\b|"
    r"\bnon\s+(?:voglio\s+)?(?:uccidermi|ammazzarmi|farla finita)\b|\bnon\s+mi\s+(?:uccido|ammazzo)\b")
# despair that may or may not be about living: ask, do not fire
AMBIGUOUS = re.compile(
    r"\b(?:i\s+)?give up\b|\bi'?m\s+(?:so\s+)?done\b|\bim\s+(?:so\s+)?done\b|\bcan'?t\s+do\s+(?:this|it)\s+any\s?more\b|"
    r"\bcan'?t\s+(?:take|handle)\s+(?:it|this)\s+any\s?more\b|\bcan'?t\s+any\s?more\b|\bwhat'?s\s+the\s+point\b|"
    r"\bi'?m\s+(?:so\s+)?over\s+(?:it|this|everything)\b|\bcan'?t\s+go\s+on\b|"
    r"\bno\s+puedo\s+mas\b|\bme\s+rindo\b|\bnao\s+aguento\s+mais\b|\b(?:eu\s+)?desisto\b|\bje\s+n'?en\s+peux\s+plus\b|"
    r"\bj'?abandonne\b|\bich\s+kann\s+nicht\s+mehr\b|\bich\s+gebe\s+auf\b|\bnon\s+ce\s+la\s+faccio\s+piu\b|\bmi\s+arrendo\b")
AMBIGUOUS_MAX_WORDS = 12
# words that make despair about living, not ambiguous ("I'm so done with life")
ABOUT_LIVING = re.compile(
    r"\b(?:life|living|alive|exist\w*|die|dying|dead|death|gone|here|vida|vivir|viver|morir|morrer|vie|vivre|mourir|"
    r"leben|sterben|tot|vita|vivere|morire)\b")
# "jk", "for a story": they hold a level, they never count as a quiet turn (product rule 13)
FRAMING = re.compile(
    r"\b(?:jk|j/k|just kidding|kidding|joking|for a story|for my story|for a novel|fiction|hypothetically|hypothetical|"
    r"role-?play|my character|in character|lol jk|broma|bromeando|brincadeira|brincando|je plaisante|c'?est pour rire|"
    r"spass|nur ein witz|scherzo|scherzavo)\b")
# answers to "are you having thoughts of ending your life?"; unsure counts as yes (it is followed up)
YES = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|ya|yea|i think so|i guess|sometimes|maybe|kind of|kinda|sort of|a little|a bit|"
    r"honestly,? yes|si|sim|oui|ja|jein)\b|"
    r"\b(?:sometimes|kind of|kinda|sort of|a little|a bit|maybe|i don'?t know|idk|not sure|often|every day|lately|"
    r"a veces|un poco|tal vez|quizas?|puede ser|no se|as vezes|um pouco|talvez|nao sei|parfois|un peu|peut-etre|"
    r"je (?:ne )?sais pas|manchmal|ein bisschen|vielleicht|weiss nicht|keine ahnung|a volte|un po|forse|non (?:lo )?so)\b")
NO = re.compile(
    r"^\W*(?:no|nope|nah|not really|never|no way|not at all|of course not|definitely not|god no|para nada|nunca|"
    r"claro que no|nao|de jeito nenhum|claro que nao|non|pas du tout|jamais|nein|nee|niemals|gar nicht|"
    r"auf keinen fall|mai|per niente|assolutamente no)\b")
_BUT = re.compile(r"\b(?:but|pero|mas|mais|aber|ma|though)\b")


def denied_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in DENIAL.finditer(text)]


def is_denied(excerpt: str, text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether a signal's excerpt lies inside a denial ("i'm not suicidal", "non voglio morire")."""
    start = text.find(excerpt)
    if start < 0 or not excerpt:
        return False
    end = start + len(excerpt)
    return any(s <= end and start <= e for s, e in spans)


def is_clarification(text: str) -> bool:
    """ "I mean the homework, not life" / "no I'm not suicidal, I meant my phone died"."""
    return bool(REFERENT.search(text)) and bool(CONTRAST.search(text) or DENIAL.search(text))


def is_ambiguous(text: str) -> bool:
    return (bool(AMBIGUOUS.search(text)) and len(text.split()) <= AMBIGUOUS_MAX_WORDS
            and not ABOUT_LIVING.search(text))


def is_framing(text: str) -> bool:
    return bool(FRAMING.search(text))


def answer(text: str) -> str | None:
    """``yes`` / ``no`` / ``None`` for a short reply to the direct question."""
    if len(text.split()) > 16:
        return None
    if NO.search(text) and not _BUT.search(text) and not re.search(r"\b(?:no se|nao sei|non (?:lo )?so)\b", text):
        return "no"
    if YES.search(text):
        return "yes"
    return None
