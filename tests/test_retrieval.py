"""The retrieval bank, the learned reply ranker and `empathic train responses` on a team's transcripts."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from empathic.cli import main
from empathic.conversation.retrieval import ResponseBank, ReplyRanker
from empathic.errors import InvalidInputError
from empathic.text.encoder import SentenceEncoder
from empathic.training.responses import context_text, read_transcripts

SAD = re.compile(r"\b(?:sorry|sad|hard|terrible|awful|loss|difficult|tough|condolences|painful|heartbreaking)\b", re.I)
HAPPY = re.compile(r"\b(?:congrat\w*|great|awesome|happy|proud|wonderful|nice|amazing|good|exciting|glad|fantastic)\b", re.I)


def _top_replies(bank, text, k=5):
    vector = SentenceEncoder.shared().encode([text])[0]
    return [entry["reply"] for _, entry in bank.retrieve(vector, k=k)]


def test_the_shipped_bank_answers_a_sad_and_a_happy_turn_differently():
    bank = ResponseBank()
    assert 1000 <= len(bank) <= 6000
    sad = _top_replies(bank, "My grandmother passed away last night and I can't stop crying.")
    happy = _top_replies(bank, "I just got the job I wanted so badly, I start on Monday!")
    assert sum(bool(SAD.search(r)) for r in sad) > sum(bool(SAD.search(r)) for r in happy), (sad, happy)
    assert sum(bool(HAPPY.search(r)) for r in happy) > sum(bool(HAPPY.search(r)) for r in sad), (sad, happy)
    for reply in sad + happy:  # tidy, transferable sentences
        assert reply[0].isupper() and reply[-1] in ".!?"
        assert not re.search(r"\b(?:my wife|my husband|happened to me)\b|\d", reply, re.I)


def test_the_ranker_prefers_the_gold_reply_on_held_out_dialogues(shared_data):
    from empathic.training.responses import ed_pairs

    pairs = ed_pairs("held_out")[:60]
    encoder = SentenceEncoder.shared()
    contexts = encoder.encode([context_text(p["context"]) for p in pairs])
    replies = encoder.encode([p["reply"] for p in pairs])
    ranker = ResponseBank().ranker
    rng = np.random.default_rng(0)
    hits = 0
    for i in range(len(pairs)):
        others = rng.choice(np.delete(np.arange(len(pairs)), i), 9, replace=False)
        scores = ranker.scores(contexts[i], replies[np.concatenate([[i], others])])
        hits += int(np.argmax(scores) == 0)
    assert hits / len(pairs) > 0.25  # chance is 0.10 with ten candidates


def _write(path, rows):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")


TEAM = [
    ({"context": ["My parcel still hasn't arrived and it's been two weeks."],
      "reply": "I'm sorry it has taken this long. Let me look into where it is."}),
    ({"context": ["I was charged twice for the same order."],
      "reply": "That should not have happened. I'll make sure the second charge is refunded."}),
    ({"context": ["Thanks, that fixed it!"], "reply": "Glad it's sorted. Have a good evening."}),
    ({"context": ["Hi", "Can I change my delivery address?"], "reply": "Yes, you can change it until the parcel ships."}),
    ({"context": ["Call me back on 555 0102"], "reply": "Sure, I'll call you on 555 0102 at 3pm."}),  # numbers: dropped
]


def test_train_responses_builds_a_bank_from_a_teams_transcripts(tmp_path, capsys):
    source, out = tmp_path / "transcripts.jsonl", tmp_path / "bank"
    _write(source, TEAM)
    assert main(["train", "responses", "--from", str(source), "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary == {"pairs": 5, "bank": 4, "source": str(source)}
    bank = ResponseBank(out)
    assert len(bank) == 4 and bank.ranker is not None  # the shipped ranker orders a custom bank
    top = _top_replies(bank, "I paid for my order twice, can you help?", k=1)
    assert top == ["That should not have happened. I'll make sure the second charge is refunded."]


@pytest.mark.parametrize("line, message", [
    ("{not json", "line 2: not JSON"),
    ('["a list"]', "line 2: expected an object"),
    ('{"context": "a string", "reply": "Hi."}', "line 2: field 'context'"),
    ('{"context": ["Hello"], "reply": 3}', "line 2: field 'reply'"),
    ('{"context": [], "reply": "Hi."}', "line 2: field 'context'"),
])
def test_a_bad_transcript_line_is_refused_with_its_number(tmp_path, capsys, line, message):
    source = tmp_path / "t.jsonl"
    _write(source, [TEAM[0], line, TEAM[1]])
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        read_transcripts(source)
    assert main(["train", "responses", "--from", str(source), "--out", str(tmp_path / "o")]) == 2
    assert message in capsys.readouterr().err


def test_empty_or_missing_transcripts_are_refused(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="no transcripts"):
        read_transcripts(empty)
    with pytest.raises(InvalidInputError, match="no such"):
        read_transcripts(tmp_path / "missing.jsonl")
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InvalidInputError, match="UTF-8"):
        read_transcripts(binary)


def test_the_ranker_weights_round_trip(tmp_path):
    ranker = ResponseBank().ranker
    ranker.save(tmp_path / "r.npz")
    again = ReplyRanker.load(tmp_path / "r.npz")
    vector = np.ones(384, dtype=np.float32) / np.sqrt(384)
    assert np.allclose(ranker.scores(vector, vector[None]), again.scores(vector, vector[None]))


def test_retrieval_joins_only_the_supportive_presets(tmp_path):
    from empathic.conversation.responder import Responder
    from empathic.errors import ModelNotFoundError

    assert Responder("default")._bank is ResponseBank.shared()
    assert Responder("wellbeing")._bank is not None
    for preset in ("customer_service", "hr", "tutoring", "game_character"):
        assert Responder(preset)._bank is None
    assert Responder("default", bank=False)._bank is None
    with pytest.raises(ModelNotFoundError, match="bank"):
        Responder("default", bank=tmp_path / "nothing-here")


def test_an_agent_can_use_a_teams_bank(tmp_path, text_recognizer):
    from empathic.conversation.agent import Agent
    from empathic.storage.store import Store

    source, out = tmp_path / "t.jsonl", tmp_path / "bank"
    _write(source, TEAM)
    assert main(["train", "responses", "--from", str(source), "--out", str(out)]) == 0
    agent = Agent(store=Store("sqlite:///:memory:"), seed=0, text_recognizer=text_recognizer, response_bank=str(out))
    assert len(agent.responder._bank) == 4
    result = agent.respond("s", "u", text="My parcel is late again and nobody tells me anything.")
    assert result.reply and not result.guard_violations


def test_a_team_can_train_its_own_ranker(tmp_path, capsys):
    pytest.importorskip("torch")
    source, out = tmp_path / "t.jsonl", tmp_path / "own"
    rows = [{"context": [f"Question number {w} about my {thing}."], "reply": f"Here is what to do about the {thing}."}
            for w in ("one", "two") for thing in ("refund", "invoice", "parcel", "password", "account", "login",
                                                   "delivery", "address", "payment", "receipt")]
    _write(source, rows)
    assert main(["train", "responses", "--from", str(source), "--out", str(out), "--own-ranker", "--epochs", "3"]) == 0
    assert json.loads(capsys.readouterr().out)["ranker"] == "own"
    bank = ResponseBank(out)
    assert (out / "ranker.npz").is_file() and bank.ranker is not None
    assert _top_replies(bank, "I never got my refund.", k=1) == ["Here is what to do about the refund."]
    few = tmp_path / "few.jsonl"
    _write(few, rows[:3])
    assert main(["train", "responses", "--from", str(few), "--out", str(tmp_path / "x"), "--own-ranker"]) == 2
    assert "too few" in capsys.readouterr().err
