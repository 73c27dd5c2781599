"""The strategy learner (conversation/learner.py): it learns, explores only safely and within its
share, survives a store reopen (SQLite and PostgreSQL), and the feedback endpoint refuses bad
input with the service's JSON error shape over real HTTP."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx
import numpy as np
import pytest

from conftest import LiveServer, postgres_url_or_skip
from empathic.conversation.learner import (FEATURES, StrategyLearner, allowed_strategies, context_features,
                                           explicit_reward, implicit_reward)
from empathic.conversation.planner import ResponsePlan, Tone
from empathic.conversation.state import ConversationState
from empathic.errors import InvalidInputError
from empathic.labels import STRATEGIES


@dataclass
class Reading:
    valence: float = -0.4
    arousal: float = 0.5
    confidence: float = 0.8
    top: str = "sadness"
    act: str | None = "statement"


def plan(strategy: str = "Question") -> ResponsePlan:
    return ResponsePlan(strategy, Tone(0.8, 0.5, 0.4, "medium"), True, False,
                        strategy_scores={s: (0.5 if s == strategy else 0.07) for s in STRATEGIES})


def test_thumbs_down_moves_the_choice_off_a_strategy_and_thumbs_up_onto_another():
    learner = StrategyLearner(explore_share=0.0, seed=1)
    reading, state = Reading(), ConversationState()
    first = learner.choose("t", plan("Question"), reading, state, "wellbeing", 3)
    assert first.strategy == "Question" and first.propensity == 1.0 and not first.explored  # untrained = planner
    for _ in range(2):
        learner.learn_feedback("t", first.to_dict(), thumbs=-1)
    second = learner.choose("t", plan("Question"), reading, state, "wellbeing", 3)
    assert second.strategy != "Question"
    learner.learn_feedback("t", {"context": first.context, "strategy": "Affirmation and Reassurance"}, thumbs=1)
    assert learner.choose("t", plan("Question"), reading, state, "wellbeing", 3).strategy == "Affirmation and Reassurance"
    # another tenant learned nothing
    assert learner.choose("other", plan("Question"), reading, state, "wellbeing", 3).strategy == "Question"


def test_no_learner_at_any_risk_and_constraints_kept():
    learner = StrategyLearner(explore_share=0.5, noise=5.0, seed=2)
    for level in ("low", "moderate", "high", "imminent"):
        assert learner.choose("t", plan(), Reading(), ConversationState(), "default", 1, level) is None
    escalating = ConversationState(escalating=True)
    seen = {learner.choose("t", plan("Reflection of feelings"), Reading(), escalating, "default", i).strategy
            for i in range(300)}
    assert seen <= {"Reflection of feelings", "Providing Suggestions", "Information"}
    assert "Others" not in allowed_strategies("Question", Reading(valence=-0.6))
    assert "Reflection of feelings" not in allowed_strategies("Question", Reading(confidence=0.2))
    assert "Self-disclosure" not in allowed_strategies("Question", Reading(), None, "customer_service")


def test_exploration_share_is_bounded_and_propensities_are_probabilities():
    learner = StrategyLearner(explore_share=0.1, noise=3.0, seed=3)
    rng = np.random.default_rng(0)
    choices = []
    for i in range(400):
        reading = Reading(valence=float(rng.uniform(-0.1, 0.8)), arousal=float(rng.uniform(0, 1)))
        choice = learner.choose("t", plan(STRATEGIES[i % 4]), reading, ConversationState(), "default", i % 12)
        choices.append(choice)
        running = sum(c.explored for c in choices) / len(choices)
        assert running <= 0.1 + 1e-9
        assert 0 < choice.propensity <= 1
        if choice.explored:
            assert choice.propensity < 1 and choice.explore_probability == 0.1
    assert sum(c.explored for c in choices) >= 10  # it does explore
    summary = learner.summary("t")
    assert summary["decisions"] == 400 and summary["explored_share"] <= 0.1
    assert StrategyLearner(explore_share=0.0).choose("t", plan(), Reading(), None).explore_probability == 0.0


def test_rewards_and_bad_values():
    assert explicit_reward(thumbs=1) == 1.0 and explicit_reward(thumbs=-1) == -1.0
    assert explicit_reward(rating=5) == 1.0 and explicit_reward(rating=1) == -1.0 and explicit_reward(rating=3) == 0
    assert implicit_reward(-0.5, 0.0, False) == 1.0 and implicit_reward(0.0, 0.5, True) == -1.0
    for bad in ({"thumbs": 2}, {"thumbs": True}, {"rating": 0}, {"rating": "5"}, {"rating": float("nan")}, {}):
        with pytest.raises(InvalidInputError):
            explicit_reward(**bad)
    learner = StrategyLearner()
    with pytest.raises(InvalidInputError, match="strategy"):
        learner.learn("t", [0.0] * len(FEATURES), "Shouting", 1.0)
    with pytest.raises(InvalidInputError, match="context"):
        learner.learn("t", [0.0, 1.0], "Question", 1.0)
    with pytest.raises(InvalidInputError, match="explore_share"):
        StrategyLearner(explore_share=0.9)
    assert context_features(None).shape == (len(FEATURES),)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_learned_state_survives_a_store_reopen(kind, tmp_path):
    from empathic.storage.store import Store

    url = f"sqlite:///{tmp_path / 'learn.db'}" if kind == "sqlite" else postgres_url_or_skip()
    first = StrategyLearner(Store(url), explore_share=0.0)
    choice = first.choose("acme", plan("Question"), Reading(), ConversationState(), "default", 2)
    for _ in range(3):
        first.learn_feedback("acme", choice.to_dict(), thumbs=-1)
    first.store.engine.dispose()
    reopened = StrategyLearner(Store(url), explore_share=0.0)
    assert reopened.summary("acme")["evidence"] == {"Question": 3.0}
    assert reopened.summary("acme")["decisions"] == 1
    assert reopened.choose("acme", plan("Question"), Reading(), ConversationState(), "default", 2).strategy != "Question"
    assert reopened.summary("other")["decisions"] == 0


# --- through the Agent and the service -----------------------------------------------------------
@pytest.fixture(scope="module")
def agent(text_recognizer):
    from empathic.conversation.agent import Agent

    return Agent(preset="wellbeing", text_recognizer=text_recognizer, seed=0,
                 learner=StrategyLearner(explore_share=0.0, seed=0))


def test_agent_thumbs_down_on_questions_removes_questions(agent):
    lines = ["I had a rough day at work.", "My boss keeps criticising everything I do.", "I feel tired all the time.",
             "I don't sleep well lately.", "Everything feels heavy.", "I keep worrying about money.",
             "My flat is a mess and I can't face it.", "I skipped the gym again.", "I feel so behind on everything.",
             "My sister didn't call back.", "Work was stressful again today.", "I feel stuck."]
    session = f"q-{uuid.uuid4().hex[:6]}"
    asked = []
    for i, line in enumerate(lines):
        result = agent.respond(session, "asker", line)
        asked.append(result.reply.rstrip().endswith("?"))
        assert result.plan.learner and result.plan.learner["propensity"] == 1.0
        if result.reply.rstrip().endswith("?"):
            assert agent.feedback(session, i, thumbs=-1)["learned"] is True
    assert any(asked[:6]) and not any(asked[-4:]), asked
    with pytest.raises(InvalidInputError, match="no turn 99"):
        agent.feedback(session, 99, thumbs=1)
    with pytest.raises(InvalidInputError, match="no session"):
        agent.feedback("nope", 0, thumbs=1)
    with pytest.raises(InvalidInputError, match="thumbs"):
        agent.feedback(session, 0, thumbs=3)


def test_agent_learner_stays_out_of_risky_turns(agent):
    session = f"r-{uuid.uuid4().hex[:6]}"
    agent.respond(session, "risky", "Work has been hard.")
    result = agent.respond(session, "risky", "Sometimes I think everyone would be better off without me.")
    assert result.safety.level != "none"
    assert "context" not in (result.plan.learner or {}), result.plan.learner


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, tmp_path_factory):
    from empathic.service.app import Settings, create_app
    from empathic.service.auth import create_key

    url = (f"sqlite:///{tmp_path_factory.mktemp('learn') / 'svc.db'}" if request.param == "sqlite"
           else postgres_url_or_skip())
    app = create_app(Settings(database_url=url, rate_limit_per_minute=100_000, purge_interval_s=0, learning=True))
    live = LiveServer(app)
    key = create_key(app.state.store, "learners")
    yield {"base": live.base, "key": key, "app": app}
    live.stop()


def test_feedback_endpoint_trains_the_tenant_and_refuses_bad_input(served):
    with httpx.Client(base_url=served["base"], headers={"Authorization": f"Bearer {served['key']}"}, timeout=60) as c:
        sid = c.post("/v1/sessions", json={"user_id": "fb-user", "preset": "wellbeing"}).json()["id"]
        turn = c.post(f"/v1/sessions/{sid}/turns", json={"text": "I had an awful week at work."}).json()
        assert turn["plan"]["learner"]["propensity"] > 0
        ok = c.post("/v1/feedback", json={"session_id": sid, "turn": 0, "thumbs": -1})
        assert ok.status_code == 201 and ok.json() == {"stored": True, "learned": True, "reward": -1.0}
        again = c.post("/v1/feedback", json={"session_id": sid, "turn": 0, "rating": 5}).json()
        assert again["learned"] is False  # one explicit observation per reply
        summary = served["app"].state.core.learner.summary("learners")
        for body, status, says in [
            ({"session_id": "0" * 32, "turn": 0, "thumbs": 1}, 404, "session"),
            ({"session_id": sid, "turn": 5, "thumbs": 1}, 422, "no turn 5"),
            ({"session_id": sid, "turn": 0, "rating": 9}, 422, "rating"),
            ({"session_id": sid, "turn": 0, "rating": "4"}, 422, "rating"),
            ({"session_id": sid, "turn": 0, "thumbs": "up"}, 422, "thumbs"),
            ({"session_id": sid, "turn": "0", "thumbs": 1}, 422, "turn"),
            ({"session_id": sid, "turn": 0}, 422, "thumbs"),
        ]:
            response = c.post("/v1/feedback", json=body)
            assert response.status_code == status, (body, response.text)
            error = response.json()
            assert set(error) >= {"error", "detail"} and says in error["detail"], (body, error)
        assert summary["evidence"] == {turn["plan"]["strategy"]: 1.0} and summary["decisions"] == 1


# --- the off-policy evaluation ---------------------------------------------------------------------
def test_off_policy_estimators_recover_a_known_value():
    """On synthetic logs with known rewards, IPS and DR of a target policy land near its true value."""
    from empathic.evaluation.bandit import bootstrap, estimates

    rng = np.random.default_rng(0)
    n, arms = 4000, 3
    mean_reward = np.array([0.1, 0.5, -0.2])
    logged_all = np.tile([0.5, 0.3, 0.2], (n, 1))
    actions = np.array([rng.choice(arms, p=p) for p in logged_all])
    rewards = mean_reward[actions] + rng.normal(0, 0.3, n)
    target = np.tile([0.0, 1.0, 0.0], (n, 1))  # always arm 1: true value 0.5
    q = np.tile(mean_reward + 0.2, (n, 1))  # a biased reward model: DR must correct it
    terms = estimates(target, logged_all[np.arange(n), actions], actions, rewards, q)
    result = bootstrap(terms, np.arange(n) // 4, 200, rng)
    for estimator in ("ips", "snips", "dr"):
        r = result[estimator]
        assert r["low"] < r["value"] < r["high"] and r["high"] - r["low"] < 0.2, (estimator, r)
        assert abs(r["value"] - 0.5) < 0.05, (estimator, r)  # the reward model alone would say 0.7


@pytest.mark.slow
def test_eval_bandit_command_reports_every_policy_with_intervals(shared_data, capsys):
    from empathic.cli import main

    assert main(["eval", "bandit", "--limit", "3", "--samples", "50"]) == 0
    out = capsys.readouterr().out
    for policy in ("human (logged)", "planner", "learned", "uniform"):
        assert policy in out
    assert "DR [95% CI]" in out
    assert main(["eval", "bandit", "--limit", "1"]) == 2
    assert "limit must be" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_concurrent_updates_are_not_lost(kind, tmp_path):
    """Two stores on one database (two workers), four threads each: every observation counts."""
    import threading

    from empathic.storage.store import Store

    url = f"sqlite:///{tmp_path / 'race.db'}" if kind == "sqlite" else postgres_url_or_skip()
    workers = [StrategyLearner(Store(url)), StrategyLearner(Store(url))] if kind == "postgresql" else \
        [StrategyLearner(Store(url))] * 2  # SQLite: one process's lock serialises its threads
    x = context_features(Reading(), None, "default", 1).tolist()

    def add(learner):
        for _ in range(25):
            learner.learn("race", x, "Question", 0.5)

    threads = [threading.Thread(target=add, args=(workers[i % 2],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert workers[0].summary("race")["evidence"] == {"Question": 200.0}
