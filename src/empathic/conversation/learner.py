"""``StrategyLearner``: a per-tenant contextual bandit over the plan's support strategy.

What it learns from. Each reply the learner chose is a decision (context, strategy,
propensity). Two kinds of outcome train it, as two weighted observations of the same
decision, so the posterior mean is their weighted average
``(w_explicit * r_explicit + w_implicit * r_implicit) / (w_explicit + w_implicit)``:

* explicit feedback: thumbs up/down (+1/-1) or a 1-5 rating ((rating - 3) / 2);
* the implicit outcome, when the user's next turn arrives: ``CONTINUE_BONUS`` for coming
  back plus twice the change in valence (clipped to [-1, 1]), or -1 when that next turn
  raised any risk or the frustration is escalating. A conversation that just stops is no
  observation (a goodbye is no failure, and the library keeps no timers).

How it chooses. Disjoint linear Thompson sampling (Agrawal & Goyal 2013): per strategy a
Bayesian ridge regression of reward on the context (the turn's reading, the conversation
state and the preset; ``context_features``). The greedy choice is the strategy with the
highest posterior mean plus a prior that favours the planner's own choice, so an untrained
learner behaves exactly like the planner. Exploration is safe and bounded:

* never on a turn whose risk level is above ``none`` (the learner is not even consulted);
* only among strategies the planner's rules allow at that moment (``allowed_strategies``:
  escalation asks for reflection or a concrete step, a negative turn never gets "Others",
  low confidence never gets an asserted reflection, the preset's exclusions);
* with probability ``explore_share`` a decision samples from the Thompson posterior instead
  of taking the greedy strategy, and never when that would push the tenant's share of
  exploratory choices (chosen != greedy) over ``explore_share``.

Every choice carries its propensity ``(1 - e) * [a == greedy] + e * P_thompson(a)`` (the
Thompson probabilities are a 2,000-draw Monte Carlo estimate, and the exploratory strategy
is drawn from that very estimate, so the logged propensity is exact for what was done),
which the turn's stored result keeps for off-policy evaluation.

State lives in the store (table ``learners``, one row per tenant, sealed like all stored
data) and every change is a read-modify-write in one transaction, so several workers
sharing a database do not lose each other's updates. It holds sums over contexts, never
text or user ids.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

import numpy as np

from empathic.errors import InvalidInputError
from empathic.labels import EKMAN_GROUPS, STRATEGIES

STATE_NAME = "strategy-v1"  # the row's name: a change of features starts a fresh model
CONTINUE_BONUS = 0.2
MONTE_CARLO_DRAWS = 2_000
GROUPS = ("anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral")
PRESET_NAMES = ("default", "customer_service", "wellbeing", "tutoring", "hr", "game_character")
ACTS = ("question", "advice_request", "complaint")
FEATURES = (("bias", "valence", "arousal", "confidence") + tuple(f"emotion:{g}" for g in GROUPS)
            + ("escalating", "position") + tuple(f"act:{a}" for a in ACTS) + tuple(f"preset:{p}" for p in PRESET_NAMES))
# an AI telling "its own" experiences where the setting is professional misleads (product rule 6)
PRESET_EXCLUDED = {"customer_service": {"Self-disclosure"}, "hr": {"Self-disclosure"}, "tutoring": {"Self-disclosure"}}
_OTHER_LABELS = {"angry": "anger", "happy": "joy", "sad": "sadness", "fearful": "fear", "surprised": "surprise",
                 "calm": "neutral"}
_GROUP_OF = {label: group for group, labels in EKMAN_GROUPS.items() for label in labels} | _OTHER_LABELS


def context_features(reading=None, state=None, preset: str = "default", turn_index: int = 0) -> np.ndarray:
    """The context of one decision, in the order of ``FEATURES`` (all within [-1, 1])."""
    x = np.zeros(len(FEATURES))
    x[0] = 1.0
    if reading is not None:
        x[1], x[2], x[3] = reading.valence, reading.arousal, reading.confidence
        x[FEATURES.index(f"emotion:{_GROUP_OF.get(reading.top, 'neutral')}")] = 1.0
        act = getattr(reading, "act", None)
        if act in ACTS:
            x[FEATURES.index(f"act:{act}")] = 1.0
    else:
        x[FEATURES.index("emotion:neutral")] = 1.0
    x[FEATURES.index("escalating")] = float(bool(state is not None and state.escalating))
    x[FEATURES.index("position")] = min(max(int(turn_index), 0), 10) / 10
    if preset in PRESET_NAMES:
        x[FEATURES.index(f"preset:{preset}")] = 1.0
    return x


def allowed_strategies(planned: str, reading=None, state=None, preset: str = "default") -> list[str]:
    """The strategies the planner's rules allow now (``planner.py``), the planner's own choice always."""
    escalating = bool(state is not None and state.escalating)
    confident = reading is None or reading.confidence >= 0.4
    negative = reading is not None and reading.valence < -0.2
    allowed = []
    for strategy in STRATEGIES:
        if escalating and strategy not in ("Reflection of feelings", "Providing Suggestions", "Information"):
            continue
        if negative and strategy == "Others":
            continue
        if not confident and strategy == "Reflection of feelings":
            continue
        if strategy in PRESET_EXCLUDED.get(preset, ()):
            continue
        allowed.append(strategy)
    return allowed if planned in allowed else [planned, *allowed]


def explicit_reward(rating=None, thumbs=None) -> float:
    """Thumbs +1/-1, or a 1-5 rating mapped to [-1, 1]; both: their mean."""
    parts = []
    if thumbs is not None:
        if isinstance(thumbs, bool) or thumbs not in (-1, 1):
            raise InvalidInputError(f"thumbs must be 1 or -1, got {thumbs!r}")
        parts.append(float(thumbs))
    if rating is not None:
        if isinstance(rating, bool) or not isinstance(rating, (int, float)) or not 1 <= rating <= 5 \
                or math.isnan(rating):
            raise InvalidInputError(f"rating must be a number from 1 to 5, got {rating!r}")
        parts.append((float(rating) - 3.0) / 2.0)
    if not parts:
        raise InvalidInputError("feedback needs 'thumbs' (1 or -1) or 'rating' (1-5)")
    return float(np.mean(parts))


def implicit_reward(valence_before: float, valence_after: float, escalated: bool) -> float:
    """The outcome of a reply seen in the user's next turn (see the module docstring)."""
    if escalated:
        return -1.0
    return float(np.clip(CONTINUE_BONUS + 2.0 * (valence_after - valence_before), -1.0, 1.0))


@dataclass
class Choice:
    strategy: str
    propensity: float
    explored: bool
    greedy: str
    planned: str
    allowed: list[str]
    explore_probability: float  # the e of this decision: 0 when the share cap held exploration back
    context: list[float] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"policy": STATE_NAME, "strategy": self.strategy, "propensity": round(self.propensity, 6),
                "explored": self.explored, "greedy": self.greedy, "planned": self.planned, "allowed": self.allowed,
                "explore_probability": self.explore_probability,
                "context": [round(float(v), 5) for v in self.context]}


class _Posterior:
    """Per strategy: precision ``A = ridge * I + sum w x x^T`` and ``b = sum w r x`` (JSON-friendly)."""

    def __init__(self, data: dict | None, ridge: float):
        d = len(FEATURES)
        data = data if data and data.get("features") == list(FEATURES) else {}
        arms = data.get("arms", {})
        self.A = {s: np.array(arms[s]["A"]) if s in arms else ridge * np.eye(d) for s in STRATEGIES}
        self.b = {s: np.array(arms[s]["b"]) if s in arms else np.zeros(d) for s in STRATEGIES}
        self.n = {s: float(arms[s]["n"]) if s in arms else 0.0 for s in STRATEGIES}
        self.decisions, self.explored = int(data.get("decisions", 0)), int(data.get("explored", 0))

    def mean_and_variance(self, x: np.ndarray, strategies) -> tuple[np.ndarray, np.ndarray]:
        means, variances = [], []
        for s in strategies:
            solved = np.linalg.solve(self.A[s], np.stack([self.b[s], x], axis=1))
            means.append(float(x @ solved[:, 0]))
            variances.append(float(x @ solved[:, 1]))
        return np.array(means), np.array(variances)

    def observe(self, x: np.ndarray, strategy: str, reward: float, weight: float) -> None:
        self.A[strategy] = self.A[strategy] + weight * np.outer(x, x)
        self.b[strategy] = self.b[strategy] + weight * reward * x
        self.n[strategy] += weight

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "decisions": self.decisions, "explored": self.explored,
                "arms": {s: {"A": self.A[s].round(8).tolist(), "b": self.b[s].round(8).tolist(), "n": self.n[s]}
                         for s in STRATEGIES if self.n[s] > 0}}


class _MemoryStates:
    """Where state lives without a store: this process only."""

    def __init__(self):
        self._rows: dict[str, dict] = {}
        self._lock = threading.Lock()

    def load_learner(self, tenant: str, name: str):
        return self._rows.get(f"{tenant}\x00{name}")

    def update_learner(self, tenant: str, name: str, change):
        with self._lock:
            data, result = change(self._rows.get(f"{tenant}\x00{name}"))
            self._rows[f"{tenant}\x00{name}"] = data
            return result


class StrategyLearner:
    """Per-tenant Thompson sampling over ``STRATEGIES``; see the module docstring.

    ``store``: a ``Store`` (an ``Agent`` binds its own when none is given), else state is
    kept in this process. ``explore_share``: the most a tenant's choices may explore (0 turns
    exploration off; learning from feedback still shifts the greedy choice). ``prior_weight``:
    how much the planner's choice is preferred before evidence. ``noise``: the reward's
    standard deviation assumed by the posterior (larger explores wider)."""

    def __init__(self, store=None, explore_share: float = 0.1, prior_weight: float = 0.3, noise: float = 0.5,
                 ridge: float = 1.0, explicit_weight: float = 1.0, implicit_weight: float = 0.3,
                 seed: int | None = None):
        for name, value, low, high in (("explore_share", explore_share, 0.0, 0.5), ("prior_weight", prior_weight, 0.0, 10.0),
                                       ("noise", noise, 1e-3, 10.0), ("ridge", ridge, 1e-3, 1e3),
                                       ("explicit_weight", explicit_weight, 0.0, 10.0),
                                       ("implicit_weight", implicit_weight, 0.0, 10.0)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                raise InvalidInputError(f"{name} must be a number from {low} to {high}, got {value!r}")
        self.store = store
        self.explore_share, self.prior_weight, self.noise, self.ridge = explore_share, prior_weight, noise, ridge
        self.explicit_weight, self.implicit_weight = explicit_weight, implicit_weight
        self._rng = np.random.default_rng(seed)
        self._rng_lock = threading.Lock()
        self._memory = _MemoryStates()

    @property
    def _states(self):
        return self.store if self.store is not None else self._memory

    def bind(self, store) -> "StrategyLearner":
        if self.store is None:
            self.store = store
        return self

    # choosing ------------------------------------------------------------------------
    def scores(self, tenant: str, x: np.ndarray, planned: str, planner_scores: dict | None = None,
               strategies=STRATEGIES) -> dict[str, tuple[float, float]]:
        """(greedy score, posterior variance of the reward) per strategy, from the stored state."""
        return self._scores(_Posterior(self._states.load_learner(tenant, STATE_NAME), self.ridge), x, planned,
                            planner_scores or {}, list(strategies))

    def _scores(self, posterior: _Posterior, x, planned, planner_scores, strategies):
        means, variances = posterior.mean_and_variance(x, strategies)
        prior = np.array([self.prior_weight * ((s == planned) + 0.1 * planner_scores.get(s, 0.0)) for s in strategies])
        return {s: (float(m + p), float(v)) for s, m, p, v in zip(strategies, means, prior, variances)}

    def choose(self, tenant: str, plan, reading=None, state=None, preset: str = "default", turn_index: int = 0,
               risk_level: str = "none") -> Choice | None:
        """The strategy for this turn, or None on a turn with any risk (the planner's plan stands)."""
        if risk_level != "none":
            return None
        x = context_features(reading, state, preset, turn_index)
        allowed = allowed_strategies(plan.strategy, reading, state, preset)

        def decide(data):
            posterior = _Posterior(data, self.ridge)
            scored = self._scores(posterior, x, plan.strategy, plan.strategy_scores, allowed)
            greedy = max(allowed, key=lambda s: (scored[s][0], s == plan.strategy))
            may_explore = (posterior.explored + 1) <= self.explore_share * (posterior.decisions + 1)
            e = self.explore_share if may_explore else 0.0
            with self._rng_lock:
                thompson = self._thompson(scored, allowed)
                explore = e > 0 and self._rng.random() < e
                strategy = allowed[int(self._rng.choice(len(allowed), p=thompson))] if explore else greedy
            propensity = (1 - e) * (strategy == greedy) + e * thompson[allowed.index(strategy)]
            posterior.decisions += 1
            posterior.explored += strategy != greedy
            return posterior.to_dict(), Choice(strategy, float(propensity), strategy != greedy, greedy, plan.strategy,
                                               allowed, e, x.tolist())

        return self._states.update_learner(tenant, STATE_NAME, decide)

    def distribution(self, tenant: str, x: np.ndarray, planned: str, planner_scores: dict | None = None,
                     allowed=None) -> dict[str, float]:
        """The policy's probability of each strategy in context ``x`` when exploring at the full
        ``explore_share`` (for off-policy evaluation; ``choose`` may explore less under the cap)."""
        allowed = list(allowed or STRATEGIES)
        scored = self.scores(tenant, x, planned, planner_scores, allowed)
        greedy = max(allowed, key=lambda s: (scored[s][0], s == planned))
        with self._rng_lock:
            thompson = self._thompson(scored, allowed)
        e = self.explore_share
        return {s: (1 - e) * (s == greedy) + e * float(p) for s, p in zip(allowed, thompson)}

    def _thompson(self, scored: dict, allowed: list[str]) -> np.ndarray:
        """P(each allowed strategy has the highest sampled score), by Monte Carlo."""
        means = np.array([scored[s][0] for s in allowed])
        sd = self.noise * np.sqrt(np.maximum([scored[s][1] for s in allowed], 0.0))
        draws = means + sd * self._rng.standard_normal((MONTE_CARLO_DRAWS, len(allowed)))
        counts = np.bincount(draws.argmax(1), minlength=len(allowed)).astype(float)
        return counts / counts.sum()

    # learning ------------------------------------------------------------------------
    def learn(self, tenant: str, context, strategy: str, reward: float, weight: float = 1.0) -> None:
        """One observation: ``reward`` in [-1, 1] for ``strategy`` in ``context`` (a logged choice's)."""
        if strategy not in STRATEGIES:
            raise InvalidInputError(f"unknown strategy {strategy!r}; one of {', '.join(STRATEGIES)}")
        x = np.asarray(context, dtype=float)
        if x.shape != (len(FEATURES),) or not np.all(np.isfinite(x)):
            raise InvalidInputError(f"context must be {len(FEATURES)} finite numbers (learner.FEATURES)")
        if not -1.0 <= reward <= 1.0 or weight <= 0:
            raise InvalidInputError("reward must lie in [-1, 1] and weight be positive")

        def add(data):
            posterior = _Posterior(data, self.ridge)
            posterior.observe(x, strategy, float(reward), float(weight))
            return posterior.to_dict(), None

        self._states.update_learner(tenant, STATE_NAME, add)

    def learn_feedback(self, tenant: str, choice: dict, rating=None, thumbs=None) -> float:
        reward = explicit_reward(rating, thumbs)
        self.learn(tenant, choice["context"], choice["strategy"], reward, self.explicit_weight)
        return reward

    def learn_outcome(self, tenant: str, choice: dict, valence_before: float, valence_after: float,
                      escalated: bool) -> float:
        reward = implicit_reward(valence_before, valence_after, escalated)
        if self.implicit_weight > 0:
            self.learn(tenant, choice["context"], choice["strategy"], reward, self.implicit_weight)
        return reward

    def summary(self, tenant: str) -> dict:
        """What the tenant's learner holds: decisions, exploratory share, evidence per strategy."""
        posterior = _Posterior(self._states.load_learner(tenant, STATE_NAME), self.ridge)
        return {"decisions": posterior.decisions, "explored": posterior.explored,
                "explored_share": posterior.explored / posterior.decisions if posterior.decisions else 0.0,
                "evidence": {s: round(n, 3) for s, n in posterior.n.items() if n > 0}}
