import pytest

from empathic.errors import InvalidInputError
from empathic.evaluation.pii import evaluate_pii
from empathic.safety.redact import iban_valid, luhn_valid, redact


@pytest.mark.parametrize("text, expected", [
    ("write to jane.doe+work@mail.example.com now", "write to <EMAIL_ADDRESS> now"),
    ("call +44 20 7946 0958 today", "call <PHONE_NUMBER> today"),
    ("or (415) 555-2671", "or <PHONE_NUMBER>"),
    ("card 4539 1488 0343 6467 please", "card <CREDIT_CARD> please"),
    ("IBAN DE89 3704 0044 0532 0130 00 ok", "IBAN <IBAN> ok"),
    ("ssn 123-45-6789", "ssn <US_SSN>"),
    ("from 192.168.10.25 and 2001:db8:85a3::8a2e:370:7334", "from <IP_ADDRESS> and <IP_ADDRESS>"),
    ("I live at 221 Baker Street, apt 2", "I live at <LOCATION>"),
    ("My name is Grace Hopper and I'm angry", "My name is <PERSON> and I'm angry"),
    ("I talked to Omar yesterday", "I talked to <PERSON> yesterday"),
])
def test_each_entity_type_is_replaced(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "card 4539 1488 0343 6468 failed",  # fails Luhn
    "I was born in 1987, it cost $1,299.99, at 10:30",
    "I'm Happy today", "Version 3.11.7", "order 12/03",
])
def test_look_alikes_are_left_alone(text):
    assert redact(text) == text


def test_checksums():
    assert luhn_valid("4539148803436467") and not luhn_valid("4539148803436468")
    assert iban_valid("GB82 WEST 1234 5698 7654 32") and not iban_valid("GB82 WEST 1234 5698 7654 33")


def test_bad_input():
    with pytest.raises(InvalidInputError):
        redact(None)
    with pytest.raises(InvalidInputError, match="engine"):
        redact("x", engine="magic")
    assert redact("") == ""


def test_generated_set_meets_the_recall_target():
    report = evaluate_pii("regex", n_per_type=30)
    assert report["recall"] >= 0.95 and report["precision"] >= 0.95


def test_presidio_engine_finds_names_without_cues():
    pytest.importorskip("presidio_analyzer", reason="the 'privacy' extra is not installed")
    assert redact("Yesterday Maria Garcia didn't show up.", engine="presidio") == "Yesterday <PERSON> didn't show up."
    report = evaluate_pii("presidio", n_per_type=20)
    assert report["per_type"]["PERSON"]["recall"] > evaluate_pii("regex", n_per_type=20)["per_type"]["PERSON"]["recall"]
