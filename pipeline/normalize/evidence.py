"""Say when the repair falls apart: the evidence it worked from was weak, so its output deserves a look."""

from __future__ import annotations

from pipeline.model import HEADING
from pipeline.normalize.state import State

# below this many a share of headings means nothing; above half of all blocks, the wrapping was not understood
MIN_HEADINGS = 20
MAX_HEADING_SHARE = 0.5


def evidence(state: State) -> None:
    """Warn when most blocks came out as headings: short standalone lines everywhere mean the line width or
    the wrapping was not recognised (a file that concatenates documents of different widths, say)."""
    drafts = [d for d in state.drafts if d.text.strip()]
    headings = sum(1 for d in drafts if d.kind == HEADING)
    if headings >= MIN_HEADINGS and headings > MAX_HEADING_SHARE * len(drafts):
        state.report.warn(f"{headings} of {len(drafts)} blocks are headings: the line width or the wrapping "
                          "was probably not recognised; check the output")
