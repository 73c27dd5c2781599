"""The built-in realizer: active-listening replies composed from the plan.

A reply is built from up to four moves, each with several wordings:
reflect the content in the person's own words, name the feeling tentatively
("it sounds like ..."), validate it, then act on the strategy (ask, restate,
reassure, suggest, inform). Tone decides contractions, energy and length.
Wording varies, and a session never gets the same reply twice.
"""

from __future__ import annotations

import random
import re

FEELING_WORDS = {
    "anger": ("frustrated", "really annoyed", "angry"), "annoyance": ("frustrated", "annoyed", "fed up"),
    "disapproval": ("unhappy with how this went", "let down", "frustrated"), "disgust": ("appalled", "disgusted", "put off"),
    "disappointment": ("disappointed", "let down", "discouraged"), "sadness": ("sad", "down", "heavy-hearted"),
    "grief": ("heartbroken", "grieving", "deeply sad"), "remorse": ("regretful", "sorry about it", "guilty"),
    "embarrassment": ("embarrassed", "self-conscious", "awkward about it"), "fear": ("scared", "afraid", "frightened"),
    "nervousness": ("anxious", "nervous", "on edge"), "confusion": ("confused", "unsure what to make of it", "puzzled"),
    "joy": ("happy", "delighted", "glad"), "excitement": ("excited", "thrilled", "energised"),
    "gratitude": ("grateful", "thankful", "appreciative"), "love": ("full of love", "deeply fond", "warm"),
    "optimism": ("hopeful", "optimistic", "positive"), "pride": ("proud", "accomplished", "proud of yourself"),
    "relief": ("relieved", "lighter", "at ease"), "admiration": ("impressed", "inspired", "admiring"),
    "amusement": ("amused", "entertained", "tickled"), "caring": ("caring", "concerned for them", "protective"),
    "curiosity": ("curious", "intrigued", "interested"), "desire": ("eager", "keen", "longing for it"),
    "surprise": ("surprised", "caught off guard", "taken aback"), "realization": ("like something just clicked", "clearer", "aware"),
    "approval": ("good about it", "positive about it", "on board"),
    # fused (Ekman) and voice/face labels
    "happy": ("happy", "glad", "cheerful"), "sad": ("sad", "down", "low"), "angry": ("angry", "frustrated", "upset"),
    "fearful": ("scared", "anxious", "worried"), "surprised": ("surprised", "caught off guard", "taken aback"),
}
POSITIVE = {"joy", "excitement", "gratitude", "love", "optimism", "pride", "relief", "admiration", "amusement",
            "approval", "happy", "caring", "desire"}

TENTATIVE = ("It sounds like you're feeling {feeling}", "I imagine you might be feeling {feeling}",
             "It seems like you're {feeling}", "I get the sense you're feeling {feeling}")
ASK_FEELING = ("Am I right that you're feeling {feeling}?", "Would it be fair to say you're feeling {feeling}?",
               "I might be wrong, but are you feeling {feeling}?")
REFLECT_TOPIC = ("{topic} sounds like a lot to deal with", "I hear how much {topic} is weighing on you",
                 "{topic} has clearly been on your mind", "it sounds like things with {topic} have been really hard")
VALIDATE = ("That makes complete sense given what you've been through.", "Anyone in your position could feel that way.",
            "Your feelings about this are completely valid.", "It's understandable to feel that way.",
            "That's a very natural reaction.")
POSITIVE_OPEN = ("That's wonderful to hear{about}!", "How lovely{about}!", "That's really great news{about}!",
                 "I'm so glad to hear that{about}!")
QUESTIONS = ("What has been the hardest part of it for you?", "How are you holding up?",
             "Would you like to tell me more about what happened?", "What's on your mind most right now?",
             "How has this been affecting you day to day?", "What would feel most helpful right now?")
POSITIVE_QUESTIONS = ("What was the best part?", "How are you going to celebrate?", "What made it go so well?",
                      "How does it feel now?")
AFFIRM = ("You're doing the right thing by talking about it.", "It takes strength to share this.",
          "You've been handling a lot, and that counts for something.", "You're not alone in this.")
SELF_DISCLOSURE = ("A lot of people feel something similar in situations like this.",
                   "Many people find this kind of situation really hard, too.")
SUGGEST = ("Would it help to write down what's worrying you most, so it feels less tangled?",
           "Could you talk to someone you trust about it this week?",
           "Sometimes a short walk or a few slow breaths can take the edge off. Would that be possible today?",
           "Would it help to break it into one small step you could take tomorrow?")
INFORM = ("It's common for feelings like this to come in waves, and they usually ease with support and time.",
          "Stress often shows up in sleep and concentration too, so be gentle with yourself.",
          "Talking things through, even briefly, tends to make them feel more manageable.")
OTHERS = ("Thank you for sharing that with me.", "I'm glad you told me.", "I'm here and listening.")
APOLOGY = ("I'm really sorry about {topic}.", "I apologise for the trouble with {topic}.", "I'm sorry {topic} has been such a hassle.")
NEXT_STEP = ("Here's what I'll do next: I'll flag this as urgent and make sure a specialist follows up with you today.",
             "As a next step, I'll escalate this right away and you'll get an update within 24 hours.",
             "Let me take this on: I'll pass it to the team that can fix it and follow up with you by the end of the day.")
SUPPORT_STEP = ("Would it help to pick one small thing we could tackle first?",
                "If you like, we could break this down together, one piece at a time.",
                "What's one thing that would make today even a little easier?")
THANKS_REPLY = ("You're very welcome. I'm really glad it helped.", "I'm glad talking it through helped a bit.",
                "Thank you for telling me. I'm glad it helped.")
RECALL = ("How is {name} doing, by the way?", "By the way, how's {name}?", "Is {name} doing any better?")
RECALL_EVENT = ("How did {event} go?", "Is {event} still on your mind?")

PRONOUNS = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "am": "are",
            "i'm": "you're", "im": "you're", "i've": "you've", "i'd": "you'd", "i'll": "you'll", "we": "you",
            "our": "your", "us": "you", "was": "were"}
FORMAL_EXPANSIONS = {"you're": "you are", "it's": "it is", "i'm": "I am", "that's": "that is", "i'll": "I will",
                     "you've": "you have", "what's": "what is", "here's": "here is", "let's": "let us",
                     "can't": "cannot", "don't": "do not", "i'd": "I would", "i've": "I have", "how's": "how is"}


def flip_pronouns(text: str) -> str:
    words = re.findall(r"[\w']+|[^\w\s]", text)
    out = [PRONOUNS.get(w.lower(), w) for w in words]
    sentence = " ".join(out)
    return re.sub(r"\s+([.,!?;:])", r"\1", sentence)


def _restatement(user_text: str) -> str:
    clause = re.split(r"[.!?\n]", user_text.strip())[0]
    clause = re.sub(r"^(?:(?:yeah|yea|yes|well|so|um|uh|lol|ok|okay|oh|hmm|honestly|i mean)\b[,\s]*)+", "", clause, flags=re.IGNORECASE)
    words = clause.split()
    if len(words) > 14:
        clause = " ".join(words[:14]) + " ..."
    flipped = flip_pronouns(clause).rstrip(" .")
    return flipped[0].lower() + flipped[1:] if flipped else flipped


def _capitalize(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


class TemplateRealizer:
    """Composes replies; keeps the replies it gave per session to avoid repeats."""

    def __init__(self, seed: int | None = None):
        self._rng = random.Random(seed)
        self._given: dict[str, set[str]] = {}

    def realize(self, plan, reading, state, user_text: str, session_id: str = "", memory=None, turn: int = 0) -> str:
        given = self._given.setdefault(session_id, set())
        reply = self._compose(plan, reading, state, user_text, memory, turn)
        for _ in range(11):
            if reply not in given:
                break
            reply = self._compose(plan, reading, state, user_text, memory, turn)
        if reply in given:  # every wording of this plan used: add a closing line not used with it yet
            closings = [c for c in (*OTHERS, *AFFIRM, *QUESTIONS) if c not in reply]
            reply = next((f"{reply} {c}" for c in closings if f"{reply} {c}" not in given),
                         f"{reply} {self._rng.choice(OTHERS)} {self._rng.choice(QUESTIONS)}")
        given.add(reply)
        return reply

    def _pick(self, options, **fields) -> str:
        return self._rng.choice(options).format(**fields)

    def _compose(self, plan, reading, state, user_text, memory, turn) -> str:
        label = reading.top if reading is not None else "neutral"
        if label == "neutral" and plan.acknowledge_emotion and reading is not None:
            # a negative turn whose top label is neutral: name the strongest emotion instead
            label = max((k for k in reading.scores if k != "neutral"), key=reading.scores.get, default="neutral")
        feeling = self._rng.choice(FEELING_WORDS.get(label, ("this way",)))
        topic = flip_pronouns(state.topics[-1]) if state is not None and state.topics else None
        positive = label in POSITIVE and (reading is None or reading.valence > 0.2)
        parts: list[str] = []
        if plan.apologize:
            parts.append(self._pick(APOLOGY, topic=topic or "this"))
        if label == "gratitude":
            parts.append(self._pick(THANKS_REPLY))
        elif positive:
            parts.append(self._pick(POSITIVE_OPEN, about=f" about {topic}" if topic and plan.tone.length != "short" else ""))
        elif plan.acknowledge_emotion and label != "neutral":
            if plan.ask_rather_than_assert:
                parts.append(self._pick(ASK_FEELING, feeling=feeling))
            else:
                sentence = self._pick(TENTATIVE, feeling=feeling)
                if topic and self._rng.random() < 0.5:
                    sentence += f" about {topic}"
                parts.append(sentence + ".")
        if topic and not positive and plan.strategy in ("Restatement or Paraphrasing", "Reflection of feelings") \
                and plan.tone.length != "short":
            parts.append(_capitalize(self._pick(REFLECT_TOPIC, topic=topic)) + ".")
        if not positive and plan.acknowledge_emotion and plan.tone.length != "short" and plan.strategy != "Question":
            parts.append(self._pick(VALIDATE))
        parts.append(self._strategy_move(plan, user_text, positive, memory, turn))
        if plan.next_step:
            parts.append(self._pick(NEXT_STEP if plan.service_recovery else SUPPORT_STEP))
        reply = " ".join(p.strip() for p in parts if p.strip())
        return self._apply_tone(reply, plan.tone)

    def _strategy_move(self, plan, user_text, positive, memory, turn) -> str:
        strategy = plan.strategy
        if memory is not None and strategy not in ("Information", "Self-disclosure"):  # check in on what they told us
            remembered = [f for f in memory.facts if f.kind == "relation" and turn - f.turn >= 2]
            if remembered and self._rng.random() < 0.7:
                return self._pick(RECALL, name=remembered[-1].value)
            events = [f for f in memory.facts if f.kind == "event" and turn - f.turn >= 2]
            if events and self._rng.random() < 0.5:
                return self._pick(RECALL_EVENT, event=events[-1].describe())
        if strategy == "Question":
            return self._pick(POSITIVE_QUESTIONS if positive else QUESTIONS)
        if strategy == "Restatement or Paraphrasing":
            restated = _restatement(user_text)
            return f"So if I understand you, {restated}." if restated else self._pick(QUESTIONS)
        if strategy == "Reflection of feelings":
            return self._pick(QUESTIONS) if positive else self._pick(AFFIRM)
        if strategy == "Self-disclosure":
            return self._pick(SELF_DISCLOSURE)
        if strategy == "Affirmation and Reassurance":
            return self._pick(AFFIRM)
        if strategy == "Providing Suggestions":
            return self._pick(SUGGEST)
        if strategy == "Information":
            return self._pick(INFORM)
        return self._pick(POSITIVE_QUESTIONS if positive else OTHERS)

    @staticmethod
    def _apply_tone(reply: str, tone) -> str:
        if tone.formality >= 0.7:
            for short, full in FORMAL_EXPANSIONS.items():
                reply = re.sub(rf"\b{re.escape(short)}\b", full, reply, flags=re.IGNORECASE)
            reply = reply.replace("How lovely", "How wonderful")
        elif tone.formality <= 0.3:
            reply = reply.replace("I apologise for", "Sorry about").replace("Would it be fair to say", "Sounds like")
        if tone.energy <= 0.35:
            reply = reply.replace("!", ".")
        return reply
