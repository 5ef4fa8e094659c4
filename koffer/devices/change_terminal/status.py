"""Status words of the eID card (ISO 7816-4 and TR-03110 Part 3), as DOMAIN.md §3 lists them."""

from __future__ import annotations

SW_OK = 0x9000
SW_DEACTIVATED = 0x6283  # warning: the eID function is deactivated
SW_AUTHENTICATION_FAILED = 0x6300
SW_RETRIES_BASE = 0x63C0  # 63CX: X tries left; 63C1 suspended (CAN first); 63C0 blocked
SW_WRONG_LENGTH = 0x6700
SW_LAST_COMMAND_EXPECTED = 0x6883  # a command chain was broken off by another command
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_BLOCKED = 0x6983
SW_REFERENCE_DATA_UNUSABLE = 0x6984
SW_CONDITIONS_NOT_SATISFIED = 0x6985
SW_SM_DATA_MISSING = 0x6987
SW_SM_DATA_WRONG = 0x6988
SW_WRONG_DATA = 0x6A80
SW_FILE_NOT_FOUND = 0x6A82
SW_INCORRECT_P1P2 = 0x6A86
SW_REFERENCE_NOT_FOUND = 0x6A88
SW_WRONG_P1P2 = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00


def retries(sw: int) -> int | None:
    """X of a 63CX status word, or None for any other status word."""
    if sw & 0xFFF0 == SW_RETRIES_BASE:
        return sw & 0x0F
    return None
