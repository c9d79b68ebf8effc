"""The DOCX writer: `writer` builds the document; `styles`, `page`, `glossary` and `ooxml` its parts."""
