"""The README's quick start runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_quick_start_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "README.md has no python block"
    namespace: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)
    result, best = namespace["result"], namespace["best"]
    assert result.costs.npc > 0 and 0 < result.stats.renewable_fraction < 1
    assert best.success and best.fun < result.costs.npc
