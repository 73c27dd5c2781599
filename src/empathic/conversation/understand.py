"""What the user's turn calls for, read the way a person would hear it.

The text reading gives the dialogue act, sarcasm and valence; these cues add what a reply
must react to: a death, a break-up, bad or good news, a complaint, an apology, a wish about
how to be spoken to. A turn that sounds negative must never get a positive opener, so
"negative" wins over "good news" whenever the two meet ("supportive, but I feel like I'm
letting her down"), and a sarcastic "fantastic" after a bad turn is negative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from empathic.conversation import persons
from empathic.text.acts import HANDOFF

ARE_YOU_HUMAN = re.compile(r"\bare you (?:a |an )?(?:real|human|person|bot|robot|ai|machine)\b", re.I)
RHETORICAL = re.compile(r"^\W*why (?:does|do|is|are|can'?t|won'?t|did)\b.*\b(?:always|never|every time|again|you (?:guys|people))\b", re.I)
GOOD_NEWS = re.compile(r"\b(?:passed(?!\s+(?:away|on))|got (?:the|a|my|into|in)\b|got engaged|engaged|promoted|promotion|"
                       r"\bwon\b|slayed|slew|beat (?:the|them)|made it|went (?:really |so |very )?well|nailed|"
                       r"accepted|got in\b|new job|finally did|it worked|graduated|had (?:a |her |the |his )?(?:baby|kittens|puppies)|"
                       r"finally (?:arrived|came|here|get it|got it|understand))\b", re.I)
BAD_NEWS = re.compile(r"\b(?:laid off|fired|lost my job|made redundant|redundan\w+|diagnos\w+|cancer|failed|"
                      r"broke down|got dumped|evicted|sick|ill\b|hospital|injur\w+|cut on|accident|surgery|operation|"
                      r"los(?:t|ing) my (?:wallet|phone|keys|bag|passport|purse|house|home)|panic attack|taken by|kidnapped|"
                      r"captured|gone missing|gave me a warning|going to fire me)\b", re.I)
NEGATIVE_CUES = re.compile(r"\bbut I (?:feel|think|worry|can'?t|don'?t)|letting (?:\w+ ){0,2}down|\bguilty\b|"
                           r"\bI feel (?:like )?(?:a failure|useless|bad|awful|terrible|stupid|alone)|\bcan'?t "
                           r"(?:sleep|cope|stop|take|handle|do this|get)|\boverwhelm\w*|\bstress\w*|\bfed up\b|"
                           r"\bstupid\b|\bwhatever\b|\bpanick\w*|\bterrified\b|\bscared\b|\bworried\b|\bmiss\w*\b|"
                           r"\bdon'?t get\b|\bnasty\b|\bhate\b|\blonely\b|\bquiet now\b|\bhurt\w*\b|\btired\b|\bnervous\b|\bbeen a lot\b|\bcan'?t cope\b|"
                           r"\b(?:second|third|fourth|fifth) time\b|\bonce again\b|\bevery single time\b|"
                           r"\bnothing (?:is )?go(?:es|ing) (?:my way|right)|\beverything (?:is )?go(?:es|ing) wrong|"
                           r"\bfeels? (?:so )?heavy|"
                           r"\b(?:have ?n[o']t|not) been (?:sleeping|eating)\b|\bnot sleeping\b|\b(?:always|falling|so far) behind\b|"
                           r"\bcan'?t keep up\b|\bnever (?:good )?enough\b|"
                           # a service problem told flatly is still a complaint: "it still hasn't arrived"
                           r"\b(?:still|never|has ?n[o']t|have ?n[o']t|did ?n[o']t|not yet) (?:arrived?|come|received?|"
                           r"got(?:ten)?|turned up|shown up|been (?:delivered|refunded|fixed|sorted))\b|"
                           r"\b(?:says|said|shows|marked (?:as )?) delivered\b|\bnot (?:here|working|delivered)\b|"
                           r"\bstill waiting\b|\bwrong (?:item|size|order|colou?r)\b|\bcharged (?:me )?twice\b|"
                           r"\b(?:arrived|came) (?:damaged|broken)\b|\bfeel(?:ing)? (?:so |really )?(?:low|down|awful|terrible|sad|hopeless)\b", re.I)
# someone's conduct towards the user, a complaint even when told flatly (what people bring to HR)
MISCONDUCT = re.compile(r"\bharass\w*|\bbull(?:y|ied|ies|ying)\b|\binappropriate\b|\bdiscriminat\w*|\bhumiliat\w*|"
                        r"\bcomments? about my (?:appearance|body|looks|weight|age|accent|religion)\b|"
                        r"\b(?:yell|shout|scream)(?:s|ed|ing)? at me\b|\btouched me\b", re.I)
PRAISE_WORDS = re.compile(r"\b(?:great|wonderful|fantastic|perfect|brilliant|love|lovely|amazing|awesome|"
                          r"thanks for (?:asking|nothing|that)|exactly (?:what|how) I (?:wanted|needed)|just what I needed|"
                          r"best day|oh sure)\b", re.I)
SARCASTIC_OPENER = re.compile(r"^\W*(?:oh|ah)\s+(?:sure|great|wonderful|fantastic|brilliant|perfect|joy|lovely)\b", re.I)
LOW_NOTE_PAST = re.compile(r"\b(?:was|were)\s+(?:so\s+|really\s+)?(?:nervous|scared|worried|terrified|anxious)|"
                           r"almost (?:didn'?t|gave up|quit)", re.I)
GRUDGING = re.compile(r"\b(?:I guess|I suppose|whatever|if you say so|for nothing|not that (?:it|that) helped)\b", re.I)
SARCASTIC_THANKS = re.compile(r"\bthanks for (?:asking|nothing|that)\b", re.I)
HAPPY = re.compile(r"\b(?:getting married|engaged|having a baby|pregnant|yay|woo+|ha(?:ha)*|lol)\b", re.I)
GREETING = re.compile(r"^\s*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))\b", re.I)
THANKS = re.compile(r"\b(?:thanks|thank you|cheers|appreciate it)\b", re.I)
USER_APOLOGY = re.compile(r"^\W*(?:\w+\W+){0,2}sorry\b|\bnot your fault\b|\bmy bad\b|\bI apologi[sz]e\b", re.I)
QUESTION = re.compile(r"\?\s*$|^\s*(?:what|how|why|when|where|who|which|do|does|did|is|are|can|could|should|would|"
                      r"will|have|has)\b|\bhow are you\b", re.I)
ADVICE = re.compile(r"\b(?:what should I|should I\b|I should do|what (?:can|could) I do|how (?:do|can|could|should) I|"
                    r"any (?:tips|advice|ideas|suggestions)|what (?:would|do) you (?:do|suggest|recommend)|"
                    r"tell me what to (?:do|try)|what to do)\b", re.I)
IMPERATIVE = re.compile(r"^(?:\w+[!,]\s+){0,2}(?:pour|give|get|bring|fetch|show|send|make|hand|fill)\b"
                        r"|^(?:\w+[!,]\s+){0,2}(?:a|an|another|one|two|some)\s+\w+[^?]*!\s*$", re.I)  # "Innkeeper, a room!"
GOODBYE = re.compile(r"\b(?:bye|goodbye|good ?night|see you|off to bed|take care|talk (?:to you )?later|gotta go|gtg|cya|"
                     r"farewell)\b"
                     r"|^\W*later\W*$", re.I)

WISHES = {
    "advice": re.compile(r"(?:don'?t|do not) want (?:any )?(?:sympathy|pity)|\bnot (?:sympathy|pity)|just tell me what to "
                         r"(?:do|try)|(?:give me|I want|I need) (?:advice|solutions|practical)|skip the (?:sympathy|feelings)", re.I),
    "no_feeling_questions": re.compile(r"(?:don'?t|do not|stop|quit|no more)\s+ask(?:ing)?\s+(?:me\s+)?(?:how I(?:'m| am)?\s+"
                                       r"(?:feel|feeling|doing)|about (?:my )?feelings)", re.I),
    "no_questions": re.compile(r"(?:stop|quit|don'?t|do not|no more)\s+ask(?:ing)?\s+(?:me\s+)?(?:so many |any |more )?"
                               r"questions", re.I),
    "vent": re.compile(r"\b(?:just|only) (?:want|need) to vent\b|\bjust listen\b", re.I),
}
ADJECTIVES = {"fear": "stressful", "nervousness": "stressful", "fearful": "stressful", "sadness": "hard",
              "sad": "hard", "grief": "painful", "anger": "frustrating", "annoyance": "frustrating",
              "angry": "frustrating", "disapproval": "frustrating", "disgust": "awful", "disappointment": "tough",
              "embarrassment": "embarrassing", "confusion": "confusing", "remorse": "tough"}
NEGATIVE_LABELS = tuple(ADJECTIVES)


@dataclass
class Cues:
    act: str
    negative: bool
    good_news: bool
    positive: bool
    sarcastic: bool
    loss: bool
    breakup: bool
    bad_news: bool
    complaint: bool
    user_apology: bool
    question: bool
    advice: bool
    handoff: bool
    imperative: bool
    goodbye: bool
    adjective: str
    wishes: list[str] = field(default_factory=list)
    short: bool = False
    after_good: bool = False  # a low note inside good news ("I was so nervous I almost didn't go")
    grudging: bool = False  # thanks given without thanks meant ("Fine. Thanks I guess.")


def read_turn(text: str, reading, recent_valences: list[float], good_lately: bool = False,
              sarcastic_lately: bool = False) -> Cues:
    """``reading``: the turn's text reading (act, sarcasm); ``recent_valences``: the user's previous turns;
    ``good_lately``: good news in the last turns (then "perfect lol" is delight, not sarcasm)."""
    act = getattr(reading, "act", None) or ("question" if text.rstrip().endswith("?") else "statement")
    valence = reading.valence if reading is not None else 0.0
    sarcasm = getattr(reading, "sarcasm", None) or 0.0
    recent_negative = any(v < -0.2 for v in recent_valences[-2:])
    sarcastic = sarcasm >= (0.4 if sarcastic_lately or SARCASTIC_OPENER.search(text) else 0.6) \
        and bool(PRAISE_WORDS.search(text)) and (valence < 0 or recent_negative or sarcastic_lately
                                                 or bool(BAD_NEWS.search(text))) \
        and not GOOD_NEWS.search(text) and not good_lately and (act != "thanks" or bool(SARCASTIC_THANKS.search(text)))
    loss = bool(persons.DEATH.search(text) or persons.LOST_NAMED.search(text))
    breakup = bool(persons.BREAKUP.search(text))
    bad_news = bool(BAD_NEWS.search(text)) and not loss
    complaint = act == "complaint" or bool(RHETORICAL.search(text) or MISCONDUCT.search(text))
    cue = bool(NEGATIVE_CUES.search(text))
    good_news = bool(GOOD_NEWS.search(text)) and not (loss or breakup or sarcastic or complaint or bad_news)
    negative = loss or breakup or bad_news or complaint or sarcastic or cue or (valence < -0.2 and not good_news)
    good_news = good_news and not cue
    after_good = good_lately and negative and bool(LOW_NOTE_PAST.search(text)) \
        and not (loss or breakup or bad_news or complaint or sarcastic or QUESTION.search(text))
    if after_good:
        negative = False
    positive = not negative and (good_news or valence > 0.3 or bool(HAPPY.search(text)))
    scores = getattr(reading, "scores", {}) or {}
    strongest = max(NEGATIVE_LABELS, key=lambda label: scores.get(label, 0.0))
    adjective = ADJECTIVES[strongest] if scores.get(strongest, 0.0) >= 0.4 else "tough"
    wishes = [name for name, pattern in WISHES.items() if pattern.search(text)]
    # "Are you a real person?" asks what we are, not for a person
    handoff = (act == "handoff_request" or bool(HANDOFF.search(text))) and not ARE_YOU_HUMAN.search(text)
    words = re.findall(r"\w+", text)
    # "Hi, I ordered a blender two weeks ago and it still hasn't arrived." is the problem, not a hello
    if act == "statement" and GREETING.search(text) and (len(words) <= 6 or not negative):
        act = "greeting"
    if act not in ("thanks", "complaint") and THANKS.search(text) and not sarcastic:
        act = "thanks"
    return Cues(act=act, negative=negative, good_news=good_news, positive=positive, sarcastic=sarcastic, loss=loss,
                breakup=breakup, bad_news=bad_news, complaint=complaint,
                user_apology=bool(USER_APOLOGY.search(text)) and not complaint,
                question=(act == "advice_request" or bool(QUESTION.search(text))) and not RHETORICAL.search(text),  # "idk" is no question
                advice=act == "advice_request" or bool(ADVICE.search(text)), handoff=handoff,
                imperative=act == "request" or bool(IMPERATIVE.search(text)),
                goodbye=act == "goodbye" or bool(GOODBYE.search(text)), adjective=adjective, wishes=wishes,
                short=len(words) <= 3, after_good=after_good,
                grudging=act == "thanks" and bool(GRUDGING.search(text)))
