"""Encryption of stored text: Fernet, with key rotation.

``EMPATHIC_ENCRYPTION_KEY`` holds one Fernet key, or several separated by commas: the
first encrypts, all decrypt (``MultiFernet``), so a new key can be put first while old
rows stay readable. A canary sealed at first use tells at start-up (and in /readyz)
whether the configured keys can open this database.
"""

from __future__ import annotations

import json
import os

from empathic.errors import EmpathicError, require


class KeyMismatchError(EmpathicError):
    """The configured encryption keys cannot open data this database already holds."""

    code = "encryption_key_mismatch"


class Cipher:
    def __init__(self, key: str | None = None):
        key = key if key is not None else os.environ.get("EMPATHIC_ENCRYPTION_KEY")
        self._fernet = None
        if key:
            fernet = require("cryptography.fernet", "server", "cryptography")
            raw = key.decode() if isinstance(key, bytes) else key
            try:
                keys = [fernet.Fernet(k.strip().encode()) for k in raw.split(",") if k.strip()]
            except ValueError:
                raise KeyMismatchError("EMPATHIC_ENCRYPTION_KEY is not a Fernet key (32 url-safe base64 bytes); "
                                       "make one with: python -c 'from cryptography.fernet import Fernet; "
                                       "print(Fernet.generate_key().decode())'") from None
            self._fernet = fernet.MultiFernet(keys)

    @property
    def enabled(self) -> bool:
        return self._fernet is not None

    def seal(self, data) -> str:
        text = json.dumps(data, ensure_ascii=False)
        return self._fernet.encrypt(text.encode()).decode() if self._fernet else text

    def open(self, stored: str | None):
        if stored is None:
            return None
        if self._fernet:
            stored = self._fernet.decrypt(stored.encode()).decode()
        return json.loads(stored)

    def verify(self, sealed: str, expected) -> None:
        """Raise ``KeyMismatchError`` unless ``sealed`` opens to ``expected`` with these keys."""
        try:
            ok = self.open(sealed) == expected
        except Exception:  # InvalidToken, or JSON of a ciphertext read without a key
            ok = False
        if not ok:
            state = "the configured key(s)" if self.enabled else "no key (EMPATHIC_ENCRYPTION_KEY is unset)"
            raise KeyMismatchError(f"this database was written with another encryption key; {state} cannot "
                                   "open it. Put the old key after the new one: EMPATHIC_ENCRYPTION_KEY=new,old")
