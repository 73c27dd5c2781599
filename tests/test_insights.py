"""``empathic insights``: loading (good and bad rows), the analysis on real model readings, the CLI."""

from __future__ import annotations

import json

import pytest

from empathic.cli import main
from empathic.insights import (InsightsInputError, InsightsReport, analyze_conversations, conversations_from_dicts,
                               load_conversations)

pytest.importorskip("sklearn")

POSITIVE = ["Thank you so much, I feel a lot better now.", "That is a great idea, I am hopeful about it.",
            "I really appreciate your kindness, this helped me."]
JOB = ["I lost my job last week and I am terrified about paying rent.",
       "My boss fired me and I am so worried about money and bills.",
       "I have no job and no income and I am scared about the future."]
BREAKUP = ["My girlfriend broke up with me and I am heartbroken and lonely.",
           "My wife left me and I feel so sad and alone without her.",
           "My partner cheated on me and I am devastated by the breakup."]
NEUTRAL = ["I am not sure what to do about it.", "It happened on Tuesday afternoon."]
ANGRY = "I am furious, you are not listening to me at all and this is useless!"
CRISIS = "Honestly I want to kill myself, I can't go on."


def _conversation(ident, user_texts, strategies=("Question",)):
    turns = []
    for i, text in enumerate(user_texts):
        if i:
            turns.append({"speaker": "agent", "text": f"I hear you ({i}).", "strategy": strategies[i % len(strategies)]})
        turns.append({"speaker": "user", "text": text})
    return {"id": ident, "turns": turns}


def corpus() -> list[dict]:
    """Improving, worsening and flat arcs about two problems; few distinct texts so the test reads fast."""
    items = []
    for n in range(8):
        problem = JOB if n % 2 else BREAKUP
        items.append(_conversation(f"up-{n}", [problem[n % 3], problem[(n + 1) % 3], NEUTRAL[n % 2], POSITIVE[n % 3],
                                               POSITIVE[(n + 1) % 3]], ("Affirmation and Reassurance",)))
        items.append(_conversation(f"down-{n}", [POSITIVE[n % 3], NEUTRAL[n % 2], problem[n % 3],
                                                 problem[(n + 2) % 3], ANGRY], ("Question",)))
    items.append(_conversation("crisis-1", [NEUTRAL[0], JOB[0], CRISIS], ("Providing Suggestions",)))
    return items


@pytest.fixture(scope="module")
def report() -> InsightsReport:
    return analyze_conversations(corpus())


# --- loading -------------------------------------------------------------------------------------
def test_conversation_jsonl_with_bad_rows(tmp_path):
    good = _conversation("a", ["hello", "I am sad"])
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\n".join([
        json.dumps(good).encode(),
        b"{not json",
        json.dumps({"id": "empty", "turns": []}).encode(),
        "{\"id\": \"latin\", \"turns\": [{\"speaker\": \"user\", \"text\": \"caf\xe9\"}]}".encode("latin-1"),
        json.dumps({"id": "b", "turns": [{"speaker": "user", "text": ""}, {"speaker": "user", "text": "fine"},
                                         {"speaker": "user"}]}).encode(),
        json.dumps(["a", "list"]).encode(),
        json.dumps(good).encode(),  # the same id again
        json.dumps({"id": "t", "turns": "hello"}).encode(),
        json.dumps({"turns": [{"speaker": "user", "text": "no id"}]}).encode(),
        json.dumps({"id": 7, "turns": [{"speaker": "user", "text": "x" * 100_001}, {"speaker": "user", "text": "ok"},
                                       "just a string"]}).encode(),
    ]))
    loaded = load_conversations(path)
    assert [c.id for c in loaded.conversations] == ["a", "b", "7"]
    assert loaded.skipped_rows == 7 and loaded.skipped_turns == 4
    text = "\n".join(loaded.problems)
    assert f"{path}:2: not valid JSON" in text
    assert f"{path}:3: conversation empty has no turns" in text
    assert f"{path}:4: not UTF-8" in text
    assert f"{path}:5: turn 0: field 'text' is empty" in text and f"{path}:5: turn 2: field 'text' missing" in text
    assert "appears again" in text
    assert f"{path}:8: field 'turns' must be a list" in text and f"{path}:9: field 'id' missing" in text
    assert f"{path}:10: turn 0: field 'text' is 100001 characters (limit 100000); turn skipped" in text
    assert f"{path}:10: turn 2: a str, expected" in text
    assert loaded.conversations[0].user_turns[1].text == "I am sad"
    assert not loaded.conversations[0].turns[0].strategy


def test_flat_utterances_as_jsonl_and_csv(tmp_path):
    rows = [{"conversation_id": "c1", "speaker": "customer", "text": "My order is late"},
            {"conversation_id": "c2", "speaker": "customer", "text": "Hi"},
            {"conversation_id": "c1", "speaker": "agent", "text": "Sorry, let me check", "strategy": "Information"},
            {"conversation_id": "c1", "speaker": "customer", "text": "Thanks"},
            {"conversation_id": "", "speaker": "customer", "text": "orphan"}]
    jsonl = tmp_path / "u.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows))
    csv_path = tmp_path / "u.csv"
    csv_path.write_bytes(b"conversation_id,speaker,text,strategy\n" + b"c1,customer,\"My order is late, again\",\n"
                         b"c1,agent,\"Sorry,\nlet me check\",Information\n" + b"c1,customer,caf\xe9\n"
                         b"c2,customer,Hi\n" + b"c2,agent\n" + b"c2,agent,a,b,c\n")
    for path in (jsonl, csv_path):
        loaded = load_conversations(path)
        assert [c.id for c in loaded.conversations] == ["c1", "c2"]
        c1 = loaded.conversations[0]
        assert [t.is_user for t in c1.turns][:2] == [True, False] and c1.turns[1].strategy == "Information"
    loaded = load_conversations(csv_path)
    assert c1.turns[1].text.startswith("Sorry")
    assert "Sorry,\nlet me check" == loaded.conversations[0].turns[1].text  # a quoted field over two lines
    problems = "\n".join(loaded.problems)
    assert f"{csv_path}:5: not UTF-8" in problems and f"{csv_path}:7: field 'text' is empty" in problems
    assert f"{csv_path}:8: 5 columns, the header has 4" in problems
    assert load_conversations(jsonl).skipped_rows == 1  # the row without a conversation_id


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"id,who,words\n1,user,hi\n", "lacks column(s) conversation_id, speaker, text; found id, who, words"),
    (b"{bad\n{worse\n", "no usable conversation (2 rows skipped; first problem: "),
])
def test_unusable_files_raise_a_clear_error(tmp_path, content, message):
    path = tmp_path / ("x.csv" if content.startswith(b"id,") else "x.jsonl")
    path.write_bytes(content)
    with pytest.raises(InsightsInputError, match=str(path)) as info:
        load_conversations(path)
    assert message in str(info.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InsightsInputError, match="no such file"):
        load_conversations(tmp_path / "nope.jsonl")
    with pytest.raises(InsightsInputError, match="is a directory"):
        load_conversations(tmp_path)


def test_wrong_types_for_the_api():
    with pytest.raises(InsightsInputError, match="load_conversations"):
        analyze_conversations("conversations.jsonl")
    with pytest.raises(InsightsInputError, match="no usable conversation"):
        analyze_conversations([{"id": "x", "turns": []}])
    with pytest.raises(InsightsInputError, match="no conversation has a user turn"):
        analyze_conversations([{"id": "x", "turns": [{"speaker": "bot", "text": "hello"}]}])


# --- analysis ------------------------------------------------------------------------------------
def test_too_few_conversations_are_reported_not_fatal(tmp_path):
    report = analyze_conversations([_conversation("one", [JOB[0], POSITIVE[0], POSITIVE[1]]),
                                    _conversation("two", ["hi"])])
    assert "Too few conversations to cluster arcs" in report.arcs["skipped"]
    assert "Too few negative moments" in report.topics["skipped"]
    assert report.arcs["usable"] == 1 and report.arcs["too_short"] == 1
    page = report.to_html(tmp_path / "r.html")
    assert "Too few conversations to cluster arcs" in page
    assert json.loads(report.to_json())["summary"]["conversations"] == 2


def test_arcs_separate_improving_from_worsening(report):
    arcs = report.arcs
    assert arcs["usable"] == 17 and arcs["clusters"]
    membership = {}
    for cluster in arcs["clusters"]:
        for example in cluster["examples"]:
            membership[example["id"]] = cluster
    for ident, cluster in membership.items():
        change = cluster["centre"]["end"] - cluster["centre"]["start"]
        if ident.startswith("up-"):
            assert change > 0.15 and "improves" in cluster["name"], cluster
        if ident.startswith("down-"):
            assert change < -0.15 and "worsens" in cluster["name"], cluster
    assert sum(c["count"] for c in arcs["clusters"]) == 17


def test_negative_topics_split_job_from_breakup(report):
    topics = report.topics
    assert topics["topics"], topics.get("skipped")
    texts = {t["name"]: {e["text"] for e in t["examples"]} for t in topics["topics"]}
    for examples in texts.values():
        assert not (examples & set(JOB) and examples & set(BREAKUP)), texts
    words = {w for t in topics["topics"] for w in t["keywords"]}
    assert words & {"job", "boss", "income", "money", "rent", "fired"}
    assert words & {"girlfriend", "wife", "partner", "breakup", "heartbroken", "cheated"}


def test_escalations_name_what_preceded_them(report):
    esc = report.escalations
    crisis = esc["crisis_examples"]
    assert [m["id"] for m in crisis] == ["crisis-1"] and "kill myself" in crisis[0]["triggers"][0]
    assert crisis[0]["preceded_by"] == "I hear you (2)." and crisis[0]["preceded_by_strategies"] == [
        "Providing Suggestions"]
    angry = [m for m in esc["examples"] if m["user_text"] == ANGRY]
    assert angry and all(m["preceded_by_strategies"] == ["Question"] for m in angry)
    drops = [m["valence_before"] - m["valence_after"] for m in esc["examples"]]
    assert drops == sorted(drops, reverse=True)  # the sharpest first
    rates = {r["strategy"]: r for r in esc["after_strategy"]}
    assert rates["Question"]["rate"] > rates["Affirmation and Reassurance"]["rate"]


def test_strategy_outcomes_have_counts_and_intervals(report):
    rows = {r["strategy"]: r for r in report.strategies["rows"]}
    reassure, question = rows["Affirmation and Reassurance"], rows["Question"]
    assert reassure["n"] == 32 and reassure["conversations"] == 8
    assert reassure["low"] <= reassure["mean_change"] <= reassure["high"]
    assert reassure["mean_change"] > 0 > question["mean_change"]
    assert rows["(all supporter turns)"]["n"] == 66


def test_json_and_html_carry_the_same_data(report, tmp_path):
    data = json.loads(report.to_json(tmp_path / "r.json"))
    assert data["arcs"]["clusters"][0]["name"] == report.arcs["clusters"][0]["name"]
    page = report.to_html(tmp_path / "r.html")
    assert "<script src" not in page and "Plotly.newPlot('arc-chart'" in page  # plotly.js inlined, no CDN
    for heading in ("Emotional arcs of users", "What negative moments are about", "Escalation moments",
                    "Which supporter strategies were followed by improvement", "Key findings"):
        assert heading in page


def test_personal_data_is_redacted_in_examples():
    items = corpus()
    items[-1]["turns"][-1]["text"] = CRISIS + " Mail me at jane.doe@example.com"  # quoted as an escalation
    report = analyze_conversations(items)
    text = json.dumps(report.to_dict())
    assert "jane.doe@example.com" not in text and "<EMAIL_ADDRESS>" in text
    assert "jane.doe@example.com" in json.dumps(analyze_conversations(items, redact_pii=False).to_dict())


# --- CLI -----------------------------------------------------------------------------------------
def test_cli_writes_html_and_json_and_counts_bad_rows(tmp_path, capsys):
    path = tmp_path / "conversations.jsonl"
    path.write_bytes(b"\n".join([json.dumps(c).encode() for c in corpus()] + [b"\xff\xfe broken"]))
    out = tmp_path / "report.html"
    assert main(["insights", str(path), "--out", str(out)]) == 0
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["input"]["skipped_rows"] == 1 and f"{path}:18: not UTF-8" in data["input"]["problems"][0]
    assert "Input problems:" in out.read_text()
    assert "wrote" in capsys.readouterr().out


def test_cli_errors(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("conversation,who,text\n")
    assert main(["insights", str(bad), "--out", str(tmp_path / "r.html")]) == 2
    assert "lacks column(s) conversation_id, speaker" in capsys.readouterr().err
    assert main(["insights", "--out", str(tmp_path / "r.html")]) == 2
    assert "give an INPUT file" in capsys.readouterr().err
    assert main(["insights", str(bad), "--out", str(tmp_path / "no" / "r.html")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_over_esconv(shared_data, tmp_path, capsys):
    out = tmp_path / "esconv.html"
    assert main(["insights", "--esconv", "valid", "--limit", "12", "--export", str(tmp_path / "e.jsonl"),
                 "--out", str(out), "--workers", "2"]) == 0
    data = json.loads(out.with_suffix(".json").read_text())
    assert data["summary"]["conversations"] == 12 and data["input"]["source"] == "ESConv (valid)"
    assert "Too few conversations to cluster arcs" not in out.read_text()
    assert len((tmp_path / "e.jsonl").read_text().splitlines()) > 100  # the whole split is exported
    assert {r["strategy"] for r in data["strategies"]["rows"]} >= {"Question", "Affirmation and Reassurance"}
    assert main(["insights", "--esconv", "nope", "--out", str(out)]) == 2
    assert "unknown split(s) nope" in capsys.readouterr().err


def test_esconv_in_the_insights_shape(shared_data):
    from empathic.datasets.esconv import insights_conversations

    conversations = insights_conversations(("valid",))
    loaded = conversations_from_dicts(conversations)
    assert len(loaded.conversations) == len(conversations) > 100 and not loaded.problems
    first = loaded.conversations[0]
    assert first.id == "valid-0" and first.user_turns and any(t.strategy for t in first.turns)
    assert {"initial_intensity", "final_intensity", "problem_type"} <= set(first.metadata)


# --- the rules on hand-made readings (no model) ---------------------------------------------------
def _readings(*values):
    from empathic.insights.readings import TurnReading

    return [TurnReading(v, 0.5, anger, top, crisis) for v, anger, top, crisis in values]


def test_escalation_rules_skip_pleasantries_and_opening_up():
    from empathic.insights.loading import Conversation, Turn
    from empathic.insights.moments import find_escalations

    def conversation(ident, texts):
        turns = []
        for text in texts:
            turns += [Turn("agent", "ok", False, "Question"), Turn("user", text, True)]
        return Conversation(ident, turns)

    cases = [  # (texts, readings, expected kinds)
        (["Thanks a lot!", "I am so angry at my boss right now"],
         _readings((0.8, 0.0, "gratitude", "none"), (-0.7, 0.8, "anger", "none")), []),
        (["hi there", "I lost my job and I am sad about it"],
         _readings((0.1, 0.0, "neutral", "none"), (-0.7, 0.0, "sadness", "none")), []),  # opening up
        (["my job is stressful these days", "ok that helps me a bit", "now my wife left me, I cannot bear it"],
         _readings((-0.3, 0.0, "nervousness", "none"), (0.3, 0.0, "approval", "none"),
                   (-0.8, 0.1, "sadness", "none")), ["valence drop"]),
        (["my job is stressful these days", "Thank you!", "I am furious at all of you"],
         _readings((-0.3, 0.1, "nervousness", "none"), (0.9, 0.0, "gratitude", "none"),
                   (-0.6, 0.9, "anger", "none")), ["anger rise"]),  # compared with the turn before the thanks
        (["fine", "I want to end my life"],
         _readings((0.0, 0.0, "neutral", "none"), (-0.6, 0.0, "sadness", "high")), ["crisis signal"]),
    ]
    for number, (texts, readings, kinds) in enumerate(cases):
        found = find_escalations([conversation(str(number), texts)], [readings], str)
        got = [m["kinds"] for m in found["crisis_examples"] + found["examples"]]
        assert (got[0] if got else []) == kinds, (texts, got)
    found = find_escalations([conversation("x", cases[3][0])], [cases[3][1]], str)
    assert found["examples"][0]["user_before"] == "my job is stressful these days"


def test_arc_names_and_keywords():
    import numpy as np

    from empathic.insights.arcs import arc_name
    from empathic.insights.topics import ctfidf_keywords

    flat = {"start": 0.0, "end": 0.0, "lowest": -0.3, "volatility": 0.4}
    zero = dict.fromkeys(("start", "end", "slope", "lowest", "volatility"), 0.0)
    assert arc_name({**flat, "end": 0.6}, zero) == "improves strongly"
    assert arc_name({**flat, "end": 0.2}, {**zero, "lowest": -1.2}) == "dips deeply, then recovers"
    assert arc_name({**flat, "end": -0.3}, {**zero, "volatility": 1.0}) == "worsens with big swings"
    assert arc_name({**flat, "start": -0.5, "end": -0.4}, zero) == "stays negative"
    assert arc_name(flat, {**zero, "volatility": -0.9}) == "stays level and calm"
    texts = ["my boss fired me from the job", "the job pays badly and my boss yells", "boss and job again",
             "my girlfriend left me", "my girlfriend cheated", "girlfriend gone, so lonely"]
    words = ctfidf_keywords(texts, np.array([0, 0, 0, 1, 1, 1]), 2)
    assert set(words[0][:2]) == {"boss", "job"} and words[1][0] == "girlfriend"
