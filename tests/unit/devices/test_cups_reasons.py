import pytest

from koffer.devices.errors import PaperJam, PaperOut, PrinterOffline
from koffer.devices.printer.cups import error_for_reasons


@pytest.mark.parametrize(
    ("reasons", "error"),
    [
        (["media-empty-error"], PaperOut),
        (["media-needed"], PaperOut),
        (["media-jam-error"], PaperJam),
        (["offline-report", "offline"], PrinterOffline),
        (["paused"], PrinterOffline),
    ],
)
def test_ipp_reasons_map_to_errors_a_clerk_can_act_on(
    reasons: list[str], error: type[Exception]
) -> None:
    assert isinstance(error_for_reasons(reasons, ""), error)


def test_harmless_reasons_are_not_errors() -> None:
    assert error_for_reasons(["none"], "") is None
    assert error_for_reasons(["offline-report"], "") is None
