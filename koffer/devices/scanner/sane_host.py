"""The SANE scanner host: a child process that alone loads libsane and talks to the scanner.

Scanner drivers run inside the process that loads them, and they are not all well behaved:
libsane sets SIGPIPE back to its default (after which a dropped network connection would
end the clerk's app), a backend may crash, and the test backend's reader thread can
deadlock when a scan is cancelled. So :class:`~koffer.devices.scanner.sane.SaneScanner`
runs this module as a child (``python -m koffer.devices.scanner.sane_host``) and talks to it
over its standard input and output; a child that hangs or dies is killed and replaced, and
the clerk gets an error to act on instead of a frozen or vanished app.

Protocol, both ways: a 4-byte big-endian length, a JSON header of that length, then the
header's ``payload`` bytes if it names any. Requests: ``{"op": "devices"}``,
``{"op": "probe", "device": NAME}``, ``{"op": "scan", "device": NAME, "source": "flatbed"
| "feeder", "dpi": N, "options": {...}, "max_pages": N}``. Answers: one ``{"kind": "page",
"number": N, "shape": [h, w, 3]}`` per scanned page with its BGR bytes as payload, then
``{"kind": "done", "result": ...}``, or ``{"kind": "error", "status": TEXT}`` for a SANE
status and ``{"kind": "unavailable", "detail": TEXT}`` when the device cannot be used.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

_LENGTH = struct.Struct(">I")
NO_DOCS = "out of documents"  # sane_strstatus(SANE_STATUS_NO_DOCS)


class Unavailable(Exception):
    """The device cannot be used (none found, not openable, no such source)."""


class _Reported(Exception):
    """The error has been sent to the kit; the host cleans up and ends."""


def write_message(stream: BinaryIO, header: dict[str, Any], payload: bytes = b"") -> None:
    """Write one framed message (the header names the payload's length)."""
    if payload:
        header = {**header, "payload": len(payload)}
    data = json.dumps(header).encode()
    stream.write(_LENGTH.pack(len(data)) + data)
    if payload:
        stream.write(payload)
    stream.flush()


def read_exactly(stream: BinaryIO, size: int) -> bytes:
    """Read ``size`` bytes; raise EOFError when the other side has gone."""
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def read_message(stream: BinaryIO) -> tuple[dict[str, Any], bytes]:
    """Read one framed message: its header and payload."""
    (length,) = _LENGTH.unpack(read_exactly(stream, _LENGTH.size))
    header = json.loads(read_exactly(stream, length))
    payload = read_exactly(stream, int(header.get("payload", 0)))
    return header, payload


# --- the child ---------------------------------------------------------------------------


def _open(sane: Any, name: str) -> Any:
    try:
        return sane.open(name)
    except (sane._sane.error, RuntimeError) as exc:
        raise Unavailable(f"SANE {name}: {exc}") from exc


def _choose_source(handle: Any, source: str) -> None:
    if "source" not in handle.opt:
        return
    choices = [str(c) for c in handle.opt["source"].constraint or []]
    wanted = ("flatbed",) if source == "flatbed" else ("feeder", "adf")
    for choice in choices:
        if any(word in choice.lower() for word in wanted):
            handle.source = choice
            return
    raise Unavailable(f"scanner has no {source} ({', '.join(choices)})")


def _bgr(image: Any) -> tuple[list[int], bytes]:
    import numpy as np

    rgb = np.asarray(image.convert("RGB"), np.uint8)
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    return list(bgr.shape), bgr.tobytes()


def _scan(sane: Any, request: dict[str, Any], send: Callable[..., None]) -> int:
    """Scan as asked, sending each page as it comes; return the number of pages."""
    handle = _open(sane, request["device"])
    pages = 0
    feeder = request["source"] == "feeder"
    try:
        _choose_source(handle, request["source"])
        handle.mode = "Color"
        handle.resolution = int(request["dpi"])
        for name, value in request.get("options", {}).items():
            setattr(handle, name, value)
        while pages < (int(request.get("max_pages", 50)) if feeder else 1):
            handle.start()
            # no_cancel: the error (if any) reaches the kit before the driver is cancelled.
            shape, data = _bgr(handle.snap(no_cancel=True))
            pages += 1
            send({"kind": "page", "number": pages, "shape": shape}, data)
    except sane._sane.error as exc:
        if not (feeder and pages and NO_DOCS in str(exc).lower()):
            # Sent before cancelling: a driver that hangs in its cancel (the test backend's
            # reader thread can) must not keep the kit from learning what went wrong.
            send({"kind": "error", "status": str(exc)})
            raise _Reported from exc
    except Unavailable as exc:
        send({"kind": "unavailable", "detail": str(exc)})
        raise _Reported from exc
    finally:
        handle.cancel()
        handle.close()
    return pages


def _answers(sane: Any, request: dict[str, Any], send: Callable[..., None]) -> Iterator[Any]:
    op = request.get("op")
    if op == "devices":
        yield [str(device[0]) for device in sane.get_devices()]
    elif op == "probe":
        _open(sane, request["device"]).close()
        yield True
    elif op == "scan":
        yield _scan(sane, request, send)
    else:
        raise Unavailable(f"unknown request {op!r}")


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer requests until the kit closes the pipe; an error ends the host."""
    import sane

    sane.init()

    def send(header: dict[str, Any], payload: bytes = b"") -> None:
        write_message(answers, header, payload)

    while True:
        try:
            request, _payload = read_message(requests)
        except EOFError:
            return
        try:
            for result in _answers(sane, request, send):
                send({"kind": "done", "result": result})
        except _Reported:
            return
        except Unavailable as exc:
            send({"kind": "unavailable", "detail": str(exc)})
            return
        except sane._sane.error as exc:
            send({"kind": "error", "status": str(exc)})
            return


def main() -> None:
    """Serve on stdin/stdout; anything a driver prints goes to stderr instead."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
