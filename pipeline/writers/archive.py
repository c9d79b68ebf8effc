"""Reproducible zip archives (DOCX, EPUB): fixed entry order, fixed timestamps, fixed permissions."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable

# the earliest time a zip entry can hold; used when SOURCE_DATE_EPOCH is not set
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_time(source_date_epoch: int | None) -> tuple[int, int, int, int, int, int]:
    if source_date_epoch is None:
        return ZIP_EPOCH
    stamp = time.gmtime(max(source_date_epoch, 315532800))
    return stamp[:6]


def build_zip(
    entries: Iterable[tuple[str, bytes]], source_date_epoch: int | None, stored: Iterable[str] = ()
) -> bytes:
    """Write entries in the given order; names in `stored` are not compressed (EPUB's mimetype)."""
    stamp = zip_time(source_date_epoch)
    keep = set(stored)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name in keep else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=9 if name not in keep else None)
    return buffer.getvalue()


def normalize_zip(data: bytes, source_date_epoch: int | None, first: Iterable[str] = (),
                  stored: Iterable[str] = ()) -> bytes:
    """Rewrite an archive another library produced: `first` names lead, the rest keep their order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        leading = [n for n in first if n in names]
        order = leading + [n for n in names if n not in leading]
        entries = [(n, archive.read(n)) for n in order]
    return build_zip(entries, source_date_epoch, stored)
