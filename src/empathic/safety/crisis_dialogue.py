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

The English texts are here; the Spanish, Portuguese, French, German and Italian ones in each
language's folder (``empathic/lang/<code>/crisis.py``). All follow the
safe-messaging guidance the project's rules cite (no method talk, no secrecy,
no guilt, the person's own pace); they are drafts for the clinical and
native-speaker review named in ``docs/safety.md`` before a release.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field

from empathic.lang import CRISIS_TEXTS
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
}
TEMPLATES.update({code: texts.TEMPLATES for code, texts in CRISIS_TEXTS.items()})  # empathic/lang/<code>/crisis.py
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
