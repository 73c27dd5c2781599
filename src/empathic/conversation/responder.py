"""The responder: react like a person first, then do what was asked, then perhaps ask one thing.

Per turn it reads what the turn calls for (``understand.py``) and gathers moves from the
preset's pack: a reaction (condolence, congratulations, an apology, thanks, a nod to sarcasm),
the act the turn asks for (a handoff through the host's handler, an answer from memory,
arithmetic, knowledge or lore, advice, or a plain "I don't know"), and a follow-up (a
statement, or one question while the question budget allows). Candidate replies are composed
from whole-sentence phrasings and ranked: a sentence the user has read in any of their
sessions, a guard violation or a second question count against a candidate.
"""

from __future__ import annotations

import logging
import random
import re
from dataclasses import dataclass, field

from empathic.conversation import answers, persons
from empathic.conversation.packs import Persona, pack_for
from empathic.conversation.packs.advice import GENERIC as GENERIC_ADVICE
from empathic.conversation.packs.advice import OPEN_CHOICE, advice_for
from empathic.conversation.compose import compose, keys, sentence_key, split_sentences
from empathic.conversation.understand import Cues, read_turn

log = logging.getLogger(__name__)
CANDIDATES = 4
CONCERN = re.compile(r"\b(?:sick|ill|unwell|vet|hospital|surgery|operation|injur\w+|hurt|struggling|worried)\b", re.I)
ORDER_TALK = re.compile(r"\b(?:order|package|parcel|delivery|arrived|tracking|charged)\b", re.I)
CHOICE = re.compile(r"\bwhat (?:should|shall|do you think) I (?:name|call|wear|cook|make|watch|read|buy|get|pick|choose)\b|"
                    r"\bwhich (?:one|should I)\b", re.I)
WANTS = re.compile(r"\bI (?:want|need|'d like|would like)\b|\b(?:can|could) you\b|^please\b", re.I)
OFFER_ASKED = re.compile(r"\b(?:do|have) you (?:have|got|sell|serve)\b|\b(?:can|could|may) I (?:get|have|buy|rent)\b", re.I)
PRONOUN = re.compile(r"\b(?:she|he|her|his|him)\b", re.I)
# retrieved human replies stand in for a generic follow-up only in the supportive packs: a service, hr,
# tutoring or game reply must say what that pack says, not what a listener in a corpus once said
RETRIEVAL_PACKS = ("default", "wellbeing")
GENERIC_FOLLOW = ("offer", "affirm", "listen")
RETRIEVED = 3  # ranked human replies tried as the follow-up
NEAR_ENOUGH = 0.5  # cosine of the turn to the context a reply was first said in: below it, the reply is a guess
CHEERFUL = re.compile(r"\b(?:glad|good news|great|happy|awesome|congrat\w*|nice|wonderful|all the best|exciting|fun|lucky|"
                      r"good for you|proud)\b", re.I)
GLOOMY = re.compile(r"\b(?:sorry|terrible|tough|hard|awful|sad|horrible|difficult|suffer\w*|painful|upset|worr\w+)\b", re.I)
# a retrieved follow-up comes after our own reaction: it may not react again, nor ask
REACTS = re.compile(r"\b(?:sorry|congrat\w*|glad|happy for|oh|wow|aw+|ugh|yay|dang|damn|ho|yikes|"
                    r"(?:that'?s|that is|that was|sounds|it is|it'?s|must be|must have been) (?:so |really |very |pretty )?"
                    r"(?:great|awesome|amazing|wonderful|nice|good|terrible|awful|sad|too bad|horrible|rough|hard|tough|"
                    r"difficult|exciting|fun|cool|scary|frustrating|upsetting))\b", re.I)
WISH_REPLIES = {"advice": ("Understood, practical it is.", "Fair enough, here's what I'd do."),
                "no_feeling_questions": ("Got it, I won't ask how you feel.",),
                "no_questions": ("Okay, no more questions from me.",),
                "vent": ("Go ahead, I'm listening.", "Of course. I'm listening.")}


@dataclass
class Reply:
    text: str
    handoff: str | None = None  # the reason a human was asked for, when one was
    moves: list[str] = field(default_factory=list)
    asked: bool = False  # ends in a question
    acted: bool = False  # answered, handed off or did what was asked (a language model must not replace it)
    violations: list[str] = field(default_factory=list)  # what the guard said of the chosen reply
    negative: bool = False  # the turn sounded negative (a model's reply may not open positively either)


@dataclass
class TurnInput:
    text: str
    reading: object  # the turn's text reading (act, sarcasm, valence, scores)
    state: dict  # the responder's per-session state, stored with the session
    memory: object
    said: set[str]  # keys of every sentence this user has read (all their sessions)
    recent_valences: list[float]
    recent_texts: list[str]  # the user's earlier turns, oldest first
    index: int
    returning: bool
    session_id: str
    next_step: bool = False  # the plan wants a concrete next step (frustration is rising)
    strategy: str | None = None  # a learned strategy to follow (Agent(learner=...)); None: the responder's own way
    at_risk: bool = False  # the crisis dialogue is open: no retrieved words, only the reviewed and composed ones


def score(text: str, reused: int, used: list[str], target_words: int) -> float:
    """A composed candidate's rank: no sentence read before, one question at most, fuller, near the usual length."""
    return -10 * reused - 5 * max(0, text.count("?") - 1) + 0.5 * len(used) - 0.02 * abs(len(text.split()) - target_words)


def settle(candidates, turn: TurnInput, negative: bool, handoff_reason, language: str | None = None) -> Reply:
    """The best ``(score, tiebreak, text, used)`` candidate the guard accepts (else the last one checked),
    recorded as read by this user and as asking or not."""
    from empathic.conversation.guard import check_reply

    # the guard is the costly part: check the best first, and go down the list only when it objects
    violations: list[str] = []
    for _, _, text, used in sorted(candidates, reverse=True):
        violations = check_reply(text, user_text=turn.text, turn_negative=negative, memory=turn.memory,
                                 language=language).violations
        if not violations:
            break
    asked = text.rstrip().endswith("?")
    turn.state["asked"] = (turn.state.get("asked", []) + [asked])[-50:]
    turn.said.update(sentence_key(s) for s in split_sentences(text))
    return Reply(text, handoff_reason, used, asked, violations=violations)


def pack_has(pack, move: str) -> bool:
    return bool(pack.phrasings(move))


class Responder:
    """``bank``: the folder of a retrieval bank (``empathic train responses``), ``None`` for the shipped
    one, ``False`` for composed replies only."""

    def __init__(self, preset: str = "default", seed: int | None = None, handoff=None, persona=None, bank=None):
        self.pack = pack_for(preset)
        self.persona = Persona.from_value(persona)
        self.handoff = handoff
        self._rng = random.Random(seed)
        self._bank = None
        if bank is not False and self.pack.name in RETRIEVAL_PACKS:
            from empathic.conversation.retrieval import ResponseBank

            self._bank = ResponseBank.shared(bank)

    @property
    def disclosure(self) -> str | None:
        return self.pack.disclosure

    # the turn ----------------------------------------------------------------------
    def respond(self, turn: TurnInput) -> Reply:
        state, index = turn.state, turn.index
        cues = read_turn(turn.text, turn.reading, turn.recent_valences, state.get("good_until", -1) >= index,
                         state.get("sarcastic_until", -1) >= index)
        if cues.sarcastic:
            state["sarcastic_until"] = index + 2
        wishes = state.setdefault("wishes", [])
        new_wishes = [w for w in cues.wishes if w not in wishes]
        wishes.extend(new_wishes)
        if cues.loss or cues.breakup or cues.bad_news:
            state["heavy_until"] = index + 4
        if cues.good_news:
            state["good_until"] = index + 3
        order = answers.ORDER.search(turn.text)
        new_order = bool(order) and order.group(1) != state.get("order")
        if order:
            state["order"] = order.group(1)

        moves: list[tuple[str, list[str], bool]] = []
        if new_wishes:
            moves.append(("wish", list(WISH_REPLIES[new_wishes[0]]), True))
        reaction = self._reaction(cues, turn)
        handoff_reason = None
        acts = [] if cues.handoff else self._acts(cues, turn)
        if reaction and not (acts and reaction[0] in ("glad", "acknowledge")):  # an answer needs no "Nice." first
            moves.append(reaction)
        if cues.handoff:
            handoff_reason, said = self.hand_off(state, turn.session_id)
            moves += said
        moves += acts
        if new_order and self.pack.name == "customer_service" and not cues.handoff:
            moves.append(("with_order", self._fill("with_order", order=state["order"]), True))
            moves.append(("limits", list(self.pack.phrasings("limits")), False))
            acts = acts or [("with_order", [], False)]  # the order number is the answer: no follow-up
        answered = bool(acts) or cues.handoff
        if turn.next_step and not answered and pack_has(self.pack, "next_step"):
            moves.append(("next_step", list(self.pack.phrasings("next_step" if self.handoff else "next_step_none")), False))
            answered = True
        follow = [] if answered or cues.goodbye or cues.act == "thanks" else self._follow_up(cues, turn)
        reply = self._rank(moves, follow, turn, cues, handoff_reason)
        reply.acted, reply.negative = answered, cues.negative
        return reply

    @staticmethod
    def wants_human(text: str, reading=None) -> bool:
        return read_turn(text, reading, []).handoff

    # moves -------------------------------------------------------------------------
    def _reaction(self, cues: Cues, turn: TurnInput):
        pack, state = self.pack, turn.state
        service = pack.name == "customer_service"
        heavy = state.get("heavy_until", -1) >= turn.index
        if cues.handoff and not cues.negative:
            return None  # the handoff says what happens; "Good." before it reads as glee
        if cues.sarcastic:
            return ("sarcasm", list(pack.phrasings("sarcasm")), True)
        if cues.loss:
            who = self._deceased_named(turn)
            if who:
                return ("condolence", self._fill("condolence_named", who=who), True)
            return ("condolence", list(pack.phrasings("condolence")), True)
        if cues.breakup or cues.bad_news:
            return ("sympathy", list(pack.phrasings("apology" if service else "sympathy")), True)
        if cues.complaint and not service and not cues.question and pack.phrasings("complaint"):
            return ("complaint", list(pack.phrasings("complaint")), True)
        if cues.user_apology:
            return ("reassure", list(pack.phrasings("reassure_apology")), True)
        if service and (cues.complaint or cues.negative):
            if state.get("order"):
                return ("apology", self._fill("apology_order", order=state["order"]) + list(pack.phrasings("apology")), True)
            return ("apology", list(pack.phrasings("apology")), True)
        if cues.good_news:
            return ("congratulate", list(pack.phrasings("congratulate")), True)
        if cues.act == "thanks":
            if cues.grudging and pack.phrasings("thanks_grudging"):
                return ("thanks_grudging", list(pack.phrasings("thanks_grudging")), True)
            if cues.goodbye:  # "ok thanks, bye!"
                return ("thanks", [f"{t} {g}" for t in pack.phrasings("thanks") for g in pack.phrasings("goodbye")], True)
            return ("thanks", list(pack.phrasings("thanks")), True)
        if cues.goodbye:
            return ("goodbye", list(pack.phrasings("goodbye")), True)
        if cues.act == "greeting":
            return ("greeting", list(pack.phrasings("greeting_back" if turn.returning and turn.index == 0 else "greeting")), True)
        if cues.negative:
            if "advice" in state.get("wishes", []) or cues.question:
                return None  # "not sympathy, just tell me what to do"; a question wants its answer first
            return ("empathy", self._fill("empathy", adj=cues.adjective), True)
        if cues.after_good:
            return ("proud", list(pack.phrasings("proud")), True)
        mourning = heavy and any(getattr(f, "status", "") == persons.DECEASED for f in turn.memory.facts)
        if cues.positive and not mourning and not cues.question and (not heavy or turn.reading is not None and turn.reading.valence > 0.4):
            return ("glad", list(pack.phrasings("glad")), True)
        if not heavy and not cues.question and not cues.imperative and "advice" not in state.get("wishes", []) \
                and not answers.ORDER.search(turn.text):
            return ("acknowledge", list(pack.phrasings("acknowledge")), False)
        return None

    def _acts(self, cues: Cues, turn: TurnInput) -> list[tuple[str, list[str], bool]]:
        """What the turn asks for, done or answered; empty when it asks for nothing."""
        pack, text, state = self.pack, turn.text, turn.state
        found = answers.memory_answer(text, turn.memory, pack) or answers.identity_answer(text, pack, self.persona)
        if found:
            return [("answer", found, True)]
        if "arithmetic" in pack.allowed:
            worked = answers.arithmetic_answer(text, pack, state)
            if worked:
                # the verdict is required; worked steps already read are dropped, not repeated
                return [("arithmetic", options, i == 0) for i, options in enumerate(worked) if options]
        if pack.name == "customer_service" and answers.OPTIONS.search(text):
            return [("options", list(pack.phrasings("options" if self.handoff else "options_none")), True)]
        known = answers.knowledge_answer(text, pack)
        if known and (cues.question or cues.imperative or cues.advice):
            return [("knowledge", known, True)]
        lore = answers.lore_answer(text, pack, self.persona) if "lore" in pack.allowed else None
        if lore:
            return [("lore", options, True) for options in lore if options]
        advice_mode = "advice" in state.get("wishes", [])
        if "advice" in pack.allowed and (cues.advice or advice_mode):
            lines = advice_for([*turn.recent_texts, text])
            if lines is GENERIC_ADVICE and CHOICE.search(text):
                lines = OPEN_CHOICE  # "what should I name the kittens?" is no problem to solve
            moves = [("advice", list(lines), True)]
            if advice_mode and not cues.wishes:
                moves.insert(0, ("advice_intro", list(pack.phrasings("advice_intro")), False))
            return moves
        if pack.name == "customer_service":
            if answers.WEEKDAY.search(text):
                return [("cannot_promise", list(pack.phrasings("cannot_promise")), True)]
            if cues.imperative or (WANTS.search(text) and not cues.question):
                return [("request_cannot", list(pack.phrasings("request_cannot")), True)]
        if pack.name == "game_character" and OFFER_ASKED.search(text):
            return [("request_maybe", list(pack.phrasings("request_maybe")), True)]
        if cues.imperative and pack.name == "game_character":
            return [("request_ok", list(pack.phrasings("request_ok")), True)]
        if cues.question:
            return [("not_known", list(pack.phrasings("not_known")), True)]
        return []

    def hand_off(self, state: dict, session_id: str):
        """Ask the host's handler for a person; say only what it confirmed."""
        order = state.get("order")
        reason = "the user asked for a human" + (f" (order {order})" if order else "")
        if self.handoff is None:
            return reason, [("handoff", list(self.pack.phrasings("handoff_none")), True)]
        try:
            confirmed = self.handoff(reason, session_id)
        except Exception:  # noqa: BLE001 - a failing handler never breaks the person's turn
            log.exception("handoff handler failed")
            confirmed = False
        if confirmed is False:
            return reason, [("handoff", list(self.pack.phrasings("handoff_failed")), True),
                            ("handoff_recorded", ["Your request for a person is recorded with this conversation."], True)]
        if isinstance(confirmed, str) and confirmed.strip():
            return reason, [("handoff", self._fill("handoff_detail", detail=confirmed.strip()[:200]), True)]
        return reason, [("handoff", list(self.pack.phrasings("handoff_done")), True)]

    def _follow_up(self, cues: Cues, turn: TurnInput) -> list[tuple[str, list[str], bool]]:
        """One question, when the budget allows and the moment calls for one, else a statement.
        A learned strategy other than "Question" asks nothing; "Providing Suggestions" and
        "Information" offer the advice pack's lines where the preset gives advice."""
        if turn.strategy is not None and turn.strategy != "Question":
            if turn.strategy in ("Providing Suggestions", "Information") and "advice" in self.pack.allowed:
                return [("advice", list(advice_for([turn.text])), False)]  # this turn's topic, else general steps
            statement = self._statement(cues, turn)
            return [statement] if statement else []
        question = self._question(cues, turn) if self._may_ask(turn.state) else None
        if question:
            return [question]
        statement = self._statement(cues, turn)
        return [statement] if statement else []

    def _may_ask(self, state: dict) -> bool:
        wishes = state.get("wishes", [])
        asked = state.get("asked", [])
        if "no_questions" in wishes or "vent" in wishes or "advice" in wishes or (asked and asked[-1]):
            return False
        return sum(asked) + 1 <= self.pack.question_share * (len(asked) + 1) + 0.7

    def _question(self, cues: Cues, turn: TurnInput):
        pack, state = self.pack, turn.state
        checked = state.setdefault("checked", [])
        person = self._to_check_on(turn, cues)
        if person is not None:
            checked.append(person.value)
            return ("check_in", self._fill("check_in", name=person.value), False)
        if cues.loss:
            who = self._deceased_named(turn)
            options = self._fill("question_loss", who=who) if who else []
            return ("question_loss", options, False) if options else None
        if cues.breakup:
            return ("question_breakup", list(pack.phrasings("question_breakup")), False)
        if cues.good_news:
            return ("question_news", list(pack.phrasings("question_news")), False)
        if pack.name == "customer_service" and cues.negative and not state.get("order") and ORDER_TALK.search(turn.text):
            return ("ask_order", list(pack.phrasings("ask_order")), False)
        if (cues.act == "greeting" or cues.short) and not cues.negative and not cues.positive:
            return ("question_short", list(pack.phrasings("question_short")), False)
        if cues.negative and not cues.sarcastic:
            feeling = [] if "no_feeling_questions" in state.get("wishes", []) else list(pack.phrasings("question_feeling"))
            return ("question_open", list(pack.phrasings("question_open")) + feeling, False)
        return None

    def _statement(self, cues: Cues, turn: TurnInput):
        pack, state = self.pack, turn.state
        wishes = state.get("wishes", [])
        person = self._to_check_on(turn, cues)
        if person is not None:
            state.setdefault("checked", []).append(person.value)
            return ("check_in", [f"I hope {person.value} is feeling better.", f"I hope {person.value} is on the mend."], False)
        heavy = state.get("heavy_until", -1) >= turn.index
        deceased = [f for f in turn.memory.facts if getattr(f, "status", "") == persons.DECEASED]
        if deceased and heavy and PRONOUN.search(turn.text) and not cues.loss:
            who = deceased[-1].value or f"your {deceased[-1].subject}"
            return ("remember", [f"It sounds like {who} meant a great deal to you.", "Those are the memories that stay with you.",
                                 f"Thank you for telling me about {who}."], False)
        if deceased and heavy and pack.phrasings("grief") and not cues.positive:
            return ("grief", list(pack.phrasings("grief")), False)
        if "vent" in wishes:
            return ("listen", list(pack.phrasings("listen")), False)
        if "advice" in wishes:
            return None
        if cues.negative or heavy and not cues.positive:
            counsel = list(pack.phrasings("affirm")) if "counselling" in pack.allowed or pack.phrasings("affirm") else []
            return ("affirm", counsel + list(pack.phrasings("listen")), False)
        if not cues.positive:
            return ("offer", list(pack.phrasings("offer")), False)
        return None

    # people ------------------------------------------------------------------------
    def _deceased_named(self, turn: TurnInput) -> str | None:
        """How to name the person whose death this turn tells of: "Aldric", or "your mum"."""
        for fact in reversed(turn.memory.facts):
            if getattr(fact, "status", "") != persons.DECEASED:
                continue
            if fact.value and fact.value in turn.text:
                return fact.value
            if re.search(rf"\b{re.escape(fact.subject)}\b", turn.text, re.I) and fact.subject != "someone":
                return fact.value or f"your {fact.subject}"
        return None

    def _to_check_on(self, turn: TurnInput, cues: Cues | None = None):
        """A living person or pet the user was worried about, told of two or more turns ago, not asked after yet
        (and not in the middle of a new complaint, when it would read as changing the subject)."""
        if "check_in" not in self.pack.allowed or cues is not None and (cues.complaint or cues.sarcastic or cues.handoff):
            return None
        if turn.reading is not None and (turn.reading.valence < -0.4 or "!!" in turn.text):
            return None
        checked = turn.state.get("checked", [])
        for fact in reversed(turn.memory.facts):
            if persons.can_check_in(fact) and fact.value not in checked and 0 <= turn.index - fact.turn and \
                    turn.index - fact.turn >= 2 and CONCERN.search(fact.source) and fact.value not in turn.text:
                return fact
        return None

    # composing and ranking -------------------------------------------------------------
    def _retrieved(self, moves, follow, turn: TurnInput, cues: Cues) -> list:
        """Candidates whose follow-up is a human reply from the bank, ordered by the learned ranker;
        only where the composed follow-up would be a generic statement, and never near a crisis."""
        if self._bank is None or turn.at_risk or not follow or follow[0][0] not in GENERIC_FOLLOW or not moves \
                or cues.loss or cues.sarcastic or turn.state.get("wishes") or len(turn.text.split()) < 4:
            return []  # "ok", "idk": too little to find a reply by
        negative = cues.negative or turn.state.get("heavy_until", -1) >= turn.index
        from empathic.conversation.retrieval import context_text
        from empathic.text.encoder import SentenceEncoder

        vector = SentenceEncoder.shared().encode([context_text([*turn.recent_texts[-1:], turn.text])])[0]
        said = turn.said

        def unfit(entry) -> bool:
            reply = entry["reply"]
            # our own reaction already opened the reply: the human one may not react again, nor change the mood
            return "?" in reply or bool(REACTS.search(reply)) \
                or bool((CHEERFUL if negative else GLOOMY).search(reply)) or bool(keys(reply, self.pack.formal) & said)

        found = [(score, entry) for score, entry in self._bank.retrieve(vector, k=RETRIEVED, exclude=unfit, with_near=True)
                 if entry["near"] >= NEAR_ENOUGH]
        candidates = []
        for rank, (_, entry) in enumerate(found):
            text, reused, used = compose(moves + [("retrieved", [entry["reply"]], False)], said, self._rng, self.pack.formal)
            if "retrieved" not in used:
                continue
            # above the composed generic follow-up, in the ranker's order
            value = 1.0 - 0.1 * rank - 10 * reused + 0.5 * len(used) - 0.02 * abs(len(text.split()) - 22)
            candidates.append((value, CANDIDATES - rank, text, used))
        return candidates


    def _fill(self, move: str, **fields) -> list[str]:
        return [p.format(**fields) for p in self.pack.phrasings(move)]

    def _rank(self, moves, follow, turn: TurnInput, cues: Cues, handoff_reason) -> Reply:
        candidates = self._retrieved(moves, follow, turn, cues)
        for attempt in range(CANDIDATES):
            chosen = moves + (follow if attempt < CANDIDATES - 1 else [])  # the last one without a follow-up
            text, reused, used = compose(chosen, turn.said, self._rng, self.pack.formal)
            if not text and candidates:
                continue
            if not text:
                offer = [("offer", list(self.pack.phrasings("offer")), True)]
                text, reused, used = compose(offer, turn.said, self._rng, self.pack.formal)
            candidates.append((score(text, reused, used, 22), -attempt, text, used))  # ties: the fuller, earlier one
        return settle(candidates, turn, cues.negative, handoff_reason)
