"""Reading conversations for ``empathic insights``.

Two input shapes are accepted (docs/insights.md):

* JSONL of conversations, one per line: ``{"id": "c1", "turns": [{"speaker": "user", "text": "..."},
  {"speaker": "agent", "text": "...", "strategy": "Question"}, ...]}`` (``strategy`` and ``metadata``
  are optional);
* flat utterances, one per row, as JSONL or CSV with the columns ``conversation_id``, ``speaker`` and
  ``text`` (optional ``strategy``); rows of one conversation are kept in file order.

A bad row (not UTF-8, not JSON, a missing or empty field, a conversation without turns) is skipped and
recorded in ``LoadResult.problems`` with its file, line and field; it never stops the run. Problems
with the whole file (unreadable, empty, CSV header without the needed columns, nothing usable) raise
``InsightsInputError``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from empathic.errors import InvalidInputError

# speakers read as the person being helped; every other speaker is the supporter (agent, human or bot)
USER_SPEAKERS = frozenset({"user", "usr", "seeker", "customer", "client", "caller", "patient", "human"})
UTTERANCE_COLUMNS = ("conversation_id", "speaker", "text")
MAX_TEXT_CHARS = 100_000  # the recognizer's limit; a longer turn is a bad row, not cut
MAX_PROBLEMS_KEPT = 200  # the report lists the first ones and counts all


class InsightsInputError(InvalidInputError):
    """The insights input cannot be used at all (the message names the file and what is wrong)."""


@dataclass
class Turn:
    speaker: str
    text: str
    is_user: bool
    strategy: str | None = None


@dataclass
class Conversation:
    id: str
    turns: list[Turn]
    metadata: dict = field(default_factory=dict)

    @property
    def user_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.is_user]


@dataclass
class LoadResult:
    conversations: list[Conversation]
    problems: list[str] = field(default_factory=list)  # the first MAX_PROBLEMS_KEPT, each naming file/line/field
    skipped_rows: int = 0  # input rows (lines) dropped whole
    skipped_turns: int = 0  # turns dropped inside otherwise usable conversations
    source: str = ""

    def note(self, message: str, *, turn: bool = False) -> None:
        if turn:
            self.skipped_turns += 1
        else:
            self.skipped_rows += 1
        if len(self.problems) < MAX_PROBLEMS_KEPT:
            self.problems.append(message)


def conversations_from_dicts(items: list[dict], source: str = "<memory>",
                             user_speakers=USER_SPEAKERS) -> LoadResult:
    """Conversations given as dicts in the JSONL shape (``id``, ``turns``), checked like file rows."""
    result = LoadResult([], source=source)
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        conversation = _conversation_row(item, f"{source} item {number}", result, user_speakers)
        if conversation is not None:
            _add(conversation, seen, result, f"{source} item {number}")
    return result


def load_conversations(path: str | Path, user_speakers=USER_SPEAKERS) -> LoadResult:
    """Conversations from a JSONL (conversations or utterances) or CSV (utterances) file."""
    path = Path(path)
    user_speakers = frozenset(s.lower() for s in user_speakers)
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise InsightsInputError(f"{path}: is a directory, not a JSONL or CSV file") from None
    except FileNotFoundError:
        raise InsightsInputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InsightsInputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise InsightsInputError(f"{path}: the file is empty")
    if path.suffix.lower() == ".csv":
        result = _load_csv(path, raw, user_speakers)
    else:
        result = _load_jsonl(path, raw, user_speakers)
    if not result.conversations:
        first = f"; first problem: {result.problems[0]}" if result.problems else ""
        raise InsightsInputError(f"{path}: no usable conversation ({result.skipped_rows} rows skipped{first})")
    return result


# --- JSONL -------------------------------------------------------------------------------------
def _load_jsonl(path: Path, raw: bytes, user_speakers) -> LoadResult:
    result = LoadResult([], source=str(path))
    seen: set[str] = set()
    groups: dict[str, Conversation] = {}  # utterance rows, by conversation_id, in file order
    for number, line in enumerate(raw.splitlines(), start=1):
        where = f"{path}:{number}"
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            result.note(f"{where}: not UTF-8 (byte {exc.start + 1} of the line); row skipped")
            continue
        try:
            item = json.loads(text)
        except json.JSONDecodeError as exc:
            result.note(f"{where}: not valid JSON ({exc.msg} at column {exc.colno}); row skipped")
            continue
        if not isinstance(item, dict):
            result.note(f"{where}: a JSON {type(item).__name__}, expected an object; row skipped")
        elif "turns" in item:
            conversation = _conversation_row(item, where, result, user_speakers)
            if conversation is not None:
                _add(conversation, seen, result, where)
        elif "conversation_id" in item or "text" in item:
            _utterance_row(item, where, result, groups, user_speakers)
        else:
            result.note(f"{where}: neither a conversation (field 'turns') nor an utterance (fields "
                        f"{', '.join(UTTERANCE_COLUMNS)}); found fields {sorted(item)[:8]}; row skipped")
    _finish_groups(groups, seen, result)
    return result


def _conversation_row(item, where: str, result: LoadResult, user_speakers) -> Conversation | None:
    if not isinstance(item, dict):
        result.note(f"{where}: a {type(item).__name__}, expected an object with 'id' and 'turns'; row skipped")
        return None
    ident = item.get("id")
    if ident is None or isinstance(ident, (dict, list, bool)) or not str(ident).strip():
        result.note(f"{where}: field 'id' missing or not a string/number; row skipped")
        return None
    turns_raw = item.get("turns")
    if not isinstance(turns_raw, list):
        result.note(f"{where}: field 'turns' must be a list of {{'speaker', 'text'}} objects; row skipped")
        return None
    if not turns_raw:
        result.note(f"{where}: conversation {ident!s} has no turns; row skipped")
        return None
    turns = []
    for position, raw_turn in enumerate(turns_raw):
        turn = _turn(raw_turn, f"{where}: turn {position}", result, user_speakers)
        if turn is not None:
            turns.append(turn)
    if not turns:
        result.note(f"{where}: conversation {ident!s} has no usable turns; row skipped")
        return None
    metadata = item.get("metadata") if isinstance(item.get("metadata"), dict) else {}
    return Conversation(str(ident), turns, metadata)


def _turn(raw, where: str, result: LoadResult, user_speakers, whole_row: bool = False) -> Turn | None:
    """A checked turn, or None with the problem noted (``whole_row``: the turn is the file's row)."""
    what = "row" if whole_row else "turn"
    problem = None
    speaker, text = (raw.get("speaker"), raw.get("text")) if isinstance(raw, dict) else (None, None)
    if not isinstance(raw, dict):
        problem = f"a {type(raw).__name__}, expected {{'speaker', 'text'}}"
    elif not isinstance(speaker, str) or not speaker.strip():
        problem = "field 'speaker' missing or not a string"
    elif not isinstance(text, str):
        problem = "field 'text' missing or not a string"
    elif not text.strip():
        problem = "field 'text' is empty"
    elif len(text) > MAX_TEXT_CHARS:
        problem = f"field 'text' is {len(text)} characters (limit {MAX_TEXT_CHARS})"
    if problem:
        result.note(f"{where}: {problem}; {what} skipped", turn=not whole_row)
        return None
    strategy = raw.get("strategy")
    strategy = strategy.strip() if isinstance(strategy, str) and strategy.strip() else None
    return Turn(speaker.strip(), text.strip(), speaker.strip().lower() in user_speakers, strategy)


def _utterance_row(item: dict, where: str, result: LoadResult, groups: dict, user_speakers) -> None:
    ident = item.get("conversation_id")
    if ident is None or isinstance(ident, (dict, list, bool)) or not str(ident).strip():
        result.note(f"{where}: field 'conversation_id' missing or empty; row skipped")
        return
    turn = _turn(item, where, result, user_speakers, whole_row=True)
    if turn is None:
        return
    groups.setdefault(str(ident), Conversation(str(ident), [])).turns.append(turn)


def _finish_groups(groups: dict, seen: set, result: LoadResult) -> None:
    for conversation in groups.values():
        _add(conversation, seen, result, result.source)


def _add(conversation: Conversation, seen: set, result: LoadResult, where: str) -> None:
    if conversation.id in seen:
        result.note(f"{where}: conversation id {conversation.id!r} appears again; the later one is skipped")
        return
    seen.add(conversation.id)
    result.conversations.append(conversation)


# --- CSV ---------------------------------------------------------------------------------------
def _load_csv(path: Path, raw: bytes, user_speakers) -> LoadResult:
    result = LoadResult([], source=str(path))
    lines = raw.splitlines(keepends=True)
    try:
        header_text = lines[0].decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InsightsInputError(f"{path}:1: the CSV header is not UTF-8") from None
    header = next(csv.reader([header_text]))
    columns = [c.strip().lower() for c in header]
    missing = [c for c in UTTERANCE_COLUMNS if c not in columns]
    if missing:
        raise InsightsInputError(
            f"{path}:1: CSV header lacks column(s) {', '.join(missing)}; found {', '.join(header) or 'none'}. "
            f"Expected one utterance per row with columns {', '.join(UTTERANCE_COLUMNS)} (optional: strategy)")
    groups: dict[str, Conversation] = {}
    # decode line by line, as csv reads them, so one bad byte costs one row and problems stay in line order
    current = [1]

    def feed():
        for number, line in enumerate(lines[1:], start=2):
            current[0] = number
            try:
                yield line.decode("utf-8")
            except UnicodeDecodeError as exc:
                result.note(f"{path}:{number}: not UTF-8 (byte {exc.start + 1} of the line); row skipped")

    reader = csv.reader(feed())
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.note(f"{path}:{current[0]}: unreadable CSV ({exc}); row skipped")
            continue
        if not any(cell.strip() for cell in row):
            continue
        where = f"{path}:{current[0]}"
        if len(row) > len(columns):
            result.note(f"{where}: {len(row)} columns, the header has {len(columns)}; row skipped")
            continue
        row += [""] * (len(columns) - len(row))  # trailing optional cells may be left out
        _utterance_row(dict(zip(columns, row)), where, result, groups, user_speakers)
    _finish_groups(groups, set(), result)
    return result
