"""A BERT-style ONNX model over word-piece ids: tokenization and batched runs, no torch."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from empathic.errors import ModelNotFoundError
from empathic.runtime import onnx_session


class OnnxTextModel:
    """Runs ``model.onnx`` (inputs ``input_ids``, ``attention_mask``; one output)
    on texts tokenized by ``tokenizer.json``."""

    def __init__(self, model_path: str | Path, tokenizer_path: str | Path, max_length: int,
                 threads: int | None = None):
        from tokenizers import Tokenizer

        if not Path(tokenizer_path).is_file():
            raise ModelNotFoundError(f"model file missing: {tokenizer_path}")
        self.max_length = max_length
        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.model_path = Path(model_path)
        self.threads = threads
        self.session = onnx_session(model_path, threads)
        self._rowwise_session = None
        self.output = self.session.get_outputs()[0].name
        self.pad_id = self.tokenizer.token_to_id("[PAD]") or 0
        self.cls_id = self.tokenizer.token_to_id("[CLS]")
        self.sep_id = self.tokenizer.token_to_id("[SEP]")

    def encode(self, text: str):
        """Tokenizer encoding (ids, offsets, word ids) without special tokens."""
        return self.tokenizer.encode(text, add_special_tokens=False)

    def token_ids(self, text: str) -> list[int]:
        return self.encode(text).ids

    def run_ids(self, sequences: list[list[int]]) -> np.ndarray:
        """Model output for id sequences (each at most max_length - 2 ids), one padded batch."""
        width = max(len(s) for s in sequences) + 2
        ids = np.full((len(sequences), width), self.pad_id, dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, seq in enumerate(sequences):
            full = [self.cls_id, *seq, self.sep_id]
            ids[row, : len(full)] = full
            mask[row, : len(full)] = 1
        return self.session.run([self.output], {"input_ids": ids, "attention_mask": mask})[0]

    def run_bucketed(self, sequences: list[list[int]], batch_size: int = 64) -> np.ndarray:
        """Output for many id sequences, each exactly as when run alone (within float rounding).

        Sequences of one token length share a run (no padding) of the per-row quantised copy
        of the model (``empathic.text.rowwise``); a length seen once runs alone on the shipped
        model. Without the ``onnx`` package (extra ``batch``) every sequence runs alone."""
        if not sequences:
            return np.zeros((0, 0), dtype=np.float32)
        groups: dict[int, list[int]] = {}
        for index, seq in enumerate(sequences):
            groups.setdefault(len(seq), []).append(index)
        rowwise = self._rowwise() if any(len(g) > 1 for g in groups.values()) else None
        out = None
        for members in groups.values():
            for start in range(0, len(members), batch_size):
                chunk = members[start:start + batch_size]
                if len(chunk) == 1 or rowwise is None:
                    values = np.vstack([self.run_ids([sequences[i]]) for i in chunk])
                else:
                    values = self._run(rowwise, [sequences[i] for i in chunk])
                if out is None:
                    out = np.zeros((len(sequences), values.shape[1]), dtype=np.float32)
                out[chunk] = values
        return out

    def _rowwise(self):
        if self._rowwise_session is None:
            from empathic.text.rowwise import cached_rowwise

            path = cached_rowwise(self.model_path)  # None without the onnx package: sequences run alone
            if path is None:
                return None
            self._rowwise_session = onnx_session(path, self.threads)
        return self._rowwise_session

    def _run(self, session, sequences: list[list[int]]) -> np.ndarray:
        ids = np.array([[self.cls_id, *seq, self.sep_id] for seq in sequences], dtype=np.int64)
        return session.run([self.output], {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0]

    def run_batched(self, sequences: list[list[int]], batch_size: int = 64) -> np.ndarray:
        """Output for many id sequences, batched by length (little padding), in input order."""
        order = np.argsort([len(s) for s in sequences], kind="stable")
        out = None
        for start in range(0, len(sequences), batch_size):
            chunk = order[start:start + batch_size]
            values = self.run_ids([sequences[i] for i in chunk])
            if out is None:
                out = np.zeros((len(sequences), values.shape[1]), dtype=np.float32)
            out[chunk] = values
        return out if out is not None else np.zeros((0, 0), dtype=np.float32)

    def run_texts(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Output for texts cut to the window, in input order."""
        limit = self.max_length - 2
        return self.run_batched([self.token_ids(t)[:limit] for t in texts], batch_size)
