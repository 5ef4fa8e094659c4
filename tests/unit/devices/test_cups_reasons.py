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


def test_kit_check_details_name_low_supplies_and_marker_levels() -> None:
    from koffer.devices.printer.cups import _supplies

    attrs = {
        "printer-state-reasons": ["media-low-warning", "none"],
        "marker-names": ["Black Toner", "Drum"],
        "marker-levels": [45, -1],  # -1: the printer does not know
    }
    assert _supplies(attrs) == ["media-low", "Black Toner: 45%"]
    assert _supplies({"marker-names": "Black", "marker-levels": 80}) == ["Black: 80%"]
    assert _supplies({}) == []
