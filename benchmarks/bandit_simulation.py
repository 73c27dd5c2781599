"""How fast the strategy learner adapts to simulated users with hidden preferences.

    python benchmarks/bandit_simulation.py [--seeds 5] [--turns 30] [--explore-share 0.1] [--noise 0.1]

Each simulated user talks to a real ``Agent`` (preset ``wellbeing``, the shipped models)
for ``--turns`` turns of everyday support lines (shuffled per seed) and gives thumbs
feedback on every reply through ``Agent.feedback``, flipped with probability ``--noise``:

* ``dislikes <S>``: thumbs down when the plan's strategy is S, up otherwise; S is the
  strategy the planner uses most in that seed's no-learning run (the hardest one to drop);
* ``dislikes questions``: thumbs down when the reply asks a question, up otherwise;
* ``wants suggestions``: thumbs up for "Providing Suggestions", down otherwise.

The no-learning baseline is the same conversation (same lines, same seed) with ``Agent(learner=None)``.
For the disliked strategy: the turns of feedback after which the rest of the conversation
uses it at most half as often as the baseline does over those same turns (the issue's
target: within 30 turns); a run that never gets there counts as more than ``--turns - 10``
(at least 10 turns are left to judge). The median over seeds is printed, then for every
user the share of the behaviour over turns 11-30 (after 10 turns of feedback) beside the
baseline's share over the same turns.
"""

from __future__ import annotations

import argparse
import random
import statistics
import uuid

LINES = [
    "I had a rough day at work.", "My boss keeps criticising everything I do.", "I feel tired all the time.",
    "I don't sleep well lately.", "Everything feels heavy at the moment.", "I keep worrying about money.",
    "My flat is a mess and I can't face it.", "I skipped the gym again.", "I feel so behind on everything.",
    "My sister didn't call back.", "Work was stressful again today.", "I feel stuck.",
    "My exams start next week and I'm nervous.", "I argued with my partner this morning.",
    "My friend cancelled on me again.", "I have a presentation tomorrow.", "I can't focus on anything.",
    "The rent went up again.", "My manager moved my deadline forward.", "I feel lonely in this new city.",
    "I got some criticism on my project.", "I keep procrastinating.", "My team ignored my idea in the meeting.",
    "I'm worried about my dad's health.", "I didn't get the job I interviewed for.", "I feel overwhelmed by emails.",
    "My neighbour is noisy every night.", "I'm anxious about the doctor's appointment.",
    "My kids were difficult today.", "I feel like nobody listens to me.", "I have too many things to do.",
    "I'm annoyed with my roommate.", "I messed up a report at work.", "My car broke down again.",
    "I'm dreading the family dinner.", "I feel unmotivated.",
]
WINDOW = 10


def converse(agent, lines, prefers, rng, noise, tenant):
    """Play the lines; ``prefers(result) -> +1/-1`` is the user's hidden taste (None: no feedback)."""
    session, strategies, asked = f"sim-{uuid.uuid4().hex[:10]}", [], []
    for i, line in enumerate(lines):
        result = agent.respond(session, "sim-user", line, tenant=tenant)
        strategies.append(result.plan.strategy)
        asked.append("?" in result.reply)
        if prefers is not None and result.source != "crisis":
            thumbs = prefers(result)
            if rng.random() < noise:
                thumbs = -thumbs
            agent.feedback(session, i, thumbs=thumbs, tenant=tenant)
    return strategies, asked


def turns_to_halve(flags: list[bool], baseline: list[bool]) -> int | None:
    """Turns of feedback after which the rest of the conversation (at least ``WINDOW`` turns)
    uses the strategy at most half as often as the no-learning run does over the same turns
    (None: never within the conversation)."""
    for t in range(0, len(flags) - WINDOW + 1):
        if sum(baseline[t:]) > 0 and sum(flags[t:]) <= sum(baseline[t:]) / 2:
            return t
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--explore-share", type=float, default=0.1)
    parser.add_argument("--noise", type=float, default=0.1, help="chance a thumbs is flipped")
    args = parser.parse_args()

    from empathic.conversation.agent import Agent
    from empathic.conversation.learner import StrategyLearner
    from empathic.conversation.planner import ResponsePlanner
    from empathic.safety.crisis import CrisisDetector
    from empathic.text.recognizer import TextEmotionRecognizer

    recognizer = TextEmotionRecognizer()
    shared = {"text_recognizer": recognizer, "crisis_detector": CrisisDetector(),
              "planner": ResponsePlanner(recognizer=TextEmotionRecognizer(explain=False))}
    needed, shares, uses = [], {}, []
    for seed in range(args.seeds):
        rng = random.Random(seed)
        lines = rng.sample(LINES * (args.turns // len(LINES) + 1), args.turns)
        plain = Agent(preset="wellbeing", seed=seed, **shared)
        base_strategies, base_asked = converse(plain, lines, None, rng, 0.0, "")
        disliked = max(sorted(set(base_strategies)), key=base_strategies.count)
        users = [("dislikes strategy", f"dislikes {disliked}", lambda r, s=disliked: -1 if r.plan.strategy == s else 1),
                 ("dislikes questions", "dislikes questions", lambda r: -1 if "?" in r.reply else 1),
                 ("wants suggestions", "wants suggestions",
                  lambda r: 1 if r.plan.strategy == "Providing Suggestions" else -1)]
        for key, name, prefers in users:
            learner = StrategyLearner(explore_share=args.explore_share, seed=seed)
            agent = Agent(preset="wellbeing", seed=seed, learner=learner, **shared)
            strategies, asked = converse(agent, lines, prefers, random.Random(seed + 1000), args.noise,
                                         f"sim{seed}")
            if key == "dislikes strategy":
                flags = [s == disliked for s in strategies]
                needed.append(turns_to_halve(flags, [s == disliked for s in base_strategies]))
                uses.append((sum(flags), base_strategies.count(disliked)))
                tail, base_tail = flags[WINDOW:], [s == disliked for s in base_strategies][WINDOW:]
            elif key == "dislikes questions":
                tail, base_tail = asked[WINDOW:], base_asked[WINDOW:]
            else:
                tail = [s == "Providing Suggestions" for s in strategies][WINDOW:]
                base_tail = [s == "Providing Suggestions" for s in base_strategies][WINDOW:]
            shares.setdefault(key, []).append((sum(tail) / len(tail), sum(base_tail) / len(base_tail)))
            print(f"seed {seed} {name:<40} turns {WINDOW + 1}-{args.turns}: {sum(tail) / len(tail):.2f} "
                  f"(no learning: {sum(base_tail) / len(base_tail):.2f})", flush=True)

    most = args.turns - WINDOW
    over = most + 1
    median = statistics.median([over if n is None else n for n in needed])
    show = lambda v: f">{most}" if v > most else f"{v:g}"  # noqa: E731
    print(f"\nuser who dislikes the planner's most used strategy ({args.seeds} seeds, {args.turns} turns, "
          f"explore share {args.explore_share}, feedback noise {args.noise}):")
    print(f"  turns of feedback until the rest of the conversation uses it at most half as often as without "
          f"learning: median {show(median)} (per seed: {[n if n is not None else f'>{most}' for n in needed]}); "
          f"no learning: never (>{most}) by construction")
    print(f"  times it was used in {args.turns} turns: median {statistics.median(u[0] for u in uses):g} "
          f"(per seed: {[u[0] for u in uses]}); no learning: median {statistics.median(u[1] for u in uses):g} "
          f"(per seed: {[u[1] for u in uses]})")
    for key, rows in shares.items():
        what = {"dislikes strategy": "share of the disliked strategy", "dislikes questions": "share of replies asking",
                "wants suggestions": "share of Providing Suggestions"}[key]
        print(f"  {key:<20} {what}, turns {WINDOW + 1}-{args.turns}: median {statistics.median(r[0] for r in rows):.2f} "
              f"(no learning: {statistics.median(r[1] for r in rows):.2f})")


if __name__ == "__main__":
    main()
