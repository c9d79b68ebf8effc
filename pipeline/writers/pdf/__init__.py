"""The PDF writer: `layout` sets blocks into lines and pages, `parallel` the two-column bilingual layout, `table`
the glossary, `writer` draws them."""
