"""``empathic eval bandit``: off-policy value of reply-strategy policies on ESConv.

Each labelled supporter turn of ESConv is one logged decision: the context is what the
strategy learner sees live (``learner.context_features`` of the seeker's last turn's text
reading, the conversation state built from the seeker's turns so far, preset
``wellbeing``), the action is the human supporter's strategy, and the reward (in [-1, 1])
is half the dialogue's outcome as the seeker reported it and half the turn's implicit
outcome, as the live learner computes it:

* dialogue outcome = 0.5 * (initial - final emotion intensity) / 4 + 0.5 * (empathy rating - 3) / 2
  (the seeker's own survey: intensity 1-5 before and after, empathy 1-5);
* implicit outcome = ``learner.implicit_reward`` of the valence change to the seeker's next
  turn (0 when the dialogue ends there).

The human supporters' policy is unknown, so its propensities are estimated: a multinomial
logistic regression of the strategy on the context plus the previous supporter strategy,
fitted on train (clipped below at ``MIN_PROPENSITY``). The reward model for doubly robust
estimates is a per-strategy ridge regression fitted on valid. Every figure is on test,
which nothing here was fitted on. Policies valued:

* ``human (logged)``: the supporters themselves (its value is the mean logged reward);
* ``planner``: what ``ResponsePlanner.plan`` picks (deterministic);
* ``learned``: a ``StrategyLearner`` trained by replaying the train split's decisions,
  choosing among the planner's allowed strategies with its default exploration share;
* ``uniform``: any allowed strategy at random (a reference point).

Estimators: inverse propensity scoring (IPS), self-normalised IPS and doubly robust (DR),
with 95% percentile bootstrap intervals resampling whole dialogues (decisions within a
dialogue share its outcome, so they are not independent).
"""

from __future__ import annotations

import numpy as np

from empathic.errors import InvalidInputError
from empathic.conversation.learner import STRATEGIES, StrategyLearner, allowed_strategies, context_features, implicit_reward

MIN_PROPENSITY = 0.02
PRESET = "wellbeing"


def dialogue_outcome(survey: dict) -> float | None:
    """The seeker's own report, in [-1, 1]; None when the survey is missing or malformed."""
    try:
        initial, final = float(survey["initial_emotion_intensity"]), float(survey["final_emotion_intensity"])
        empathy = float(survey["empathy"])
    except (KeyError, TypeError, ValueError):
        return None
    return float(0.5 * np.clip((initial - final) / 4, -1, 1) + 0.5 * np.clip((empathy - 3) / 2, -1, 1))


def decisions(conversations: list[dict], recognizer) -> list[dict]:
    """One record per labelled supporter turn that follows a seeker turn."""
    from empathic.conversation.state import ConversationState, update_state

    texts = [t["text"] or "ok" for c in conversations for t in c["dialog"] if t["speaker"] == "user"]
    readings = iter(read_cached(texts, recognizer))
    out = []
    for number, conversation in enumerate(conversations):
        outcome = dialogue_outcome(conversation.get("survey") or {})
        dialog = conversation["dialog"]
        user_readings = {i: next(readings) for i, t in enumerate(dialog) if t["speaker"] == "user"}
        if outcome is None:
            continue
        state, seen, previous = ConversationState(), [], "none"
        for i, turn in enumerate(dialog):
            if turn["speaker"] == "user":
                update_state(state, user_readings[i], turn["text"])
                seen.append(i)
                continue
            if "strategy" not in turn or not seen:
                previous = turn.get("strategy", previous)
                continue
            reading = user_readings[seen[-1]]
            after = next((j for j in range(i + 1, len(dialog)) if dialog[j]["speaker"] == "user"), None)
            implicit = 0.0 if after is None else implicit_reward(reading.valence, user_readings[after].valence, False)
            out.append({"dialogue": number, "history": dialog[:i], "strategy": turn["strategy"], "previous": previous,
                        "reading": reading, "escalating": state.escalating, "state": _copy(state),
                        "x": context_features(reading, state, PRESET, len(seen) - 1),
                        "reward": 0.5 * outcome + 0.5 * implicit})
            previous = turn["strategy"]
    return out


def read_cached(texts: list[str], recognizer, chunk: int = 500) -> list:
    """Text readings, kept in ``$EMPATHIC_CACHE`` (``~/.cache/empathic``) per text and text model:
    ESConv's seeker turns take about half an hour to read on two busy cores, once."""
    import hashlib
    import os
    import pickle
    from pathlib import Path

    model = Path(recognizer.model_dir) / "model.onnx"
    stamp = hashlib.sha1(f"{model.resolve()}:{model.stat().st_size}:{model.stat().st_mtime_ns}:"
                         f"{recognizer.pragmatics}".encode()).hexdigest()[:10]
    path = Path(os.environ.get("EMPATHIC_CACHE", Path.home() / ".cache" / "empathic")) / f"esconv_readings_{stamp}.pkl"
    cache = {}
    if path.exists():
        with open(path, "rb") as f:
            cache = pickle.load(f)  # our own cache file, written below
    missing = [t for t in dict.fromkeys(texts) if t not in cache]
    for start in range(0, len(missing), chunk):
        part = missing[start:start + chunk]
        cache.update(zip(part, recognizer.recognize_batch(part)))
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".tmp"), "wb") as f:
            pickle.dump(cache, f)
        path.with_suffix(".tmp").replace(path)
    return [cache[t] for t in texts]


def _copy(state):
    from empathic.conversation.state import ConversationState

    return ConversationState.from_dict(state.to_dict())


# --- the logged policy and the reward model ----------------------------------------------------------
def _behaviour_features(records: list[dict]) -> np.ndarray:
    previous = [*STRATEGIES, "none"]
    onehot = np.array([[r["previous"] == p for p in previous] for r in records], dtype=float)
    return np.hstack([np.stack([r["x"] for r in records]), onehot])


def fit_behaviour(records: list[dict], l2: float = 1e-3, steps: int = 600, rate: float = 0.5) -> np.ndarray:
    """Softmax regression weights of the supporters' strategy (full-batch gradient descent)."""
    X, y = _behaviour_features(records), np.array([STRATEGIES.index(r["strategy"]) for r in records])
    W = np.zeros((X.shape[1], len(STRATEGIES)))
    target = np.eye(len(STRATEGIES))[y]
    for _ in range(steps):
        p = _softmax(X @ W)
        W -= rate * (X.T @ (p - target) / len(X) + l2 * W)
    return W


def behaviour_probabilities(W: np.ndarray, records: list[dict]) -> np.ndarray:
    return _softmax(_behaviour_features(records) @ W)


def _softmax(z):
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def fit_reward_model(records: list[dict], ridge: float = 1.0) -> dict[str, np.ndarray]:
    """Per strategy, ridge weights of reward on context (``q(x, a) = x @ w[a]``)."""
    d = len(records[0]["x"])
    model = {}
    for s in STRATEGIES:
        rows = [r for r in records if r["strategy"] == s]
        X = np.stack([r["x"] for r in rows]) if rows else np.zeros((0, d))
        y = np.array([r["reward"] for r in rows])
        model[s] = np.linalg.solve(X.T @ X + ridge * np.eye(d), X.T @ y if rows else np.zeros(d))
    return model


# --- estimators -------------------------------------------------------------------------------------------
def estimates(target: np.ndarray, logged: np.ndarray, actions: np.ndarray, rewards: np.ndarray, q: np.ndarray) -> dict:
    """Per-decision terms of IPS, SNIPS and DR; ``target`` and ``q`` are (n, arms), ``logged`` the
    behaviour propensity of the logged action."""
    n = len(actions)
    weight = target[np.arange(n), actions] / logged
    return {"ips": weight * rewards, "weight": weight,
            "dr": (target * q).sum(1) + weight * (rewards - q[np.arange(n), actions])}


def bootstrap(terms: dict, dialogues: np.ndarray, samples: int, rng) -> dict:
    groups = [np.flatnonzero(dialogues == d) for d in np.unique(dialogues)]

    def value(index):
        w = terms["weight"][index]
        return {"ips": float(terms["ips"][index].mean()), "snips": float(terms["ips"][index].sum() / max(w.sum(), 1e-12)),
                "dr": float(terms["dr"][index].mean())}

    point = value(np.arange(len(dialogues)))
    draws = []
    for _ in range(samples):
        picked = rng.integers(0, len(groups), len(groups))
        draws.append(value(np.concatenate([groups[g] for g in picked])))
    return {k: {"value": point[k], "low": float(np.percentile([d[k] for d in draws], 2.5)),
                "high": float(np.percentile([d[k] for d in draws], 97.5))} for k in point}


# --- the evaluation ---------------------------------------------------------------------------------------
def evaluate_bandit(limit: int | None = None, samples: int = 1000, seed: int = 0, train_limit: int | None = None,
                    recognizer=None, planner=None) -> dict:
    """``limit``: first N dialogues of every split; ``train_limit``: of train only (the readings
    of all of train take the longest)."""
    from empathic.conversation.planner import ResponsePlanner
    from empathic.datasets.esconv import load_esconv
    from empathic.safety.policy import get_preset
    from empathic.text.recognizer import TextEmotionRecognizer

    for name, value in (("limit", limit), ("train_limit", train_limit)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 2):
            raise InvalidInputError(f"{name} must be an integer of at least 2 dialogues, got {value!r}")
    if isinstance(samples, bool) or not isinstance(samples, int) or not 10 <= samples <= 100_000:
        raise InvalidInputError(f"samples must be an integer from 10 to 100000, got {samples!r}")
    # the speech act (pragmatics) costs three times the reading and ESConv's acts add little here
    recognizer = recognizer or TextEmotionRecognizer(explain=False, pragmatics=False)
    split = {name: load_esconv(name)[:limit] for name in ("train", "valid", "test")}
    split["train"] = split["train"][:train_limit]
    records = {name: decisions(conversations, recognizer) for name, conversations in split.items()}
    train, valid, test = records["train"], records["valid"], records["test"]
    if not (train and valid and test):
        raise InvalidInputError("each ESConv split needs decisions with a seeker survey; raise --limit")

    W = fit_behaviour(train)
    logged_all = np.clip(behaviour_probabilities(W, test), MIN_PROPENSITY, 1.0)
    actions = np.array([STRATEGIES.index(r["strategy"]) for r in test])
    logged = logged_all[np.arange(len(test)), actions]
    marginal = np.bincount([STRATEGIES.index(r["strategy"]) for r in train], minlength=len(STRATEGIES)) / len(train)
    behaviour_fit = {"accuracy": float((logged_all.argmax(1) == actions).mean()),
                     "log_loss": float(-np.log(logged).mean()),
                     "marginal_log_loss": float(-np.log(np.clip(marginal[actions], 1e-9, 1)).mean())}

    reward_model = fit_reward_model(valid)
    X = np.stack([r["x"] for r in test])
    q = np.stack([X @ reward_model[s] for s in STRATEGIES], axis=1)
    rewards = np.array([r["reward"] for r in test])

    planner = planner or ResponsePlanner(recognizer=recognizer)
    preset = get_preset(PRESET)
    plans = [planner.plan(r["history"], r["reading"], r["state"], preset=preset, text_reading=r["reading"]) for r in test]
    learner = StrategyLearner(explore_share=0.1, seed=seed)
    for r in train:  # replay the logged decisions: the learner's reward models, fitted off-line
        learner.learn("esconv", r["x"], r["strategy"], float(np.clip(r["reward"], -1, 1)))

    policies = {"human (logged)": logged_all / logged_all.sum(1, keepdims=True),
                "planner": np.eye(len(STRATEGIES))[[STRATEGIES.index(p.strategy) for p in plans]],
                "learned": np.zeros((len(test), len(STRATEGIES))), "uniform": np.zeros((len(test), len(STRATEGIES)))}
    for i, (r, p) in enumerate(zip(test, plans)):
        allowed = allowed_strategies(p.strategy, r["reading"], r["state"], PRESET)
        for s, prob in learner.distribution("esconv", r["x"], p.strategy, p.strategy_scores, allowed).items():
            policies["learned"][i, STRATEGIES.index(s)] = prob
        for s in allowed:
            policies["uniform"][i, STRATEGIES.index(s)] = 1 / len(allowed)

    rng = np.random.default_rng(seed)
    dialogues = np.array([r["dialogue"] for r in test])
    results = {}
    for name, target in policies.items():
        terms = estimates(target, logged, actions, rewards, q)
        results[name] = bootstrap(terms, dialogues, samples, rng)
        results[name]["agreement"] = float(target[np.arange(len(test)), actions].mean())
        results[name]["effective_n"] = float(terms["weight"].sum() ** 2 / max((terms["weight"] ** 2).sum(), 1e-12))
    logged_mean = bootstrap({"ips": rewards, "weight": np.ones_like(rewards), "dr": rewards}, dialogues, samples, rng)
    return {"n_train": len(train), "n_valid": len(valid), "n_test": len(test),
            "n_test_dialogues": int(len(np.unique(dialogues))), "behaviour": behaviour_fit,
            "logged_mean": logged_mean["ips"], "policies": results, "samples": samples,
            "learned_share": {s: float(policies["learned"][:, i].mean()) for i, s in enumerate(STRATEGIES)},
            "planner_share": {s: float(policies["planner"][:, i].mean()) for i, s in enumerate(STRATEGIES)}}


def format_report(report: dict) -> str:
    b = report["behaviour"]
    lines = [f"ESConv off-policy evaluation: {report['n_test']} test decisions in {report['n_test_dialogues']} dialogues "
             f"(behaviour policy fitted on {report['n_train']} train decisions, reward model on {report['n_valid']} valid)",
             "reward in [-1, 1]: 0.5 * seeker's outcome (intensity drop, empathy rating) + 0.5 * next-turn valence change",
             f"logged policy model: accuracy {b['accuracy']:.3f}, log loss {b['log_loss']:.3f} "
             f"(strategy frequencies alone: {b['marginal_log_loss']:.3f})",
             f"mean logged reward: {report['logged_mean']['value']:+.3f} "
             f"[{report['logged_mean']['low']:+.3f}, {report['logged_mean']['high']:+.3f}]",
             "", f"{'policy':<16} {'IPS [95% CI]':<26} {'SNIPS [95% CI]':<26} {'DR [95% CI]':<26} {'agree':>6} {'ESS':>7}"]
    for name, r in report["policies"].items():
        cells = [f"{r[k]['value']:+.3f} [{r[k]['low']:+.3f}, {r[k]['high']:+.3f}]" for k in ("ips", "snips", "dr")]
        lines.append(f"{name:<16} {cells[0]:<26} {cells[1]:<26} {cells[2]:<26} {r['agreement']:>6.3f} {r['effective_n']:>7.0f}")
    lines.append("")
    lines.append("agree: mean probability the policy gives the supporter's own strategy; ESS: effective sample size of the IPS weights")
    top = lambda shares: ", ".join(f"{s} {v:.2f}" for s, v in sorted(shares.items(), key=lambda kv: -kv[1])[:4])  # noqa: E731
    lines.append(f"planner's strategies: {top(report['planner_share'])}")
    lines.append(f"learned policy's strategies: {top(report['learned_share'])}")
    lines.append(f"bootstrap: {report['samples']} resamples of test dialogues")
    return "\n".join(lines)
