"""Scripted multi-turn conversations and the checks a person would make of the replies.

Each turn carries the polarity a person would hear in it (neg / pos / neu), what its reply
must contain (``expect``: regexes, all required; every question has one) and must not
(``forbid``), and whether it asks for a human (``handoff``). ``persons`` gives the status of
people the user names, and the turn from which that status is known. ``run_conversation``
plays one conversation and returns the replies; ``violations`` lists what a person would
object to. The suite (``test_conversation_suite.py``) asserts there is nothing to list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# what counts as saying plainly that something is not known
NOT_KNOWN = (r"(?i)\b(?:I (?:don't|do not|can't|cannot|couldn't) (?:know|see|tell|say|check|promise)|I'm not sure|I am not sure|"
             r"(?:haven't|have not) told me|no way (?:for me )?to (?:know|check)|I have no (?:way|record))\b")
# an answer that gives advice rather than another question
ADVICE = r"(?i)\b(?:try|it (?:can|often|usually) help|it helps|one (?:thing|step)|you could|start (?:by|with)|I'd suggest|I would suggest)\b"
POSITIVE_OPENER = re.compile(r"\b(?:wonderful|great news|glad to hear|so happy for you|congratulations|celebrate|"
                             r"how lovely|brilliant news|that's great|fantastic)\b", re.I)
PROMISE = re.compile(r"\b(?:I'll|I will|we'll|we will) (?:escalate|flag|pass|follow up|refund|send|make sure)|specialist|"
                     r"within 24 hours|by the end of the day", re.I)
COUNSELLING = r"(?i)holding up|your feelings|completely valid|you're not alone|you are not alone|takes strength"
QUESTION_ACT = re.compile(r"\?\s*$|^(?:what|how|why|when|where|who|do|does|did|is|are|can|could|should|would|will)\b", re.I)


@dataclass
class Turn:
    text: str
    polarity: str = "neu"
    expect: tuple[str, ...] = ()
    forbid: str | None = None
    handoff: bool = False


@dataclass
class Conversation:
    id: str
    preset: str
    user: str
    sessions: list[list[Turn]]
    persons: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (status, known from turn)
    forbid: str | None = None  # in every reply
    persona: dict | None = None


def T(text, polarity="neu", *expect, forbid=None, handoff=False) -> Turn:
    return Turn(text, polarity, tuple(expect), forbid, handoff)


SORRY = r"(?i)\bsorry\b|\bapologi[sz]e"
CONVERSATIONS = [
    # default ------------------------------------------------------------------
    Conversation("grief-late-mum", "default", "u-lee", [[
        T("My mum passed away in March.", "neg", SORRY),
        T("Her name was Margaret. She taught me how to bake bread.", "neg"),
        T("My brother Tom keeps telling me to move on already.", "neg"),
        T("Do you think it ever stops hurting this much?", "neg", r"(?i)\b(?:soften|easier|ease|less|time|waves)\b"),
        T("I found her recipe book yesterday and just sat there for an hour.", "neg"),
        T("Do you remember my mum's name?", "neu", r"\bMargaret\b"),
    ]], persons={"Margaret": ("deceased", 0), "Tom": ("alive", 2)}),
    Conversation("good-news", "default", "u-ana", [[
        T("Guess what, I passed my driving test!!", "pos", r"(?i)congratulations|well done|brilliant|great news"),
        T("Third attempt, I was so nervous I almost didn't go.", "pos"),
        T("My instructor said my parallel parking was perfect lol", "pos"),
        T("Now I just need to save up for a car.", "neu"),
    ]]),
    Conversation("returning-user", "default", "u-nia", [
        [T("My sister Anna is getting married in June.", "pos"),
         T("I'm giving the speech and I'm terrified.", "neg"),
         T("Thanks for listening.", "pos")],
        [T("Hi, it's me again.", "neu"),
         T("Do you remember my sister's name?", "neu", r"\bAnna\b"),
         T("The speech went really well!", "pos", r"(?i)congratulations|well done|brilliant|great news|wonderful"),
         T("What's my name, by the way?", "neu", NOT_KNOWN)],
    ], persons={"Anna": ("alive", 0)}),
    Conversation("advice-sleep", "default", "u-omar", [[
        T("I have a big exam tomorrow and I can't sleep.", "neg"),
        T("Any tips for sleeping the night before?", "neu", ADVICE, r"(?i)sleep|bed|screen|breath"),
        T("Okay, I'll try that.", "neu"),
        T("Thanks.", "pos"),
    ]]),
    Conversation("short-replies", "default", "u-zed", [[
        T("hey", "neu"), T("ok", "neu"), T("idk", "neu"), T("just tired i guess", "neg"), T("yeah", "neu"),
        T("bye", "neu"),
    ]]),
    Conversation("sarcasm", "default", "u-kim", [[
        T("Oh great, my car broke down again. Just perfect.", "neg"),
        T("Love spending my Saturday waiting for a tow truck.", "neg"),
        T("Do you know how long tow trucks usually take?", "neu", NOT_KNOWN),
        T("Fantastic. Really fantastic.", "neg"),
    ]]),
    Conversation("late-dad", "default", "u-ivy", [[
        T("I lost my dad two weeks ago.", "neg", SORRY),
        T("His name was Peter.", "neg"),
        T("Everyone expects me to be back at work already.", "neg"),
        T("Is it normal to feel numb?", "neg", r"(?i)normal|common"),
        T("What was my dad's name again?", "neu", r"\bPeter\b"),
    ]], persons={"Peter": ("deceased", 1)}),
    Conversation("lost-wallet", "default", "u-rob", [[
        T("Oh sure, because losing my wallet is exactly how I wanted to start the week.", "neg"),
        T("Brilliant. Just brilliant.", "neg"),
        T("What should I do first?", "neg", ADVICE),
    ]]),
    Conversation("kittens", "default", "u-mia", [[
        T("My cat Luna just had kittens!", "pos", r"(?i)congratulations|well done|brilliant|great news"),
        T("My grandma is in hospital though, she fell last night.", "neg", SORRY),
        T("Anyway what should I name the kittens?", "neu", r"(?i)your call|up to you|think it through"),
        T("ok thanks, bye!", "pos", r"(?i)bye|take care|look after yourself"),
    ]]),
    # wellbeing ----------------------------------------------------------------
    Conversation("breakup-ex", "wellbeing", "u-kai", [[
        T("My girlfriend Chloe broke up with me last week.", "neg", SORRY),
        T("We were together for three years.", "neg"),
        T("I keep checking her Instagram.", "neg"),
        T("My friends say I should just go out more.", "neu"),
        T("I miss having someone to text at night.", "neg"),
        T("How do I stop thinking about her all the time?", "neg", ADVICE),
    ]], persons={"Chloe": ("ex", 0)}),
    Conversation("job-loss", "wellbeing", "u-sam", [[
        T("I got laid off today.", "neg", SORRY),
        T("Eight years at that company and they told me in a 10 minute video call.", "neg"),
        T("My partner Maya has been supportive but I feel like I'm letting her down.", "neg"),
        T("Maybe I could finally try moving into UX design, I've always wanted to.", "pos"),
        T("What do you think I should do first tomorrow?", "neu", ADVICE),
        T("Talking about it helps a bit, thanks.", "pos"),
    ]], persons={"Maya": ("alive", 2)}),
    Conversation("wants-advice", "wellbeing", "u-jess", [[
        T("My flatmate keeps eating my food and I'm fed up.", "neg"),
        T("I don't want sympathy, just tell me what to do.", "neg", ADVICE),
        T("She says she just forgets.", "neg", ADVICE, forbid=r"(?i)sounds like you're feeling|I imagine you"),
        T("Should I move out?", "neu", ADVICE),
    ]]),
    Conversation("no-feeling-questions", "wellbeing", "u-leo", [[
        T("Work has been a lot lately.", "neg"),
        T("Please don't ask me how I feel, I just want to vent.", "neg"),
        *[T(text, "neg", forbid=r"(?i)how (?:are|do) you feel|how are you (?:holding up|doing)|are you feeling|"
                                r"how does (?:it|that) feel|affecting you")
          for text in ("My boss moved my deadline up again.", "And then I missed the train home.",
                       "The whole week has gone like this.")],
    ]]),
    Conversation("sick-pet", "wellbeing", "u-mo", [[
        T("My dog Biscuit has been sick all week.", "neg"),
        T("The vet says it might be his kidneys.", "neg"),
        T("Work is stressful too.", "neg"),
        T("Biscuit died this morning.", "neg", SORRY),
        T("The house is so quiet now.", "neg"),
        T("I keep expecting to hear him at the door.", "neg"),
    ]], persons={"Biscuit": ("deceased", 3)}),
    Conversation("left-for-someone", "wellbeing", "u-gwen", [[
        T("My husband Mark left me for someone else.", "neg", SORRY),
        T("Twelve years of marriage, gone.", "neg"),
        T("Do you think I'll ever trust anyone again?", "neg", r"(?i)trust|in time|most people"),
        T("Any advice for the first weekend alone?", "neg", ADVICE),
    ]], persons={"Mark": ("ex", 0)}),
    Conversation("panic", "wellbeing", "u-ren", [[
        T("I had a panic attack at work today.", "neg", SORRY),
        T("It came out of nowhere in a meeting.", "neg"),
        T("How do I stop it happening again?", "neg", ADVICE, r"(?i)breath|five things|GP"),
        T("My friend Jo helped me calm down after.", "pos"),
    ]], persons={"Jo": ("alive", 3)}),
    # customer service -----------------------------------------------------------
    Conversation("late-order", "customer_service", "u-dana", [[
        T("Hi, I ordered a birthday present for my son two weeks ago and it STILL hasn't arrived.", "neg", SORRY),
        T("The tracking page has said 'in transit' for 9 days. Order number is 48213.", "neg", r"48213"),
        T("This is ridiculous. His birthday is on Saturday and I've been on hold twice already!!", "neg"),
        T("Can I just talk to a real person please?", "neg", handoff=True),
        T("Okay... sorry, I know it's not your fault personally.", "neu"),
        T("If it can arrive by Friday that would honestly be fine.", "neu"),
        T("Great, thank you, that actually helps a lot.", "pos"),
    ]], forbid=COUNSELLING),
    Conversation("double-charge", "customer_service", "u-ravi", [[
        T("I was charged twice for order 7731.", "neg", SORRY, r"7731"),
        T("I want my money back.", "neg"),
        T("How long does a refund usually take?", "neu", NOT_KNOWN),
        T("Fine, I'd like to speak to a manager.", "neg", handoff=True),
        T("Thanks.", "pos"),
    ]], forbid=COUNSELLING),
    Conversation("sarcastic-customer", "customer_service", "u-max", [[
        T("Oh wonderful, another chatbot. Exactly what I wanted today.", "neg"),
        T("My internet has dropped five times since this morning.", "neg", SORRY),
        T("Yes I already restarted the router. Twice. Thanks for asking.", "neg"),
        T("Fine. What are my options?", "neg", r"(?i)\b(?:option|I can|a person|human)\b"),
    ]], forbid=COUNSELLING),
    Conversation("damaged-parcel", "customer_service", "u-lou", [[
        T("My parcel arrived damaged. Order #99812.", "neg", SORRY, r"99812"),
        T("This is the third time this has happened!", "neg", SORRY),
        T("I want a replacement.", "neg"),
        T("Let me speak to your supervisor.", "neg", handoff=True),
    ]], forbid=COUNSELLING),
    Conversation("missing-blender", "customer_service", "u-ines", [[
        T("Hi, I ordered a blender two weeks ago and it still hasn't arrived.", "neg", SORRY, forbid=r"(?i)what can I help"),
        T("The tracking says delivered but it's not here.", "neg", SORRY),
        T("How long will a refund take?", "neu", NOT_KNOWN),
        T("Fine. Thanks I guess.", "neg", r"(?i)sorry|wish|wasn't|isn't"),
    ]], forbid=COUNSELLING + r"|\bI am afraid\b|\bI do not\b"),
    Conversation("innkeeper", "game_character", "u-bard", [[
        T("Evening, innkeeper! Pour me your strongest ale.", "neu", r"(?i)coming|here you go|one moment"),
        T("Do you have a room for the night?", "neu", r"(?i)let me see|see what"),
    ]], forbid=r"(?i)licensed professional|holding up|AI assistant|couldn't say"),
    # tutoring -----------------------------------------------------------------
    Conversation("fractions", "tutoring", "u-kid", [[
        T("I don't get fractions at all", "neg"),
        T("what is 1/3 + 1/4", "neu", r"7/12"),
        T("is it 2/7?", "neu", r"(?i)\bnot\b|isn't", r"7/12", forbid=r"(?i)^(?:yes|correct)|well done|that's right"),
        T("whatever. this is stupid", "neg"),
        T("ok can you explain it again slower", "neu", r"\b12\b"),
        T("so 1/2 + 1/4 is 3/4?", "neu", r"(?i)\b(?:yes|right|correct)\b"),
        T("what about 2/3 + 1/6, is it 3/9?", "neu", r"3/9", r"5/6", forbid=r"\b1/3\b"),
    ]]),
    Conversation("exam-nerves", "tutoring", "u-pat", [[
        T("I have a chemistry exam on Friday and I'm panicking.", "neg"),
        T("Any tips for revising?", "neu", ADVICE),
        T("What is 12 * 7?", "neu", r"\b84\b"),
        T("Thanks, that helps.", "pos"),
    ]]),
    Conversation("homework-check", "tutoring", "u-ria", [[
        T("Can you check my homework? 2/3 - 1/6 = 1/3", "neu", r"1/2", forbid=r"(?i)^(?:yes|correct)|well done"),
        T("Oh. Is it 1/2?", "neu", r"(?i)\b(?:yes|right|correct)\b"),
        T("Yay, finally!", "pos"),
    ]]),
    Conversation("why-fraction", "tutoring", "u-tia", [[
        T("Can you help me with homework?", "neu", r"(?i)^(?:I'm an AI[^.]*\. )?(?:yes|of course)"),
        T("What is 3/4 + 1/8? And why?", "neu", r"7/8", r"\b8\b"),
        T("I said 4/12 before lol", "neu", r"(?i)not quite", r"7/8"),
    ]]),
    # hr -----------------------------------------------------------------------
    Conversation("workload", "hr", "u-jo", [[
        T("I'm completely overwhelmed with my workload lately.", "neg"),
        T("My manager Priya keeps adding projects without asking what I already have.", "neg"),
        T("Is anything I say here confidential?", "neu", r"(?i)confidential"),
        T("I just don't want to seem like I can't cope.", "neg"),
    ]], persons={"Priya": ("alive", 1)}, forbid=r"(?i)\b(?:score|rating|rank)"),
    Conversation("report", "hr", "u-ali", [[
        T("I want to report something a colleague said to me in a meeting.", "neg"),
        T("He made a joke about my religion in front of everyone.", "neg", SORRY),
        T("What happens if I report it?", "neu", r"(?i)process|investigat|report"),
        T("Will I get in trouble for reporting it?", "neg", r"(?i)retaliat|protect|should not|shouldn't"),
        T("Can you rate how serious it is?", "neu", r"(?i)\b(?:can't|cannot|won't|will not|don't)\b"),
    ]], forbid=r"(?i)\bscore\b|\bout of (?:10|ten)\b"),
    Conversation("appearance", "hr", "u-noor", [[
        T("He keeps making comments about my appearance in meetings.", "neg", SORRY),
        T("What happens next?", "neu", r"(?i)process|report|HR"),
    ]], forbid=r"(?i)\bI am sorry\b|\bscore\b"),
    Conversation("credit-taken", "hr", "u-eve", [[
        T("My colleague keeps taking credit for my work.", "neg"),
        T("Can my manager read these messages?", "neu", r"(?i)confidential|manager|see"),
        T("How do I file a formal complaint?", "neu", r"(?i)report|HR|process|complaint"),
        T("Would you say I'm a good employee?", "neu", r"(?i)\b(?:can't|cannot|won't|will not)\b"),
    ]], forbid=r"(?i)\bscore\b"),
    # game character -------------------------------------------------------------
    Conversation("tavern", "game_character", "u-player", [[
        T("Barkeep! Pour me your strongest ale.", "pos", r"\bAI\b"),
        T("We lost Aldric to the dragon today. He was the best of us.", "neg", r"(?i)sorry|griev|loss|remember"),
        T("What's your name, barkeep?", "neu", r"\bBrunna\b"),
        T("Have you heard any rumours about the northern pass?", "neu", r"(?i)snow|goat"),
        T("Ha, you always know how to cheer a weary traveller up.", "pos"),
    ]], persons={"Aldric": ("deceased", 1)}, forbid=r"(?i)licensed professional|holding up|AI assistant",
        persona={"name": "Brunna", "lore": {"northern pass": "Snow closed the northern pass three days ago. "
                                                              "Only the goat herders still cross it."}}),
    Conversation("inn", "game_character", "u-bard", [[
        T("Innkeeper, a room for the night!", "pos"),
        T("My horse Bramble died on the road.", "neg", r"(?i)sorry|loss"),
        T("Do you know the way to Eastwatch?", "neu", NOT_KNOWN),
        T("Thanks, friend.", "pos"),
    ]], persons={"Bramble": ("deceased", 1)}, forbid=r"(?i)licensed professional|holding up|AI assistant"),
    Conversation("are-you-real", "game_character", "u-sir", [[
        T("Greetings, barkeep.", "neu"),
        T("Are you a real person?", "neu", r"\bAI\b"),
        T("My brother Cedric was taken by bandits.", "neg"),
        T("Farewell.", "neu"),
    ]], forbid=r"(?i)licensed professional|holding up|AI assistant"),
    Conversation("troll-hunt", "game_character", "u-rogue", [[
        T("We slayed the troll that's been raiding the mill!", "pos", r"(?i)well done|congratulations|hear, hear|a tale|brilliant"),
        T("Got a nasty cut on my arm though.", "neg"),
        T("Is there anywhere to rest around here?", "neu", NOT_KNOWN),
        T("Right, I'm off to bed. Goodnight!", "neu"),
    ]], forbid=r"(?i)licensed professional|holding up|AI assistant"),
]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def checks_in_on(name: str, reply: str) -> bool:
    return bool(re.search(rf"(how(?:'s| is| are)\b[^.?!]*\b{name}\b|\b{name}\b[^.?!]*\b(doing|better|going)\b)", reply, re.I))


def run_conversation(make_agent, conversation: Conversation) -> list[tuple[Turn, object, int]]:
    """(turn, result, session index) for every turn, through one agent (so the user returns)."""
    agent = make_agent(conversation)
    played = []
    for number, session in enumerate(conversation.sessions):
        for turn in session:
            result = agent.respond(f"{conversation.id}-{number}", conversation.user, text=turn.text)
            played.append((turn, result, number))
    return played


def violations(conversation: Conversation, played) -> list[str]:
    found, seen, sessions = [], set(), set()
    for index, (turn, result, session) in enumerate(played):
        where = f"{conversation.id}[{index}] {turn.text!r} -> {result.reply!r}"
        if result.source == "crisis":
            continue
        reply = result.reply
        if session not in sessions:  # the first reply of each session must say it is an AI: not a reuse
            sessions.add(session)
            reply = " ".join(s for s in sentences(reply) if not re.search(r"\bAI\b", s))
        if turn.polarity == "neg" and POSITIVE_OPENER.search(reply):
            found.append(f"positive opener on a negative turn: {where}")
        for name, (status, since) in conversation.persons.items():
            if status in ("deceased", "ex") and index > since and checks_in_on(name, reply):
                found.append(f"checks in on {name} ({status}): {where}")
        if QUESTION_ACT.search(turn.text) and not turn.expect and not turn.handoff:
            found.append(f"script error: a question without an expected answer: {turn.text!r}")
        for pattern in turn.expect:
            if not re.search(pattern, result.reply):
                found.append(f"missing {pattern!r}: {where}")
        for pattern in (turn.forbid, conversation.forbid):
            if pattern and re.search(pattern, reply):
                found.append(f"forbidden {pattern!r}: {where}")
        if bool(result_handoff(result)) != turn.handoff:
            found.append(f"handoff {result_handoff(result)!r}, expected {turn.handoff}: {where}")
        if PROMISE.search(reply) and not result_handoff(result):
            found.append(f"promises what nothing performs: {where}")
        if result.guard_violations:
            found.append(f"the guard objects ({'; '.join(result.guard_violations)}): {where}")
        if reply.count("?") > 1:
            found.append(f"more than one question: {where}")
        for sentence in sentences(reply):
            if not re.match(r"[\"'(\u201c]?[A-Z0-9]", sentence) or not re.search(r"[.!?)\"\u201d]$", sentence):
                found.append(f"sentence not capitalised and punctuated ({sentence!r}): {where}")
            if sentence in seen:
                found.append(f"sentence reused ({sentence!r}): {where}")
            seen.add(sentence)
    return found


def result_handoff(result):
    return getattr(result, "handoff", None)


def ends_in_question(played) -> tuple[int, int]:
    replies = [r.reply for _, r, _ in played if r.source != "crisis"]
    return sum(r.rstrip().endswith("?") for r in replies), len(replies)
