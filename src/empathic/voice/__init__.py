"""Voice: audio loading, speech detection, prosody, voice emotion, transcription, speech output."""
