"""Translations attached to blocks by id.

segments  blocks → translation units (sentences; titles, headings and sign-offs whole); ids from ids
xliff, po exchange files out and in; tmx the aligned pairs as a translation memory
load      any translation (XLIFF 1.2/2.x, PO, paragraph-aligned plain text) checked and attached to blocks
glossary  key terms (jieba) as tab text, CSV; tbx TBX-Basic; stats the job's counts
safexml   XML read without DTDs, entities or network, within a size bound
"""
