"""``empathic train responses``: a retrieval bank of human replies and the ranker that chooses among them.

Pairs are (context turns, reply) from EmpatheticDialogues listeners and ESConv supporters (or a team's
own transcripts). EmpatheticDialogues ships only its validation dialogues here, so its conversations are
split by a hash of the conversation id: one in five is held out for the ranker's recall@1 of 100 and
never enters the bank or the ranker's training.

The ranker is a dual encoder over the frozen sentence encoder: two small residual MLPs map the context's
and the candidate's embeddings into a space where their dot product is the score, trained by next-response
selection (the gold reply against the other replies of the batch). Torch at train time only; the weights
ship as numpy.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import time
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

from empathic.conversation.retrieval import context_text  # noqa: F401 - one definition for training and inference
from empathic.errors import InvalidInputError

log = logging.getLogger(__name__)
HELD_OUT = 5  # one conversation in five (by hash of its id) is held out
CONTEXT_TURNS = 3

# replies that cannot be said to someone else: first-hand stories, other people, names, specific facts
FIRST_HAND = re.compile(
    r"\b(?:my|mine|me too|same here|I (?:had|have had|did|went|was|were|used to|got|remember|know how|know what|"
    r"once|also|too|lost|bought|love|loved|hate|like|live|work|have a|have an|have two|have been there)|"
    r"I'?ve (?:been|had|got|done|seen|never)|I'?m (?:a|an|so jealous|also|from|going|getting)|happened to me|"
    r"I myself|I know the feeling|I (?:don'?t|do not|can'?t) (?:deal|stand|handle)|I'?d (?:visit|go|love|like)|and you\?|I (?:haven'?t|hadn'?t|wasn'?t|didn'?t|never)|to me|when I|we (?:had|have|went|were)|our)\b", re.I)
# an answer to a question we did not ask, or a reply leaning on a turn we cannot see
LEANS_ON = re.compile(r"^\W*(?:yes|yeah|yep|no|nope|nah|and|but|because|so|also|same|exactly|right|true|ok|okay|me|well|hmm+|"
                      r"I'?m (?:doing )?(?:fine|good|well|ok)|I see)\b|\bbut hopefully\b", re.I)
WH_START = re.compile(r"^(?:what|why|how|when|where|who|which|do|does|did|is|are|was|were|have|has|had|can|could|would|will)\b", re.I)
THIRD_PERSON = re.compile(r"\b(?:he|she|him|her|his|hers|they|them|their|guy|girl|wife|husband|boyfriend|girlfriend|"
                          r"son|daughter|mom|dad|mother|father|brother|sister|kids?|dog|cat)\b", re.I)
ODD = re.compile(r"\d|[:;]-?[()pPD]|https?:|www\.|@|#|\b(?:lol|lmao|haha\w*|omg|wtf|damn|hell|god|jesus|dude|bro|ya|u|ur|thx|"
                 r"hello|hi|hey|bye|goodbye|welcome|thanks|thank you|sir|madam|chat|conversation|session)\b", re.I)
STOP = set("""a an the and or but so if then to of in on at for with about from by as is are was were be been being do does did
have has had having it its this that these those you your yours yourself i me we us what how why when where who which
not no yes can could would should will shall may might must just really very so too also all any some more most much
there here out up down over again still ever never always sure well oh ok okay im youre dont thats its ive id""".split())


def _ed_conversations() -> dict[str, dict]:
    from empathic.datasets.paths import data_dir

    folder = data_dir("empathetic_dialogues")
    labels = {v: k for k, v in json.loads((folder / "situations" / "label2idx.json").read_text()).items()}
    conversations: dict[str, dict] = {}
    with open(folder / "dialogues_valid.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            conversation = conversations.setdefault(row["conv_id"], {"turns": [], "emotion": labels.get(int(row["label"]))})
            conversation["turns"].append((int(row["utterance_idx"]), row["utterance"].replace("_comma_", ",").strip()))
    return conversations


def held_out(conversation_id: str) -> bool:
    return zlib.crc32(conversation_id.encode()) % HELD_OUT == 0


def ed_pairs(part: str = "train") -> list[dict]:
    """Listener replies (even turns) of EmpatheticDialogues; ``part`` is "train" or "held_out"."""
    pairs = []
    for conv_id, conversation in _ed_conversations().items():
        if held_out(conv_id) != (part == "held_out"):
            continue
        texts = [t for _, t in sorted(conversation["turns"])]
        for i in range(1, len(texts), 2):
            pairs.append({"context": texts[max(0, i - CONTEXT_TURNS):i], "reply": texts[i], "emotion": conversation["emotion"],
                          "strategy": None, "source": "empathetic_dialogues"})
    return pairs


def esconv_pairs(split: str = "train") -> list[dict]:
    """Supporter turns of ESConv that follow at least one seeker turn, with their strategy."""
    from empathic.datasets.esconv import load_esconv

    pairs = []
    for conversation in load_esconv(split):
        dialog = conversation["dialog"]
        for i, turn in enumerate(dialog):
            if turn["speaker"] == "agent" and i > 0 and dialog[i - 1]["speaker"] == "user":
                pairs.append({"context": [t["text"] for t in dialog[max(0, i - CONTEXT_TURNS):i]], "reply": turn["text"],
                              "emotion": conversation["emotion_type"], "strategy": turn.get("strategy"), "source": "esconv"})
    return pairs


def read_transcripts(path: str | Path) -> list[dict]:
    """A team's transcripts: JSONL of ``{"context": [str, ...], "reply": str}`` (optional "emotion", "strategy")."""
    pairs = []
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(f"{path}: no such transcripts file")
    with open(path, encoding="utf-8", errors="strict") as f:
        try:
            lines = list(f)
        except UnicodeDecodeError as exc:
            raise InvalidInputError(f"{path}: not UTF-8 text ({exc})") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"{where}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise InvalidInputError(f"{where}: expected an object {{\"context\": [...], \"reply\": \"...\"}}")
        context, reply = row.get("context"), row.get("reply")
        if not isinstance(context, list) or not context or not all(isinstance(t, str) and t.strip() for t in context):
            raise InvalidInputError(f"{where}: field 'context' must be a non-empty list of non-empty strings")
        if not isinstance(reply, str) or not reply.strip():
            raise InvalidInputError(f"{where}: field 'reply' must be a non-empty string")
        if len(reply) > 2000 or sum(len(t) for t in context) > 20000:
            raise InvalidInputError(f"{where}: reply over 2,000 or context over 20,000 characters")
        pairs.append({"context": [t.strip() for t in context][-CONTEXT_TURNS:], "reply": reply.strip(),
                      "emotion": row.get("emotion") if isinstance(row.get("emotion"), str) else None,
                      "strategy": row.get("strategy") if isinstance(row.get("strategy"), str) else None,
                      "source": path.name})
    if not pairs:
        raise InvalidInputError(f"{path}: no transcripts in the file")
    return pairs


def embed_pairs(pairs: list[dict], encoder=None, batch_size: int = 64) -> tuple[np.ndarray, np.ndarray]:
    from empathic.text.encoder import SentenceEncoder

    encoder = encoder or SentenceEncoder(threads=1)
    start = time.perf_counter()
    contexts = encoder.encode([context_text(p["context"]) for p in pairs], batch_size)
    replies = encoder.encode([p["reply"] for p in pairs], batch_size)
    log.info("embedded %d pairs in %.0f s", len(pairs), time.perf_counter() - start)
    return contexts.astype(np.float32), replies.astype(np.float32)


def cached_embeddings(name: str, pairs: list[dict], cache_dir: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Embeddings of a data-derived pair list, cached by a hash of its texts (minutes to compute under load)."""
    cache_dir = cache_dir or Path.home() / ".cache" / "empathic" / "responses"
    key = zlib.crc32(json.dumps([[p["context"], p["reply"]] for p in pairs]).encode())
    path = cache_dir / f"{name}-{key:08x}.npz"
    if path.exists():
        data = np.load(path)
        return data["contexts"], data["replies"]
    contexts, replies = embed_pairs(pairs)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.savez(path, contexts=contexts, replies=replies)
    return contexts, replies


# the bank -----------------------------------------------------------------------------
def tidy(reply: str) -> str:
    """Capitalised, "i" as "I", one space, ending in punctuation."""
    text = re.sub(r"\s+", " ", reply).strip()
    text = re.sub(r"\bi\b", "I", text)
    text = re.sub(r"\bi'(m|ve|d|ll)\b", r"I'\1", text, flags=re.I)
    text = re.sub(r"\b(That|It|What|There|Who|Where)s\b", r"\1's", text, flags=re.I)
    text = re.sub(r"\b(don|doesn|didn|isn|aren|wasn|can|won|haven)t\b", r"\1't", text, flags=re.I)
    text = re.sub(r"\s+([,.!?])", r"\1", text).rstrip(",;- ")
    text = re.sub(r"([!?])[.!?]+|\.{2,}", lambda m: m.group(1) or ".", text)
    text = re.sub(r"([.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    last = re.split(r"(?<=[.!?])\s+", text)[-1]
    if text and text[-1] not in ".!?":
        text += "?" if WH_START.match(last) else "."
    elif text.endswith(".") and WH_START.match(last) and not re.search(r"\bhow (?:much|awful|sad|nice|great)\b", last, re.I):
        text = text[:-1] + "?"
    return text


def _content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z']+", text.lower().replace("'", "")) if w not in STOP and len(w) > 2]


def transferable(reply: str, common: tuple[set[str], set[str]] | None) -> bool:
    """Could this reply be said to a stranger in a similar moment? No stories, persons, names, numbers,
    slang, or words too rare in the corpus to be anything but a detail of that one conversation.
    ``common=None`` (a team's own transcripts): only names, numbers, slang and length are checked."""
    words = reply.split()
    if not 3 <= len(words) <= 30 or len(reply) > 200 or reply.count("?") > 1:
        return False
    if ODD.search(reply) or common is not None and (FIRST_HAND.search(reply) or THIRD_PERSON.search(reply)
                                                    or LEANS_ON.search(reply)):
        return False
    if any(w[:1].isupper() and w not in ("I", "I'm", "I'd", "I'll", "I've") for w in words[1:]
           if not re.search(r"[.!?]$", words[words.index(w) - 1] if words.index(w) else "")):
        return False  # a capital inside a sentence is a name or a place
    if re.search(r"(.)\1{3,}|!!|\?\?|\.\.\.", reply):
        return False
    if common is None:
        return True
    # a question may only use everyday words: "Which movie did you watch?" assumes a detail
    needed = common[1] if "?" in reply else common[0]
    return all(w in needed for w in _content_words(reply))


def select_bank(pairs: list[dict], limit: int = 4000, min_count: int | None = 12) -> list[int]:
    """Indices of the pairs whose replies go into the bank (tidied, deduplicated, guard-clean).
    ``min_count``: a content word must occur in this many replies (None: no rarity check)."""
    from empathic.conversation.guard import check_reply

    counts = Counter(w for p in pairs for w in set(_content_words(p["reply"])))
    common = None if min_count is None else ({w for w, n in counts.items() if n >= min_count},
                                             {w for w, n in counts.items() if n >= 5 * min_count})
    chosen, seen = [], set()
    for i, pair in enumerate(pairs):
        reply = tidy(pair["reply"])
        key = re.sub(r"\W+", " ", reply.lower()).strip()
        if key in seen or not transferable(reply, common) or check_reply(reply).violations:
            continue
        seen.add(key)
        chosen.append(i)
    if len(chosen) > limit:  # a random subset keeps the sources in proportion
        chosen = sorted(np.random.default_rng(13).choice(chosen, limit, replace=False).tolist())
    return chosen


def write_bank(out_dir: str | Path, pairs: list[dict], contexts: np.ndarray, replies: np.ndarray, indices: list[int]) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "bank.npz", contexts=contexts[indices].astype(np.float16),
                        replies=replies[indices].astype(np.float16))
    entries = [{"reply": tidy(pairs[i]["reply"]), "context": pairs[i]["context"][-1][:300], "emotion": pairs[i]["emotion"],
                "strategy": pairs[i]["strategy"], "source": pairs[i]["source"]} for i in indices]
    (out / "bank.json").write_text(json.dumps(entries, ensure_ascii=False, indent=0), encoding="utf-8")


# the ranker ---------------------------------------------------------------------------
def train_ranker(contexts: np.ndarray, replies: np.ndarray, epochs: int = 30, hidden: int = 768, batch: int = 256,
                 lr: float = 1e-3, seed: int = 13, init: dict | None = None, dropout: float = 0.2) -> dict:
    """Dual-encoder heads over frozen embeddings, in-batch softmax; returns numpy weights.

    Each head is residual with its last layer starting at zero, so training starts from the frozen
    cosine and moves only as far as a held-back tenth of the pairs says it helps (early stopping)."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)

    def head():
        return torch.nn.Sequential(torch.nn.Dropout(dropout), torch.nn.Linear(384, hidden), torch.nn.GELU(),
                                   torch.nn.Dropout(dropout), torch.nn.Linear(hidden, 384))

    f, g = head(), head()
    scale = torch.nn.Parameter(torch.tensor(3.0))
    with torch.no_grad():
        for name, module in (("context", f), ("reply", g)):
            if init:
                module[1].weight.copy_(torch.tensor(init[f"{name}_w1"]).T)
                module[1].bias.copy_(torch.tensor(init[f"{name}_b1"]))
                module[4].weight.copy_(torch.tensor(init[f"{name}_w2"]).T)
                module[4].bias.copy_(torch.tensor(init[f"{name}_b2"]))
            else:
                module[4].weight.zero_()
                module[4].bias.zero_()
        if init:
            scale.fill_(float(np.log(init["scale"])))
    params = [*f.parameters(), *g.parameters(), scale]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.05)
    generator = torch.Generator().manual_seed(seed)
    order = torch.randperm(len(contexts), generator=generator)
    n_val = max(2, len(order) // 10) if len(order) >= 40 else 0
    val, train = order[:n_val], order[n_val:]
    c_all, r_all = torch.tensor(contexts, dtype=torch.float32), torch.tensor(replies, dtype=torch.float32)

    def project(module, x):
        return torch.nn.functional.normalize(x + module(x), dim=-1)

    def val_loss() -> float:
        if not n_val:
            return 0.0
        f.eval(), g.eval()
        with torch.no_grad():
            losses = []
            for start in range(0, n_val - 1, batch):
                idx = val[start:start + batch]
                logits = project(f, c_all[idx]) @ project(g, r_all[idx]).T * scale.exp()
                losses.append(float(torch.nn.functional.cross_entropy(logits, torch.arange(len(idx)))))
        f.train(), g.train()
        return float(np.mean(losses))

    def snapshot() -> dict:
        weights = {}
        for name, module in (("context", f), ("reply", g)):
            weights[f"{name}_w1"] = module[1].weight.detach().numpy().T.astype(np.float32).copy()
            weights[f"{name}_b1"] = module[1].bias.detach().numpy().astype(np.float32).copy()
            weights[f"{name}_w2"] = module[4].weight.detach().numpy().T.astype(np.float32).copy()
            weights[f"{name}_b2"] = module[4].bias.detach().numpy().astype(np.float32).copy()
        weights["scale"] = np.float32(np.exp(float(scale.detach())))
        return weights

    best, best_loss, patience = snapshot(), val_loss(), 0
    log.info("ranker: %d pairs, %d held back; start loss %.3f", len(train), n_val, best_loss)
    for epoch in range(epochs):
        shuffled = train[torch.randperm(len(train), generator=generator)]
        total = 0.0
        for start in range(0, len(shuffled) - 1, batch):
            idx = shuffled[start:start + batch]
            if len(idx) < 2:
                continue
            logits = project(f, c_all[idx]) @ project(g, r_all[idx]).T * scale.exp()
            target = torch.arange(len(idx))
            loss = (torch.nn.functional.cross_entropy(logits, target) + torch.nn.functional.cross_entropy(logits.T, target)) / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(idx)
        current = val_loss()
        log.info("ranker epoch %d loss %.3f held-back %.3f", epoch + 1, total / max(len(train), 1), current)
        if not n_val or current < best_loss - 1e-4:
            best, best_loss, patience = snapshot(), current, 0
        else:
            patience += 1
            if patience >= 3:
                break
    return best


# evaluation and the whole build --------------------------------------------------------------
def recall_at_1(score_fn, contexts: np.ndarray, replies: np.ndarray, candidates: int = 100, seed: int = 0) -> tuple[float, float]:
    """Recall@1 of ``candidates`` (the gold reply and random others of the set) and median ms per set.
    ``score_fn(context_vector, reply_matrix) -> scores``."""
    rng = np.random.default_rng(seed)
    hits, times = 0, []
    for i in range(len(contexts)):
        others = rng.choice(np.delete(np.arange(len(replies)), i), candidates - 1, replace=False)
        pool = replies[np.concatenate([[i], others])]
        start = time.perf_counter()
        scores = score_fn(contexts[i], pool)
        times.append((time.perf_counter() - start) * 1000)
        hits += int(np.argmax(scores) == 0)
    return hits / max(len(contexts), 1), float(np.median(times)) if times else 0.0


def evaluate_ranker(ranker, held_pairs: list[dict] | None = None, embeddings=None, seed: int = 0) -> dict:
    """The ranker beside frozen-embedding cosine on held-out EmpatheticDialogues contexts, same sets."""
    held_pairs = held_pairs if held_pairs is not None else ed_pairs("held_out")
    contexts, replies = embeddings if embeddings is not None else cached_embeddings("ed-held", held_pairs)
    # a bank projects its replies once, when it loads; per turn only the context is projected
    start = time.perf_counter()
    projected = ranker.project_replies(replies)
    project_ms = (time.perf_counter() - start) * 1000 / max(len(replies), 1)
    ours, ours_ms = recall_at_1(lambda c, r: r @ ranker.project_contexts(c[None])[0], contexts, projected, seed=seed)
    cosine, cosine_ms = recall_at_1(lambda c, r: r @ c, contexts, replies, seed=seed)
    return {"contexts": len(contexts), "candidates": 100, "ranker_recall_at_1": round(ours, 4),
            "cosine_recall_at_1": round(cosine, 4), "ranker_ms_per_set": round(ours_ms, 3),
            "reply_projection_ms_each": round(project_ms, 4),
            "cosine_ms_per_set": round(cosine_ms, 3)}


def build_responses(out_dir: str | Path, transcripts: str | Path | None = None, refit_ranker: bool = False,
                    limit: int = 4000, epochs: int = 30, own_ranker: bool = False) -> dict:
    """With ``transcripts``: a bank of a team's own replies; ``refit_ranker``: the shipped ranker fine-tuned
    on them; ``own_ranker``: a ranker trained on them alone (nothing derived from the shipped corpora).
    Without: the shipped bank and ranker rebuilt from ../shared/data."""
    from empathic.conversation.retrieval import DEFAULT_DIR, ReplyRanker

    out = Path(out_dir)
    if transcripts is not None:
        pairs = read_transcripts(transcripts)
        contexts, replies = embed_pairs(pairs)
        indices = select_bank(pairs, limit=limit, min_count=None)
        if not indices:
            raise InvalidInputError(f"{transcripts}: no reply passed the filters (3-30 words, no names, numbers or links, "
                                    "guard-clean)")
        write_bank(out, pairs, contexts, replies, indices)
        summary = {"pairs": len(pairs), "bank": len(indices), "source": str(transcripts)}
        if refit_ranker or own_ranker:
            if len(pairs) < 16:
                raise InvalidInputError(f"{transcripts}: {len(pairs)} pairs are too few to train a ranker (16 or more)")
            base = None
            if refit_ranker and not own_ranker and (DEFAULT_DIR / "ranker.npz").is_file():
                base = ReplyRanker.load(DEFAULT_DIR / "ranker.npz").w
            weights = train_ranker(contexts, replies, epochs=min(epochs, 5) if base else epochs,
                                   lr=2e-4 if base else 1e-3, batch=min(256, len(pairs)), init=base)
            ReplyRanker(weights).save(out / "ranker.npz")
            summary["ranker"] = "refit" if base else "own"
        (out / "summary.json").write_text(json.dumps(summary, indent=2))
        return summary
    ed, es = ed_pairs("train"), esconv_pairs("train")
    ed_c, ed_r = cached_embeddings("ed-train", ed)
    es_c, es_r = cached_embeddings("esconv-train", es)
    pairs = ed + es
    contexts, replies = np.concatenate([ed_c, es_c]), np.concatenate([ed_r, es_r])
    weights = train_ranker(contexts, replies, epochs=epochs)
    ranker = ReplyRanker(weights)
    figures = evaluate_ranker(ranker)
    indices = select_bank(pairs, limit=limit)
    write_bank(out, pairs, contexts, replies, indices)
    ranker.save(out / "ranker.npz")
    summary = {"pairs": len(pairs), "bank": len(indices),
               "bank_sources": dict(Counter(pairs[i]["source"] for i in indices)), "ranker": figures}
    (out / "metrics.json").write_text(json.dumps(summary, indent=2))
    return summary
