"""The PDF writer: `layout` sets blocks into lines and pages, `table` the glossary, `writer` draws them."""
