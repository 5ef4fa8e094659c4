"""Signature pad for the citizen's signature.

Two backends share the :class:`~koffer.devices.signature_pad.interface.SignaturePad`
interface: ``sim.SimSignaturePad`` (synthetic pen strokes, fault knobs) and
``ui_events.UiEventSignaturePad``, the real pad. The real pad is a USB HID pen tablet (or a
touch screen) whose pen events Qt delivers to the UI's signing widget; the widget passes them
on in pad units (``pen_down`` / ``pen_move`` / ``pen_up``, ``confirm``, ``cancel``) and the
device class collects the strokes while the workflow's worker waits in ``capture``. See the
``ui_events`` module and docs/devices.md.
"""
