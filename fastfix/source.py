"""Reading and re-encoding source files so that everything fastfix does not rewrite stays byte-identical.

The text handed to the parser is normalised (no BOM, LF line endings, a final newline) and
`SourceFile.encode` restores each of those on the way out.
"""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass

from fastfix.errors import FastfixError


@dataclass(frozen=True)
class SourceFile:
    path: str
    encoding: str
    crlf: bool
    final_newline: bool
    text: str  # normalised: LF endings, always ends with "\n" unless empty

    @classmethod
    def decode(cls, data: bytes, path: str) -> SourceFile:
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        except SyntaxError as exc:
            encoding = "utf-8"  # an undecodable first line, or a bad cookie: say which
            cookie_error = exc
        else:
            cookie_error = None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            byte = data[exc.start : exc.start + 1].hex()
            raise FastfixError(f"not valid {encoding}: byte 0x{byte} ({exc.reason})", path, line) from None
        if cookie_error is not None:
            raise FastfixError(f"bad encoding declaration: {cookie_error}", path, cookie_error.lineno or 1)
        if encoding == "utf-8-sig" and text.startswith("\ufeff"):
            text = text[1:]
        # Only a file that uses CRLF throughout is normalised; a mixed file keeps its bytes and
        # new lines in it get LF.
        crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
        if crlf:
            text = text.replace("\r\n", "\n")
        final_newline = text.endswith("\n") or not text
        if not final_newline:
            text += "\n"
        return cls(path, encoding, crlf, final_newline, text)

    def encode(self, text: str) -> bytes:
        if not self.final_newline and text.endswith("\n"):
            text = text[:-1]
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return text.encode(self.encoding)

    def original(self) -> str:
        """The decoded text with the file's own line endings, for diffs."""
        return self.encode(self.text).decode(self.encoding).lstrip("\ufeff")
