"""Labels on a line of their own (`第一条`, `第一章`) reunited with their text."""

from __future__ import annotations

import re

from pipeline.normalize.headings import NUM
from pipeline.normalize.lines import Line, content_lines
from pipeline.normalize.state import State
from pipeline.text.cjk import PARAGRAPH_END

_LABEL_ONLY = re.compile(rf"^第[{NUM}\d]+([章节条编])$")


def labels(state: State) -> None:
    """Reunite a label on a line of its own (`第一条`, `第一章`) with the text the extractor moved away from it.

    Column-aware extractors emit a label set apart by wide spacing as its own line, sometimes several labels
    before their texts; each waiting label takes the next text line (a chapter label takes a short title).
    """
    waiting: list[Line] = []
    for line in content_lines(state.lines):
        m = _LABEL_ONLY.match(line.content)
        if m:
            waiting.append(line)
            continue
        if not waiting:
            continue
        is_title = len(line.content) <= 12 and line.content[-1:] not in PARAGRAPH_END
        pick = next((lb for lb in waiting if _LABEL_ONLY.match(lb.content).group(1) in "章节编" and is_title),
                    None)
        if pick is None:
            pick = next((lb for lb in waiting if _LABEL_ONLY.match(lb.content).group(1) == "条"), None)
        if pick is None:
            waiting.clear()
            continue
        waiting.remove(pick)
        before = line.text
        line.set_text(pick.content + "\u3000" + line.content)
        line.extra_nos = [pick.no, *pick.extra_nos, *line.extra_nos]
        line.indent_artifact = True
        pick.removed = state.running
        state.record("attach-label", (pick.no, line.no), before=f"{pick.content} | {before.strip()}",
                     after=line.text, reason="label stood on a line of its own")
