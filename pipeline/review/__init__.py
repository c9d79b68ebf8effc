"""The review page (`page`, `placement`, `html`, `thumbnails`) and `pressline check` (`check`)."""
