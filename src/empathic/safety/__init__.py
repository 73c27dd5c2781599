"""Safety, privacy and policy: crisis detection, redaction, consent."""
