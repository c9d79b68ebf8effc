"""The EPUB 3 writer: `writer` packages the book, `content` the XHTML, `style` the CSS."""
