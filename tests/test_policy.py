import pytest

from empathic.errors import ConsentRequiredError, InvalidInputError, PolicyError, ProhibitedContextError
from empathic.safety.policy import PRESETS, Policy, describe_estimate, get_preset, new_consent, withdraw


def test_text_needs_no_consent():
    Policy().check("u1", "text", {})


@pytest.mark.parametrize("modality", ["voice", "face"])
def test_biometrics_need_active_consent(modality):
    policy = Policy()
    with pytest.raises(ConsentRequiredError, match=modality):
        policy.check("u1", modality, {})
    consent = new_consent("u1", modality, purpose="support chat")
    policy.check("u1", modality, {modality: consent})
    with pytest.raises(ConsentRequiredError):
        policy.check("u1", modality, {modality: withdraw(consent)})


@pytest.mark.parametrize("preset", ["hr", "tutoring"])
@pytest.mark.parametrize("modality", ["voice", "face"])
def test_workplace_and_education_refuse_biometrics_even_with_consent(preset, modality):
    consent = {modality: new_consent("u1", modality, purpose="anything")}
    with pytest.raises(ProhibitedContextError) as info:
        Policy(get_preset(preset)).check("u1", modality, consent)
    assert info.value.code == "prohibited_context" and isinstance(info.value, PolicyError)
    Policy(get_preset(preset)).check("u1", "text", {})
    Policy(get_preset(preset), purpose="safety").check("u1", modality, consent)


def test_bad_consent_and_presets_are_refused():
    with pytest.raises(InvalidInputError, match="modality"):
        new_consent("u1", "smell", "x")
    with pytest.raises(InvalidInputError, match="retention"):
        new_consent("u1", "voice", "x", retention_days=1000)
    with pytest.raises(InvalidInputError, match="available"):
        get_preset("nope")
    assert new_consent("u1", "voice", "x").retention_days <= 90
    assert {"default", "customer_service", "wellbeing", "tutoring", "hr"} <= set(PRESETS)


def test_estimates_are_worded_as_estimates():
    assert "seem" in describe_estimate("anger", 0.8) and "estimate" in describe_estimate("anger", 0.8)
    assert describe_estimate("anger", 0.2).endswith("?")
