"""Every Python example in the README runs, so the documentation cannot drift from the code."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_examples_run():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "the README has no Python example"
    seen: dict = {}
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
        seen.update(namespace)
    namespace = seen
    assert namespace["turn"].reply and namespace["r"].modality == "text"
    assert namespace["em"].redact("Call me on +44 20 7946 0958") == "Call me on <PHONE_NUMBER>"
