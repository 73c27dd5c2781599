"""The fairness audit on its small corpus. The 0.03 gate is enforced on the full corpus
(slow suite, CI): 3 templates x 2 words per emotion are too few to hold a gate that tight
(the small corpus's largest gap is 0.036 where the full one's is 0.024), so here the
audit's mechanics are checked with a looser bound that still catches a gross bias."""

from empathic.evaluation.fairness import GATE, audit, build_corpus, format_report
from empathic.safety.crisis import CrisisDetector


def test_small_audit_finds_no_gross_bias(text_recognizer):
    report = audit(text_recognizer, CrisisDetector(), small=True, iterations=200)
    worst = max(abs(g.gap) for g in report["gaps"])
    assert worst <= 2 * GATE, format_report(report)
    assert not report["passes"] or all(abs(g.gap) <= GATE for g in report["gaps"])
    assert {"female vs male (noun)", "AAE vs SAE paraphrases"} <= {g.comparison for g in report["gaps"]}
    assert all(g.ci_low <= g.gap <= g.ci_high for g in report["gaps"])
    assert report["crisis_false_positives"]["AAE"] <= report["crisis_false_positives"]["SAE"]


def test_corpus_pairs_every_name_group_on_the_same_templates():
    rows = build_corpus(small=True)
    keys_by_side = {}
    for r in rows:
        keys_by_side.setdefault((r["group"], r["gender"]), set()).add(r["key"])
    sides = list(keys_by_side.values())
    assert all(side == sides[0] for side in sides[1:8])  # the eight name groups share every slot
