"""empathic batch: real files in, Parquet out, bad rows reported, both engines identical."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from empathic.batch import Columns, run_batch  # noqa: E402
from empathic.cli import main  # noqa: E402
from empathic.errors import DataNotFoundError, EmpathicError, InvalidInputError  # noqa: E402
from empathic.labels import GOEMOTIONS_LABELS  # noqa: E402

FALLBACK = ["You lost my package AGAIN? This is ridiculous.", "Thank you so much, the nurse was wonderful.",
            "I don't know what to do anymore, everything feels heavy.", "lol that was the best thing all week",
            "Can you tell me when the store opens tomorrow?", "I'm really nervous about the exam on Friday.",
            "Wow, I did not expect that at all!", "honestly not happy with how this turned out", "great.",
            "My dog died this morning.", "Where is my refund?!", "ok"]


def sentences(n: int) -> list[str]:
    """GoEmotions test comments when the shared data is here, else fixed sentences."""
    try:
        from empathic.datasets.goemotions import load_goemotions

        return load_goemotions("test").texts[:n]
    except (DataNotFoundError, OSError):
        return (FALLBACK * (n // len(FALLBACK) + 1))[:n]


def write_jsonl(path, texts, extra_lines=b""):
    with open(path, "wb") as f:
        for i, t in enumerate(texts):
            f.write((json.dumps({"text": t, "conversation_id": f"c{i // 4}",
                                 "speaker": "user" if i % 2 else "agent"}) + "\n").encode())
        f.write(extra_lines)
    return path


BAD_LINES = (b'{"text": ""}\n{"text": "   "}\n{"text": 42}\n{"text": "caf\xe9 in latin-1"}\n{not json}\n'
             b'[1, 2]\n{"other": "no text here"}\n')


def test_jsonl_every_row_comes_back_in_order_with_readings_and_errors(tmp_path, text_recognizer):
    texts = sentences(40)
    source = write_jsonl(tmp_path / "calls.jsonl", texts, BAD_LINES)
    summary = run_batch(source, tmp_path / "out.parquet", workers=1, chunk_size=16, progress=False)
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.num_rows == summary.rows == len(texts) + 7
    assert table.column("row").to_pylist() == list(range(len(texts) + 7))
    assert summary.errors == 7 and summary.read == len(texts)
    assert summary.errors_by_kind == {"empty": 3, "malformed": 2, "not_utf8": 1, "wrong_type": 1}
    rows = table.to_pylist()
    bad = rows[len(texts):]
    assert [r["error_kind"] for r in bad] == ["empty", "empty", "wrong_type", "not_utf8", "malformed", "malformed",
                                              "empty"]
    assert "line 44" in bad[3]["error"]  # the file's line is named
    assert all(r["top"] is None for r in bad)
    for name in ("top", "labels", "confidence", "valence", "arousal", "sarcasm", "act", "language"):
        assert name in table.column_names
    assert all(f"score_{label}" in table.column_names for label in GOEMOTIONS_LABELS)
    # each row reads as the text alone would (with its conversation's previous turns as context)
    for i in (0, 5, 17, 39):
        context = [{"speaker": r["speaker"], "text": r["text"]} for r in rows[max(0, i - i % 4):i]] or None
        alone = text_recognizer.recognize(texts[i], context=context)
        assert rows[i]["top"] == alone.top and rows[i]["act"] == alone.act
        assert max(abs(rows[i][f"score_{k}"] - v) for k, v in alone.scores.items()) <= 0.005


def test_csv_reports_undecodable_and_ragged_rows_and_reads_the_rest(tmp_path):
    path = tmp_path / "tickets.csv"
    path.write_bytes(b"id,text,speaker\n1,Where is my order?,user\n2,\"Thanks, that fixed it!\",user\n"
                     b"3,caf\xe9 au lait,user\n4,too,many,fields,here\n5,,user\n6,I am so angry right now,user\n")
    summary = run_batch(path, tmp_path / "out.parquet", workers=1, progress=False)
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["error_kind"] for r in rows] == [None, None, "not_utf8", "malformed", "empty", None]
    assert "column 'text'" in rows[2]["error"] and "line 4" in rows[2]["error"]
    assert rows[1]["text"] == "Thanks, that fixed it!" and rows[1]["top"] == "gratitude"
    assert rows[5]["valence"] < 0
    assert summary.read == 3 and summary.errors == 3


def test_parquet_input_with_wrong_types(tmp_path):
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"utterance": pa.array([b"I love this!", b"\xff\xfe", None, b"so sad today"],
                                                   type=pa.binary())}), path)
    run_batch(path, tmp_path / "out.parquet", columns=Columns(text="utterance"), workers=1, progress=False)
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["error_kind"] for r in rows] == [None, "not_utf8", "empty", None]
    assert rows[0]["top"] in ("love", "admiration", "joy") and rows[3]["top"] in ("sadness", "disappointment")
    ints = tmp_path / "ints.parquet"
    pq.write_table(pa.table({"text": pa.array([1, 2], type=pa.int64())}), ints)
    run_batch(ints, tmp_path / "ints-out.parquet", workers=1, progress=False)
    assert {r["error_kind"] for r in pq.read_table(tmp_path / "ints-out.parquet").to_pylist()} == {"wrong_type"}


def test_conversations_per_line_are_flattened(tmp_path):
    path = tmp_path / "conv.jsonl"
    path.write_text(json.dumps({"id": "a", "turns": [{"speaker": "user", "text": "My flight got cancelled."},
                                                     {"speaker": "agent", "text": "I'm sorry to hear that."},
                                                     {"speaker": "user", "text": "great."}]}) + "\n")
    run_batch(path, tmp_path / "out.parquet", workers=1, progress=False)
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["conversation_id"] for r in rows] == ["a"] * 3
    assert [r["speaker"] for r in rows] == ["user", "agent", "user"]
    assert rows[2]["sarcasm"] >= 0.7  # "great." right after a negative turn: the context was used


@pytest.mark.parametrize("content, name, message", [
    (b"id,body\n1,hello\n", "x.csv", "no column 'text'"),
    (b'{"body": "hello"}\n', "x.jsonl", "no column 'text'"),
    (b"", "x.csv", "empty"),
    (b"not parquet", "x.parquet", "not a readable Parquet file"),
    (b"hello", "x.txt", "unknown input format"),
])
def test_file_level_errors_name_the_file_and_column_and_leave_no_output(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out.parquet"
    with pytest.raises(InvalidInputError) as err:
        run_batch(path, out, workers=1, progress=False)
    assert message in str(err.value) and str(path) in str(err.value)
    assert not out.exists() and not list(tmp_path.glob(".out.parquet*"))


def test_an_empty_file_gives_an_empty_table_with_every_column(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n")
    summary = run_batch(path, tmp_path / "out.parquet", workers=1, progress=False)
    table = pq.read_table(tmp_path / "out.parquet")
    assert summary.rows == 0 and table.num_rows == 0 and "score_joy" in table.column_names


def test_missing_file_and_bad_options(tmp_path):
    with pytest.raises(DataNotFoundError, match="nope.jsonl"):
        run_batch(tmp_path / "nope.jsonl", tmp_path / "out.parquet", progress=False)
    source = write_jsonl(tmp_path / "a.jsonl", ["hi there"])
    with pytest.raises(InvalidInputError, match="engine"):
        run_batch(source, tmp_path / "out.parquet", engine="spark", progress=False)
    with pytest.raises(InvalidInputError, match="does not exist"):
        run_batch(source, tmp_path / "no" / "out.parquet", progress=False)
    with pytest.raises(InvalidInputError, match="overwrite the input"):
        run_batch(source, source, progress=False)


def test_cli_prints_the_summary_and_a_progress_bar(tmp_path, capsys):
    source = write_jsonl(tmp_path / "calls.jsonl", sentences(6), b'{"text": ""}\n')
    assert main(["batch", str(source), "--out", str(tmp_path / "r.parquet"), "--workers", "1"]) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    assert summary["rows"] == 7 and summary["errors"] == 1 and summary["errors_by_kind"] == {"empty": 1}
    assert "rows" in captured.err  # the progress bar, on stderr
    assert main(["batch", str(source), "--out", str(tmp_path / "r.parquet"), "--text-column", "body"]) == 2
    assert "no column 'body'" in capsys.readouterr().err


def test_unreachable_ray_address_fails_fast_naming_it(tmp_path):
    pytest.importorskip("ray")
    from conftest import free_port

    source = write_jsonl(tmp_path / "a.jsonl", ["hi there"])
    address = f"127.0.0.1:{free_port()}"
    started = time.perf_counter()
    with pytest.raises(EmpathicError, match=address.replace(".", r"\.")):
        run_batch(source, tmp_path / "out.parquet", engine="ray", address=address, progress=False)
    assert time.perf_counter() - started < 20
    assert not (tmp_path / "out.parquet").exists()


@pytest.mark.slow
def test_local_worker_processes_match_one_process(tmp_path):
    source = write_jsonl(tmp_path / "calls.jsonl", sentences(33), BAD_LINES)
    run_batch(source, tmp_path / "one.parquet", workers=1, chunk_size=10, progress=False)
    run_batch(source, tmp_path / "two.parquet", workers=2, chunk_size=10, progress=False)
    assert pq.read_table(tmp_path / "one.parquet").equals(pq.read_table(tmp_path / "two.parquet"))


@pytest.mark.slow
def test_ray_engine_output_is_identical_to_the_local_engine(tmp_path):
    pytest.importorskip("ray")
    source = write_jsonl(tmp_path / "calls.jsonl", sentences(33), BAD_LINES)
    # the same chunks either way: one local process suffices (worker counts are compared above)
    local = run_batch(source, tmp_path / "local.parquet", workers=1, chunk_size=10, progress=False)
    ray_run = run_batch(source, tmp_path / "ray.parquet", engine="ray", workers=2, chunk_size=10, progress=False)
    a, b = pq.read_table(tmp_path / "local.parquet"), pq.read_table(tmp_path / "ray.parquet")
    assert a.num_rows == b.num_rows == 40 and ray_run.workers == 2
    assert a.equals(b)
    assert local.errors_by_kind == ray_run.errors_by_kind


def test_bucketed_batches_read_each_text_as_alone(text_recognizer):
    from empathic.text.recognizer import TextEmotionRecognizer

    texts = sentences(48) + ["ok", "no", "great.", "why?"]  # several texts of one token length
    bucketed = TextEmotionRecognizer(explain=False, bucketed=True).recognize_batch(texts)
    plain = TextEmotionRecognizer(explain=False)
    worst = 0.0
    for text, reading in zip(texts, bucketed):
        alone = plain.recognize(text)
        worst = max(worst, max(abs(reading.scores[k] - v) for k, v in alone.scores.items()))
        assert reading.act == alone.act and reading.language == alone.language
        assert abs(reading.sarcasm - alone.sarcasm) <= 0.005
    assert worst <= 0.005


def test_rowwise_model_gives_the_shipped_model_numbers_and_decouples_rows():
    pytest.importorskip("onnx")
    from empathic.text.recognizer import TextEmotionRecognizer

    model = TextEmotionRecognizer(explain=False).model
    ids = [model.token_ids(t)[:126] for t in ("This is the best day ever", "I hate waiting in this line")]
    assert len(ids[0]) == len(ids[1])
    rowwise = model._rowwise()
    alone_shipped = np.vstack([model.run_ids([s]) for s in ids])
    alone_rowwise = np.vstack([model._run(rowwise, [s]) for s in ids])
    assert np.array_equal(alone_shipped, alone_rowwise)  # one row: exactly the shipped model's numbers
    together = model._run(rowwise, ids)
    assert np.abs(together - alone_rowwise).max() < 1e-3
    coupled = model.run_ids(ids)  # the shipped model: one scale for the whole batch
    assert np.abs(coupled - alone_shipped).max() > np.abs(together - alone_rowwise).max()


@pytest.mark.slow
def test_audio_paths_are_read_by_the_voice_recognizer(tmp_path, shared_data):
    pytest.importorskip("faster_whisper")
    clip = next((shared_data / "ravdess" / "Actor_01").glob("03-01-05-02-*.flac"))  # an angry, strong clip
    path = tmp_path / "calls.csv"
    path.write_text(f"text,audio\nKids are talking by the door,{clip}\nhello there,missing.flac\n,{clip}\n")
    summary = run_batch(path, tmp_path / "out.parquet", workers=1, progress=False)
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert rows[0]["voice_top"] and 0 < rows[0]["voice_confidence"] <= 1 and rows[0]["top"]
    assert all(rows[0][f"voice_score_{k}"] is not None for k in ("neutral", "calm", "angry", "surprised"))
    assert rows[1]["error_kind"] == "audio" and "missing.flac" in rows[1]["error"]
    assert rows[2]["top"] is None and rows[2]["voice_top"]  # audio alone: a voice reading, no text reading
    assert summary.errors_by_kind == {"audio": 1}
