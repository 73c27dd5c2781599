import json

import pytest

from empathic.labels import (CIRCUMPLEX, EKMAN_GROUPS, GOEMOTIONS_LABELS, SENTIMENT_GROUPS,
                             circumplex_point)
from empathic.reading import EmotionReading, Evidence


@pytest.mark.parametrize("groups", [EKMAN_GROUPS, SENTIMENT_GROUPS])
def test_groupings_partition_the_28_labels(groups):
    members = [label for group in groups.values() for label in group]
    assert sorted(members) == sorted(GOEMOTIONS_LABELS)


def test_circumplex_covers_every_label_in_range():
    assert set(CIRCUMPLEX) == set(GOEMOTIONS_LABELS)
    assert all(-1 <= v <= 1 and 0 <= a <= 1 for v, a in CIRCUMPLEX.values())


def test_circumplex_point_follows_the_scores():
    angry_v, angry_a = circumplex_point({"anger": 0.9, "neutral": 0.1})
    calm_v, calm_a = circumplex_point({"relief": 0.9, "neutral": 0.1})
    assert angry_v < 0 < calm_v and angry_a > calm_a
    assert circumplex_point({}) == CIRCUMPLEX["neutral"]


def make_reading(**overrides):
    fields = dict(modality="text", scores={"anger": 0.8, "annoyance": 0.6, "joy": 0.1, "neutral": 0.05},
                  labels=["anger", "annoyance"], top="anger", valence=-0.7, arousal=0.8,
                  confidence=0.7, evidence=(Evidence("token", "AGAIN", 1.2),))
    fields.update(overrides)
    return EmotionReading(**fields)


def test_reading_is_frozen_and_serialises_to_json():
    reading = make_reading()
    with pytest.raises(AttributeError):
        reading.top = "joy"
    data = json.loads(json.dumps(reading.to_dict()))
    assert data["evidence"][0] == {"kind": "token", "name": "AGAIN", "weight": 1.2, "detail": ""}
    assert data["labels"] == ["anger", "annoyance"]


def test_reading_groups_take_the_strongest_member():
    reading = make_reading()
    assert reading.ekman()["anger"] == 0.8
    assert reading.sentiment()["negative"] == 0.8
    assert reading.top_scores(2) == [("anger", 0.8), ("annoyance", 0.6)]


def test_reading_rejects_unknown_modality():
    with pytest.raises(ValueError, match="modality"):
        make_reading(modality="smell")
