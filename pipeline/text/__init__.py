"""Text knowledge shared by every layer: `cjk` (character classes, widths, punctuation rules), `words` (jieba words,
names, keywords) on the on-disk `wordindex`."""
