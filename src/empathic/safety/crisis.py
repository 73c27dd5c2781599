"""``CrisisDetector``: suicide and self-harm risk over a whole conversation.

Every user turn is normalised (leetspeak, accents, emoji, stretched letters),
cleared of spans that are clearly not about risk (media titles, idioms, game
mechanics, software commands, recovery stories told in the past tense), and
matched against the signals in ``patterns.py``. The conversation's level is
walked turn by turn (``_conversation``): a turn with signals raises it to what
the unresolved signals of the last ``HOLD_TURNS`` turns add up to (low signals
pile up, a secrecy request raises); quiet turns let it decay one step per
``QUIET_TURNS_PER_STEP``, never under moderate within ``CRISIS_HOLD_TURNS`` of a
moderate or higher level being set, never under low within ``HOLD_TURNS`` of a
high or imminent signal; a clear clarification ("I mean the homework, not life") or a
"no" to the direct question brings it down to low (from moderate or above, or
within ``HOLD_TURNS`` of a high signal) or none; ambiguous despair
("whatever. i give up") alone sets ``clarify`` instead of firing. Framing such
as "it's for a story", "hypothetically" or "just kidding" never lowers a level
and never counts as a quiet turn (product rule 13).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from empathic.errors import InvalidInputError
from empathic.safety.deescalation import (answer, denied_spans, is_ambiguous, is_clarification, is_denied,
                                          is_framing)
from empathic.safety.helplines import Helpline, helplines_for
from empathic.safety.normalize import normalize
from empathic.safety.patterns import (FAREWELL, HIGH, IMMINENT, LEVEL_NAMES, LOW, MODERATE,
                                      NONE, RISK_EMOJI, SIGNALS)

MAX_TURN_CHARS = 20_000  # a longer turn is read in overlapping windows of this size
MAX_WINDOWS = 10  # ... up to this many; a turn longer than that is refused, never cut silently
MAX_TURNS = 2_000
QUIET_TURNS_PER_STEP = 3  # turns in a row without a signal that take the level down one step
CRISIS_HOLD_TURNS = 6  # a moderate or higher level stays at moderate or above this long (the safety plan's length)
HOLD_TURNS = 20  # user turns a signal stays unresolved; a high or imminent one keeps the level at low or above
LEARNED = ("semantic", "learned")  # meaning-level signals: a clarification overrules them

MEDIA_TITLES = (
    "13 reasons why", "thirteen reasons why", "suicide squad", "the virgin suicides", "kill bill",
    "to kill a mockingbird", "killing eve", "die hard", "dead poets society", "suicide is painless",
    "how to get away with murder", "the suicide shop", "all the bright places", "suicide club",
    "kill your darlings", "kill la kill", "i kill giants", "i want to die but i want to eat tteokbokki",
    "it's kind of a funny story", "its kind of a funny story", "dear evan hansen", "girl, interrupted",
    "the bell jar", "my chemical romance", "suicide silence", "suicideboys", "no time to die",
    "you only live twice", "live and let die", "die another day", "the killing joke",
    "kill the lights", "the sopranos", "breaking bad",
)
_MEDIA_CONTEXT = re.compile(
    r"\b(?:watch(?:ed|ing)?|read(?:ing)?|listen(?:ed|ing)? to|the (?:song|movie|film|book|show|series|album|episode|novel|game|play|poem)|called|titled|named)\s+"
    r"(?P<title>(?:['\"“][^'\"”]{2,80}['\"”])|(?:[A-Z0-9][\w']*(?:\s+(?:[A-Z0-9][\w']*|a|an|the|of|to|and|but|i|in|on|for|my|me)){0,9}))")
_QUOTED = re.compile(r"[\"“][^\"”]{2,80}[\"”]")

IDIOMS = re.compile(
    r"\b(?:is|are|was|were|'s|'re|been|be)\s+killing\s+me\b|\bkill(?:s|ing)?\s+(?:time|it|the vibe|the mood)\b|"
    r"\bdying\s+(?:to|for|of)\b|\bto\s+die\s+for\b|\b(?:die|died|dying|dead)\s+(?:of|from)\s+(?:embarrassment|laughter|laughing|boredom|cringe|shame|cuteness|heat|excitement)\b|"
    r"\bdead\s+(?:tired|serious|wrong|on|set|end)\b|\bkilled\s+it\b|\bkiller\s+\w+\b|\bi'?m\s+dead\s*(?:lol|lmao|💀|😂|🤣)|"
    r"\b(?:could|would)\s+(?:just\s+)?(?:kill|murder)\s+(?:for|him|her|them|you|my \w+)\b|"
    r"\bscared\s+to\s+death\b|\bcould\s+(?:sleep|stay|dance|eat)\s+forever\b|\bbored\s+to\s+death\b|\bover\s+my\s+dead\s+body\b")
GAME_MECHANICS = re.compile(
    r"\b(?:respawn\w*|spawn\w*|checkpoint|boss(?:es)?|npc|minecraft|fortnite|elden ring|dark souls|valorant|"
    r"league of legends|among us|overwatch|roblox|fall damage|lava|speedrun\w*|glitch\w*|hp|health bar|"
    r"extra lives|game over|pvp|noob|loot|quest|level \d+|my (?:sim|sims|champion|toon))\b")
SOFTWARE = re.compile(
    r"\bkill(?:all)?\s+(?:-9|-\w+|the\s+)?(?:process|processes|task|job|pid|server|thread|container|pod|app|session|tab|daemon|worker|query|signal|switch|command|it with)\b|"
    r"\b(?:process|thread|server|daemon|container|worker|build|job|app)\s+(?:killed|dies|died|kills)\s+itself\b|\bsuicide\s+(?:burn|squeeze|doors?|linux|mode)\b|\bkillswitch\b|\bsigkill\b")
RECOVERY = re.compile(
    r"\b(?:used to|years ago|a year ago|when i was (?:younger|a teen|a kid|in (?:high )?school|\d+)|in the past|back (?:then|when|in \d+)|"
    r"recovered|recovery|in remission|(?:clean|free|sober)\s+(?:for|since)|(?:\d+|one|two|three|four|five|six|ten)\s+(?:days?|weeks?|months?|years?)\s+(?:clean|free|sober)|"
    r"no longer|glad i'?m (?:still )?(?:here|alive)|glad i (?:didn'?t|survived)|survived|survivor|grateful to be alive|doing (?:so much )?better now|got help)\b")
ACADEMIC = re.compile(
    r"\b(?:class|course|lecture|study|studies|research|article|paper|essay|thesis|documentary|statistics|"
    r"patients|training|textbook|exam question|journal|report(?:ed|s)? on|news)\b")
RELAPSE = re.compile(r"\b(?:again|relapse[sd]?|relapsing|started (?:again|back)|back to|lately|tonight|right now|these days|still)\b")


@dataclass(frozen=True)
class SafetyAssessment:
    """Risk over the whole conversation. ``requires_crisis_reply`` is true at
    moderate or above: the reply is then a reviewed crisis template.

    ``clarify``: the newest turn is ambiguous despair or a low risk factor; the
    reply asks one direct question about suicidal thoughts instead of firing.
    ``change``: what the newest turn did to the level (none, new, raised, held,
    decayed, clarified). ``latest``: the level of the newest turn's own signals.
    ``evidence``: short lines saying why the level is what it is.
    """

    level: str
    reasons: list[dict] = field(default_factory=list)
    resources: list[Helpline] = field(default_factory=list)
    locale: str = "international"
    language: str = "en"
    clarify: bool = False
    change: str = "none"
    latest: str = "none"
    evidence: list[str] = field(default_factory=list)

    @property
    def rank(self) -> int:
        return LEVEL_NAMES.index(self.level)

    @property
    def requires_crisis_reply(self) -> bool:
        return self.rank >= MODERATE

    def to_dict(self) -> dict:
        data = asdict(self)
        data["requires_crisis_reply"] = self.requires_crisis_reply
        return data


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;:\n])\s+|\s+(?:but|and then|and now)\s+", text) if s.strip()]


def _strip_non_risk(raw: str) -> str:
    """Remove spans that name media or use death words figuratively."""
    text = _MEDIA_CONTEXT.sub(" ", raw)
    text = _QUOTED.sub(" ", text)
    lowered = text.lower()
    for title in MEDIA_TITLES:
        lowered = lowered.replace(title, " ")
    return lowered


class CrisisDetector:
    """Assesses a conversation's user turns, oldest first.

    ``semantic=True`` adds the meaning-level check (sentence embeddings against
    the examples in ``prototypes.py``); it needs the shipped encoder and costs
    about 4 ms per sentence. ``model=True`` adds the learned risk model
    (``safety/risk_model.py``); it is off by default because on the sealed held-out
    set it raises false alarms more than it raises recall (docs/safety.md).
    ``rules=False`` leaves the patterns out, to measure the model alone. Per-turn
    results are cached, so assessing a growing conversation turn after turn only
    reads each turn once.
    """

    SEMANTIC_MIN_SIMILARITY = 0.55  # chosen on the case suite and GoEmotions dev (see docs/safety.md)
    SEMANTIC_MIN_MARGIN = 0.05

    def __init__(self, locale: str | None = None, semantic: bool = True, model: bool = False,
                 rules: bool = True):
        self.locale = locale
        self.semantic = semantic
        self.model = model  # the learned risk model (models/risk): opt-in until it beats the rules on the sealed set
        self.rules = rules  # False only to measure the model alone (`empathic eval crisis`)
        self._prototypes = None
        self._cache: dict[str, list[dict]] = {}
        self._pair_cache: dict[tuple[str, str], list[dict]] = {}
        self._facts: dict[tuple, tuple] = {}

    def assess(self, user_turns: list[str], locale: str | None = None, language: str | None = None) -> SafetyAssessment:
        """``language``: the conversation's language when the caller knows it (the agent does), for the
        resources and the reply; else a guess from the turns' words."""
        if isinstance(user_turns, str):
            user_turns = [user_turns]
        if not isinstance(user_turns, (list, tuple)):
            raise InvalidInputError("assess expects a list of user turns (strings)")
        if len(user_turns) > MAX_TURNS:
            user_turns = list(user_turns)[-MAX_TURNS:]
        reasons: list[dict] = []
        for index, turn in enumerate(user_turns):
            if not isinstance(turn, str):
                raise InvalidInputError(f"turn {index} must be a str, got {type(turn).__name__}")
            signals = [r for part in _windows(turn, index) for r in self._cached_turn_signals(part)]
            if self.model and index and not any(r["rank"] >= MODERATE for r in signals):
                signals += self._window_signals(user_turns[index - 1][-MAX_TURN_CHARS:], turn[:MAX_TURN_CHARS], signals)
            reasons += [{**r, "turn": index} for r in signals]
        level, clarify, change, latest, evidence, answered = self._conversation(user_turns, reasons)
        reasons += answered
        language = language or guess_language(user_turns)
        locale = locale or self.locale
        return SafetyAssessment(level=LEVEL_NAMES[level], reasons=reasons,
                                resources=helplines_for(locale, language) if level >= MODERATE else [],
                                locale=locale or "international", language=language, clarify=clarify,
                                change=change, latest=LEVEL_NAMES[latest], evidence=evidence)

    def _conversation(self, turns: list[str], reasons: list[dict]):
        """The conversation's level, walked turn by turn, oldest first (see the module docstring).

        Returns (level, clarify, change, latest, evidence, answered): ``answered`` holds the
        reasons this walk adds itself (a "yes" to the direct question)."""
        by_turn: list[list[dict]] = [[] for _ in turns]
        for r in reasons:
            by_turn[r["turn"]].append(r)
        level, quiet, clarify, change, latest = NONE, 0, False, "none", NONE
        active: list[dict] = []  # unresolved signals of the last HOLD_TURNS turns
        severe_at, crisis_at, trail, answered = None, None, [], []
        for i, turn in enumerate(turns):
            asked, clarify = clarify, False  # a turn after ``clarify`` answers the direct question
            text, clarifying, ambiguous, framing, denied = self._turn_facts(turn[:MAX_TURN_CHARS], by_turn[i])
            risk = [r for r in by_turn[i] if r["rank"] > NONE and r["category"] != "history"
                    and r["excerpt"] not in denied and not (clarifying and r["category"] in LEARNED)]
            said = answer(text) if asked and not risk else None
            if said == "yes":
                risk = [_reason("answered_yes", "passive_ideation", MODERATE, i, text)]
                answered += risk
            latest = max((r["rank"] for r in risk), default=NONE)
            floor = LOW if severe_at is not None and i - severe_at < HOLD_TURNS else NONE
            held = MODERATE if crisis_at is not None and i - crisis_at < CRISIS_HOLD_TURNS else floor
            if not risk and (clarifying or said == "no") and (level > NONE or asked):
                # low after a crisis level or a recent high signal (the door stays open), else none
                active, level, quiet, change = [], LOW if level >= MODERATE else floor, 0, "clarified"
                trail.append(f"turn {i}: clarified, level {LEVEL_NAMES[level]}")
                continue
            if not risk:
                quiet += not framing  # "jk", "for a story" hold a level (product rule 13)
                change = "held" if level > NONE else "none"
                if not framing and quiet % QUIET_TURNS_PER_STEP == 0 and level > max(floor, held):
                    level, change = level - 1, "decayed"
                    trail.append(f"turn {i}: {quiet} quiet turns, down to {LEVEL_NAMES[level]}")
                continue
            quiet = 0
            active = [r for r in active if i - r["turn"] < HOLD_TURNS] + risk
            if latest >= HIGH:
                severe_at = i
            new = self._combine(active)
            if (ambiguous and new <= MODERATE and level < MODERATE and all(r["turn"] == i for r in active)
                    and all(r["category"] in ("hopelessness", *LEARNED) for r in risk)):
                new, clarify = LOW, True  # "whatever. i give up" alone: ask what it means
                trail.append(f"turn {i}: ambiguous, asking")
            elif new == LOW and not asked and any(r["category"] != "secrecy" for r in risk):
                clarify = True  # a risk factor: ask directly about suicidal thoughts
            change = "new" if level == NONE else "raised" if new > level else "held"
            level = max(level, new)
            if new >= MODERATE:
                crisis_at = i
            clarify = clarify and level == LOW
        evidence = [f"turn {r['turn']}: {r['signal']} {r['excerpt']!r} ({r['level']})" for r in active[-4:]]
        return level, clarify, change, latest, evidence + trail[-2:], answered

    def _turn_facts(self, turn: str, signals: list[dict]) -> tuple[str, bool, bool, bool, set[str]]:
        """A turn's normalised text, whether it clarifies, is ambiguous or is framing, and the
        excerpts of its signals that it denies itself ("i'm not suicidal")."""
        key = (turn, tuple(r["excerpt"] for r in signals))
        if key not in self._facts:
            if len(self._facts) > 10_000:
                self._facts.clear()
            text = normalize(turn)
            spans = denied_spans(text)
            self._facts[key] = (text, is_clarification(text), is_ambiguous(text), is_framing(text),
                                {r["excerpt"] for r in signals if is_denied(r["excerpt"], text, spans)})
        return self._facts[key]

    def _cached_turn_signals(self, turn: str) -> list[dict]:
        if turn not in self._cache:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[turn] = self.turn_signals(turn)
        return self._cache[turn]

    def turn_signals(self, turn: str, index: int = 0) -> list[dict]:
        """Signals in one user turn."""
        found, plain = [], []
        for sentence in _sentences(_strip_non_risk(turn)):
            if IDIOMS.search(sentence):
                sentence = IDIOMS.sub(" ", sentence)
            text = normalize(sentence)
            figurative = bool(GAME_MECHANICS.search(text) or SOFTWARE.search(text))
            told_as_past = bool(RECOVERY.search(text)) and not RELAPSE.search(text)
            for signal in SIGNALS if self.rules else ():
                for match in filter(None, (p.search(text) for p in signal.patterns)):
                    found.append(self._judge(signal, match, index, figurative, told_as_past))
            if not (figurative or told_as_past or ACADEMIC.search(text)) and re.search(r"[a-z]", text):
                plain.append(text)  # meaning checks skip study and news talk: topic words look like risk
        found = [r for r in found if r is not None]
        if plain and not any(r["rank"] >= MODERATE for r in found):
            if self.semantic:
                found += self._semantic_signals(plain, index)
            if self.model and not any(r["rank"] >= MODERATE for r in found):
                found += self._model_signals(plain + [" ".join(plain)] * (len(plain) > 1), index, "risk_model")
        if any(e in turn for e in RISK_EMOJI) and FAREWELL.search(normalize(turn)) or re.search(r"(💊|🪢|🔫|🔪){2,}", turn):
            found.append(_reason("risk_emoji", "emoji", MODERATE, index, "risk emoji"))
        return found

    def _semantic_signals(self, sentences: list[str], index: int) -> list[dict]:
        from empathic.safety.prototypes import RISK, SAFE
        from empathic.text.encoder import SentenceEncoder

        encoder = SentenceEncoder.shared()
        if self._prototypes is None:
            self._prototypes = (encoder.encode(list(RISK)), encoder.encode(list(SAFE)))
        risk, safe = self._prototypes
        vectors = encoder.encode(sentences)
        risk_sim, safe_sim = vectors @ risk.T, vectors @ safe.T
        out = []
        for row, sentence in enumerate(sentences):
            best = int(risk_sim[row].argmax())
            similarity, margin = risk_sim[row, best], risk_sim[row, best] - safe_sim[row].max()
            if similarity >= self.SEMANTIC_MIN_SIMILARITY and margin >= self.SEMANTIC_MIN_MARGIN:
                out.append(_reason("semantic_match", "semantic", MODERATE, index,
                                   f"{sentence[:50]} ~ {RISK[best]} ({similarity:.2f})"))
        return out

    def _model_signals(self, texts: list[str], index: int, name: str) -> list[dict]:
        """At most one signal: the learned model's strongest reading of these texts."""
        from empathic.safety.risk_model import RiskModel

        model = RiskModel.shared()
        p = model.probabilities(texts)
        best = int(p[:, 2].argmax())
        level = model.level(p[best])
        if level == "none":
            best = int(p[:, 1:].sum(1).argmax())
            level = model.level(p[best])
        if level == "none":
            return []
        rank = MODERATE if level == "crisis" else LOW
        return [_reason(name, "learned", rank, index, f"{texts[best][:50]} (p={p[best, 2]:.2f})")]

    def _window_signals(self, previous: str, turn: str, signals: list[dict]) -> list[dict]:
        """The model's reading of this turn with the previous one (risk spread over messages).
        Only a crisis reading counts, and only on a turn the model already reads as low or more."""
        if not any(r["category"] == "learned" for r in signals):
            return []
        key = (previous, turn)
        if key not in self._pair_cache:
            if len(self._pair_cache) > 10_000:
                self._pair_cache.clear()
            window = f"{normalize(previous)[-400:]} {normalize(turn)[:400]}"
            found = self._model_signals([window], 0, "risk_model_window")
            self._pair_cache[key] = [r for r in found if r["rank"] >= MODERATE]
        return self._pair_cache[key]

    @staticmethod
    def _judge(signal, match, index: int, figurative: bool, told_as_past: bool) -> dict | None:
        if figurative and signal.category not in ("method_seeking", "overdose"):
            return None  # "I keep killing myself on lava to respawn"
        if told_as_past and signal.level < IMMINENT:
            return _reason("history", "history", NONE, index, match.group(0))
        return _reason(signal.name, signal.category, signal.level, index, match.group(0))

    @staticmethod
    def _combine(reasons: list[dict]) -> int:
        if not reasons:
            return NONE
        level = max(r["rank"] for r in reasons)
        risk = [r for r in reasons if r["category"] not in ("secrecy", "history")]
        # risk factors on two turns build up; several in one message (patterns or the model reading the
        # same words) are one reading, and the agent asks the direct question first
        if level == LOW and len({r["turn"] for r in risk if r["rank"] == LOW}) >= 2:
            level = MODERATE
        if any(r["category"] == "secrecy" for r in reasons) and risk:
            level = min(HIGH, max(level + 1, MODERATE))
        return level


def _windows(turn: str, index: int) -> list[str]:
    """A turn in windows of MAX_TURN_CHARS that overlap by 400 characters, so no sentence is cut."""
    if len(turn) <= MAX_TURN_CHARS:
        return [turn]
    step = MAX_TURN_CHARS - 400
    if len(turn) > step * MAX_WINDOWS + 400:
        raise InvalidInputError(f"turn {index} is {len(turn)} characters; the crisis check reads at most "
                                f"{step * MAX_WINDOWS + 400} per turn (split it into several turns)")
    return [turn[i:i + MAX_TURN_CHARS] for i in range(0, len(turn) - 400, step)]


def _reason(signal: str, category: str, rank: int, turn: int, excerpt: str) -> dict:
    return {"signal": signal, "category": category, "level": LEVEL_NAMES[rank], "rank": rank,
            "turn": turn, "excerpt": excerpt[:80]}


_LANGUAGE_HINTS = {
    "es": r"\b(?:quiero|no|que|mi|me|estoy|vida|morir|nadie|todo|pero|para|porque)\b",
    "pt": r"\b(?:quero|nao|minha|meu|estou|vida|morrer|ninguem|tudo|mas|para|porque|voce)\b",
    "fr": r"\b(?:je|veux|ne|pas|ma|mon|vie|mourir|personne|tout|mais|pour|parce|suis)\b",
    "de": r"\b(?:ich|will|nicht|mein|meine|leben|sterben|niemand|alles|aber|fur|weil|bin)\b",
    "it": r"\b(?:voglio|non|mia|mio|sono|vita|morire|nessuno|tutto|ma|per|perche|di|che|ho|sento|tutti|piu|penso|faccio|niente|questo|anche|della|sei|ti|stai)\b",
    "en": r"\b(?:i|the|and|to|my|me|is|you|it|want|not|don'?t|can'?t|a|how|what|will|this|that|of|for|was|are|do)\b",
}


def guess_language(turns: list[str]) -> str:
    """Crude language guess over the last turns, for the crisis reply's language."""
    text = normalize(" ".join(turns[-3:]))
    counts = {lang: len(re.findall(p, text)) for lang, p in _LANGUAGE_HINTS.items()}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts["en"] else "en"
