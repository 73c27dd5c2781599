"""The learned risk model (models/risk) and how the crisis detector uses it."""

import numpy as np
import pytest

from empathic.errors import ModelNotFoundError
from empathic.safety.crisis import CrisisDetector
from empathic.safety.risk_model import RiskModel


@pytest.fixture(scope="module")
def model():
    return RiskModel.shared()


def test_probabilities_are_a_distribution_over_three_levels(model):
    p = model.probabilities(["I had pasta for lunch.", "I want to end my life."])
    assert p.shape == (2, 3) and np.allclose(p.sum(1), 1.0)
    assert model.classes == ("none", "low", "crisis")
    assert p[1, 2] > 0.9 > p[0, 2]


def test_missing_weights_name_the_training_command(tmp_path):
    with pytest.raises(ModelNotFoundError, match="empathic train crisis"):
        RiskModel(tmp_path)


def test_the_model_reads_risk_no_pattern_lists():
    turns = ["I wrote my sister a letter to read after I am gone"]
    assert CrisisDetector().assess(turns).level == "none"  # the default: patterns and the semantic check
    with_model = CrisisDetector(model=True).assess(turns)
    assert with_model.level == "low" and with_model.clarify  # ask directly, don't fire
    assert any(r["signal"] == "risk_model" and r["category"] == "learned" for r in with_model.reasons)
    assert any("risk_model" in line for line in with_model.evidence)


@pytest.mark.parametrize("text", [
    "We're rehoming our rabbit because the new flat doesn't allow pets.",
    "I haven't been sleeping much since the twins arrived.",
    "My grandad passed away in March and I still miss him.",
    "Goodbye everyone, see you tomorrow at work!",
])
def test_everyday_look_alikes_stay_below_crisis(text):
    assert not CrisisDetector(model=True).assess([text]).requires_crisis_reply


def test_a_model_reading_and_a_pattern_on_the_same_turn_count_once():
    # a pattern reads "goodbye everyone" low and so does the model: one low signal, not a pile of two
    assessment = CrisisDetector(model=True).assess(["Goodbye everyone, see you tomorrow at work!"])
    assert assessment.level == "low"


def test_a_clarification_overrules_a_learned_signal():
    turns = ["I keep thinking my kids would be fine without me around", "I mean the homework, not life."]
    detector = CrisisDetector(model=True)
    assert detector.assess(turns[:1]).level == "low"
    assessment = detector.assess(turns)
    assert assessment.level == "none" and assessment.change == "clarified"


def test_rules_only_detector_never_loads_the_model(monkeypatch):
    monkeypatch.setattr(RiskModel, "shared", classmethod(lambda cls: pytest.fail("model loaded")))
    assert CrisisDetector(semantic=False).assess(["I want to kill myself"]).requires_crisis_reply


def test_the_model_alone_can_be_measured():
    model_only = CrisisDetector(semantic=False, model=True, rules=False)
    assert model_only.assess(["I don't want to be alive anymore."]).requires_crisis_reply
    assert not model_only.assess(["What time does the pharmacy open?"]).requires_crisis_reply


def test_the_service_turns_the_model_on_from_its_settings(tmp_path):
    from fastapi.testclient import TestClient

    from empathic.service.app import Settings, create_app
    from empathic.service.auth import create_key

    turn_text = "I wrote my sister a letter to read after I am gone"
    levels = {}
    for flag in (False, True):
        settings = Settings.from_env({"EMPATHIC_CRISIS_MODEL": str(flag).lower()},
                                     database_url=f"sqlite:///{tmp_path / f'svc-{flag}.db'}")
        app = create_app(settings)
        key = create_key(app.state.store, "t")
        with TestClient(app) as client:
            headers = {"Authorization": f"Bearer {key}"}
            sid = client.post("/v1/sessions", json={"user_id": "u"}, headers=headers).json()["id"]
            levels[flag] = client.post(f"/v1/sessions/{sid}/turns", json={"text": turn_text},
                                       headers=headers).json()["safety"]["level"]
    assert levels == {False: "none", True: "low"}
