"""The ``empathic`` command, run in-process and as a real subprocess."""

import json
import subprocess
import sys

import pytest

from empathic.cli import main


def test_analyze_prints_a_table_with_bars(capsys):
    assert main(["analyze", "I love this so much!", "This is awful."]) == 0
    out = capsys.readouterr().out
    assert out.count("valence") == 2 and "█" in out


def test_analyze_json_prints_one_object_per_input(capsys, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("first line is happy!\n\n  \nsecond is sad :(\n", encoding="utf-8")
    assert main(["analyze", "--json", "--file", str(source), "inline"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in rows] == ["inline", "first line is happy!", "second is sad :("]
    assert all(len(r["scores"]) == 28 and r["modality"] == "text" for r in rows)


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe\xfa not utf8", "not UTF-8"),
    (b"PK\x03\x04\x00\x00binary", "binary file"),
])
def test_bad_files_get_a_one_line_error(tmp_path, capsys, content, message):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    assert main(["analyze", "--file", str(source)]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_missing_file_and_no_input_fail_cleanly(tmp_path, capsys):
    assert main(["analyze", "--file", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["analyze"]) == 2
    assert "nothing to analyse" in capsys.readouterr().err


def test_installed_entry_point_runs():
    out = subprocess.run([sys.executable, "-m", "empathic.cli", "analyze", "--json", "thanks!"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["top"]


def test_analyze_reads_audio_and_image_files(tmp_path, capsys):
    pytest.importorskip("hibari")
    pytest.importorskip("cv2")
    from empathic.cli import main
    from empathic.voice.speech import SpeechSynthesizer

    clip = tmp_path / "clip.wav"
    clip.write_bytes(SpeechSynthesizer().wav_bytes("I am so happy you called me today."))
    photo = tmp_path / "photo.png"
    from PIL import Image

    Image.new("RGB", (64, 64), (128, 128, 128)).save(photo)
    assert main(["analyze", str(clip), str(photo), "and some words"]) == 0
    out = capsys.readouterr().out
    assert "transcript:" in out and "happy you called" in out.lower()
    assert "voice" in out and "fused (voice + words)" in out
    assert "photo.png: 0 face(s)" in out and "“and some words”" in out
    assert main(["analyze", "--json", str(clip)]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["utterances"] and row["fused"]["modality"] == "fused"
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF1234WAVEjunk")
    assert main(["analyze", str(broken)]) == 2
    assert "not a readable audio file" in capsys.readouterr().err
