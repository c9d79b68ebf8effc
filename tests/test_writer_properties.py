"""Any text a Document can hold goes through every writer, or the writer refuses with the project's own error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import templates, writers
from pipeline.errors import PipelineError
from pipeline.model import HEADING, PARAGRAPH, SIGNOFF, TITLE, Block, Document, Metadata
from pipeline.options import WriteOptions

KINDS = st.sampled_from([(TITLE, 0), (HEADING, 1), (HEADING, 2), (HEADING, 3), (HEADING, 4), (PARAGRAPH, 0),
                         (SIGNOFF, 0)])
TEXT = st.text(st.characters(exclude_categories=()), min_size=1, max_size=120).filter(lambda t: t.strip())


@st.composite
def documents(draw) -> Document:
    blocks = [Block(kind=kind, level=level, text=draw(TEXT).strip())
              for kind, level in draw(st.lists(KINDS, min_size=1, max_size=5))]
    return Document(blocks=blocks, metadata=Metadata(title=draw(st.text(max_size=30))))


def _each_writer(doc: Document) -> None:
    template = templates.load("official")
    for fmt in ("docx", "pdf", "epub", "markdown", "json", "text"):
        try:
            data = writers.get(fmt)(doc, template, WriteOptions(source_date_epoch=1_700_000_000))
        except PipelineError:
            continue
        assert data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_writers_take_any_text_or_raise_our_error(doc: Document) -> None:
    _each_writer(doc)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_normalized_arbitrary_bytes_go_through_every_writer(data: bytes) -> None:
    from pipeline import normalize

    try:
        doc = normalize(data)
    except PipelineError:
        return
    if doc.blocks:
        _each_writer(doc)
