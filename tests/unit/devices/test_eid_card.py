"""The virtual ID card at APDU level: PACE and secure messaging against the ICAO worked
example, status words of DOMAIN.md §3, and rule 13 at the level of the bytes."""

from __future__ import annotations

import pytest

from koffer.devices.change_terminal import pace
from koffer.devices.change_terminal.address import PlaceOfResidence, decode_dg17, encode_dg17
from koffer.devices.change_terminal.apdu import CommandApdu
from koffer.devices.change_terminal.card import (
    CARD_ACCESS,
    EF_DG17,
    EF_DG18,
    EID_AID,
    VirtualIdCard,
)
from koffer.devices.change_terminal.eid import EidSession
from koffer.devices.change_terminal.interface import ApduResponse
from koffer.devices.change_terminal.pace import PasswordKind
from koffer.devices.change_terminal.secure_messaging import SecureMessaging
from koffer.devices.change_terminal.sim import SimChangeTerminal
from koffer.devices.change_terminal.terminal_auth import TerminalCredential, TerminalRight
from koffer.devices.change_terminal.terminal_pace import mse_set_at

H = bytes.fromhex

# ICAO Doc 9303 Part 11, Appendix G.1: PACE ECDH generic mapping, brainpoolP256r1, AES-128.
G1_K = H("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD")
G1_K_PI = H("89DED1B26624EC1E634C1989302849DD")
G1_Z = H("95A3A016522EE98D01E76CB6B98B42C3")
G1_S = H("3F00C4D39D153F2B2A214A078D899B22")
G1_SK_MAP_IFD = 0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99
G1_PK_MAP_IFD = H(
    "047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
    "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D"
)
G1_PK_MAP_IC = H(
    "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
    "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54"
)
G1_G_HAT = H(
    "048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
    "8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522"
)
G1_SK_DH_IFD = 0xA73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595
G1_PK_DH_IFD = H(
    "042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
    "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462"
)
G1_PK_DH_IC = H(
    "049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
    "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094"
)
G1_SHARED = H("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925")
G1_KS_ENC = H("F5F0E35C0D7161EE6724EE513A0D9A7F")
G1_KS_MAC = H("FE251C7858B356B24514B3BD5F4297D1")


def test_pace_key_derivation_and_nonce_match_icao_example() -> None:
    assert pace.kdf(G1_K, pace.KDF_PI) == G1_K_PI
    assert pace.aes_cbc_decrypt(G1_K_PI, bytes(16), G1_Z) == G1_S
    assert pace.aes_cbc_encrypt(G1_K_PI, bytes(16), G1_S) == G1_Z


def test_generic_mapping_and_key_agreement_match_icao_example() -> None:
    assert pace.encode_point(pace.multiply(pace.generator(), G1_SK_MAP_IFD)) == G1_PK_MAP_IFD
    shared = pace.multiply(pace.decode_point(G1_PK_MAP_IC), G1_SK_MAP_IFD)
    mapped = pace.map_generator(G1_S, shared)
    assert pace.encode_point(mapped) == G1_G_HAT
    assert pace.encode_point(pace.multiply(mapped, G1_SK_DH_IFD)) == G1_PK_DH_IFD
    secret = pace.shared_secret(pace.decode_point(G1_PK_DH_IC), G1_SK_DH_IFD)
    assert secret == G1_SHARED
    assert pace.session_keys(secret) == (G1_KS_ENC, G1_KS_MAC)
    assert pace.authentication_token(G1_KS_MAC, G1_PK_DH_IC) == H("C2B0BD78D94BA866")
    assert pace.authentication_token(G1_KS_MAC, G1_PK_DH_IFD) == H("3ABB9674BCE93C08")


def test_secure_messaging_matches_icao_example() -> None:
    terminal = SecureMessaging(G1_KS_ENC, G1_KS_MAC)
    select = CommandApdu(0x00, 0xA4, 0x04, 0x0C, H("A0000002471001"))
    assert terminal.protect_command(select) == H(
        "0CA4040C1D871101752F676B09FAC86A87D632749A49C7CC8E08C18BA1FCE707BD9F00"
    )
    answer = terminal.unprotect_response(ApduResponse(H("990290008E08BEA7B381C494A079"), 0x9000))
    assert answer == ApduResponse(b"", 0x9000)
    # The card side of the same exchange.
    card = SecureMessaging(G1_KS_ENC, G1_KS_MAC)
    protected = CommandApdu.parse(
        H("0CA4040C1D871101752F676B09FAC86A87D632749A49C7CC8E08C18BA1FCE707BD9F00")
    )
    assert card.unprotect_command(protected) == CommandApdu(
        0x00, 0xA4, 0x04, 0x0C, H("A0000002471001")
    )
    assert card.protect_response(ApduResponse(b"", 0x9000)).data == H(
        "990290008E08BEA7B381C494A079"
    )


def test_point_off_the_curve_is_refused() -> None:
    bad = bytearray(G1_PK_DH_IC)
    bad[-1] ^= 1
    with pytest.raises(ValueError, match="not on"):
        pace.decode_point(bytes(bad))


# ---------------------------------------------------------------------- the card itself


def _powered(card: VirtualIdCard) -> SimChangeTerminal:
    terminal = SimChangeTerminal()
    terminal.insert(card)
    terminal.connect()
    return terminal


def _session(card: VirtualIdCard) -> EidSession:
    terminal = SimChangeTerminal()
    terminal.insert(card)
    session = EidSession(terminal)
    session.open()
    return session


def test_card_access_is_readable_without_pace_and_announces_pace_v2() -> None:
    terminal = _powered(VirtualIdCard())
    assert terminal.transmit(bytes([0, 0xA4, 4, 0x0C, len(EID_AID)]) + EID_AID).sw == 0x9000
    response = terminal.transmit(H("00B09C0000"))
    assert response == ApduResponse(CARD_ACCESS, 0x9000)
    assert H("04007F00070202040202") in response.data  # id-PACE-ECDH-GM-AES-CBC-CMAC-128
    assert response.data.endswith(H("02010202010D"))  # version 2, brainpoolP256r1


def test_data_groups_and_card_security_need_secure_messaging() -> None:
    terminal = _powered(VirtualIdCard())
    terminal.transmit(bytes([0, 0xA4, 4, 0x0C, len(EID_AID)]) + EID_AID)
    assert terminal.transmit(H("00B0910000")).sw == 0x6982  # DG17 by SFI 11
    assert terminal.transmit(H("00B0920000")).sw == 0x6982  # DG18 by SFI 12
    assert terminal.transmit(H("00B09D0000")).sw == 0x6982  # EF.CardSecurity
    assert terminal.transmit(H("0CB0910000")).sw == 0x6988  # SM without a channel


def test_card_security_needs_pace_and_terminal_authentication() -> None:
    card = VirtualIdCard()
    session = _session(card)
    session.pace(PasswordKind.CAN, card.can)
    assert session.transmit(CommandApdu(0, 0xB0, 0x9D, 0, le=0)).sw == 0x6982
    session.authenticate_terminal(TerminalCredential.training())
    card_security = session.transmit(CommandApdu(0, 0xB0, 0x9D, 0, le=0))
    assert card_security.sw == 0x9000
    assert card_security.data == card.files[0x011D]
    assert H("2A864886F70D010702") in card_security.data  # signedData


def test_wrong_can_is_6300_and_leaves_no_channel() -> None:
    card = VirtualIdCard(can="654321")
    session = _session(card)
    response = session.transmit(mse_set_at(PasswordKind.CAN))
    assert response.sw == 0x9000
    from koffer.devices.change_terminal.terminal_pace import PaceRefused, authenticate

    with pytest.raises(PaceRefused) as refused:
        authenticate(session.transmit, "123456")
    assert refused.value.sw == 0x6300
    assert not card.secure_messaging_active


def test_tampered_mac_ends_secure_messaging_with_6988() -> None:
    card = VirtualIdCard()
    session = _session(card)
    session.pace(PasswordKind.CAN, card.can)
    assert card.secure_messaging_active
    protected = bytearray(
        SecureMessaging(b"\x00" * 16, b"\x00" * 16).protect_command(CommandApdu(0, 0xB0, 0x91, 0))
    )
    response = session.terminal.transmit(bytes(protected))
    assert response.sw == 0x6988
    assert not card.secure_messaging_active


def test_dg17_read_under_secure_messaging_is_encrypted_on_the_wire() -> None:
    card = VirtualIdCard(residence=PlaceOfResidence("Am Markt 1", "Hürth", "50354"))
    session = _session(card)
    session.pace(PasswordKind.CAN, card.can)
    session.authenticate_terminal(TerminalCredential.training())
    wire: list[ApduResponse] = []
    original = session.terminal.transmit

    def spy(apdu: bytes) -> ApduResponse:
        response = original(apdu)
        wire.append(response)
        return response

    session.terminal.transmit = spy  # type: ignore[method-assign]
    plain = session.transmit(CommandApdu(0, 0xB0, 0x91, 0, le=0))
    assert plain.sw == 0x9000
    assert decode_dg17(plain.data) == PlaceOfResidence("Am Markt 1", "Hürth", "50354")
    assert "Hürth".encode() not in wire[0].data
    assert wire[0].data.startswith(b"\x87")
    assert H("99029000") in wire[0].data


def test_mse_set_at_reports_the_pin_retry_counter() -> None:
    for retries, sw in ((3, 0x9000), (2, 0x63C2), (1, 0x63C1), (0, 0x63C0)):
        session = _session(VirtualIdCard(pin_retries=retries))
        assert session.transmit(mse_set_at(PasswordKind.PIN)).sw == sw


def test_blocked_pin_refuses_general_authenticate_with_6983() -> None:
    session = _session(VirtualIdCard(pin_retries=0))
    session.transmit(mse_set_at(PasswordKind.PIN))
    assert session.transmit(CommandApdu(0x10, 0x86, 0, 0, H("7C00"), 0)).sw == 0x6983


def test_rule_13_suspended_pin_refuses_pace_without_can_6985() -> None:
    session = _session(VirtualIdCard(pin_retries=1))
    assert session.transmit(mse_set_at(PasswordKind.PIN)).sw == 0x63C1
    assert session.transmit(CommandApdu(0x10, 0x86, 0, 0, H("7C00"), 0)).sw == 0x6985


def test_deactivated_eid_answers_6283_to_pin_pace() -> None:
    session = _session(VirtualIdCard(eid_active=False))
    assert session.transmit(mse_set_at(PasswordKind.PIN)).sw == 0x6283


def test_terminal_authentication_needs_the_trusted_key() -> None:
    card = VirtualIdCard()
    session = _session(card)
    session.pace(PasswordKind.CAN, card.can)
    impostor = TerminalCredential(
        TerminalCredential.training().name,
        TerminalCredential.generate("x", TerminalRight.NONE).private_key,
        TerminalRight.change_terminal(),
    )
    name = impostor.name.encode()
    mse = CommandApdu(0, 0x22, 0x81, 0xA4, bytes([0x83, len(name)]) + name + H("7F4C0353010F"))
    assert session.transmit(mse).sw == 0x9000
    challenge = session.transmit(CommandApdu(0, 0x84, 0, 0, le=8))
    assert challenge.sw == 0x9000
    assert len(challenge.data) == 8
    signature = impostor.sign(b"anything")
    assert session.transmit(CommandApdu(0, 0x82, 0, 0, signature)).sw == 0x6300
    assert card.granted_rights == TerminalRight.NONE


def test_unknown_terminal_is_6a88() -> None:
    card = VirtualIdCard()
    session = _session(card)
    session.pace(PasswordKind.CAN, card.can)
    mse = CommandApdu(0, 0x22, 0x81, 0xA4, H("8303414243") + H("7F4C0353010F"))
    assert session.transmit(mse).sw == 0x6A88


def test_rule_13_update_binary_dg17_without_terminal_authentication_is_6982() -> None:
    card = VirtualIdCard()
    before = card.files[EF_DG17]
    session = _session(card)
    session.pace(PasswordKind.CAN, card.can)
    new = encode_dg17(PlaceOfResidence("Neuweg 2", "Bonn", "53111"))
    assert session.transmit(CommandApdu(0, 0xD6, 0x91, 0, new)).sw == 0x6982
    assert session.transmit(CommandApdu(0, 0xD6, 0x92, 0, H("7209040702760503140000"))).sw == (
        0x6982
    )
    assert card.files[EF_DG17] == before


def test_rule_13_update_binary_dg18_with_dg17_right_only_is_6982() -> None:
    card = VirtualIdCard()
    before = card.files[EF_DG18]
    session = _session(card)
    session.pace(PasswordKind.CAN, card.can)
    rights = TerminalRight.WRITE_DG17 | TerminalRight.CAN_ALLOWED
    session.authenticate_terminal(TerminalCredential.training(rights))
    assert card.granted_rights == rights
    new_dg18 = H("7209040702760503140000")
    assert session.transmit(CommandApdu(0, 0xD6, 0x92, 0, new_dg18)).sw == 0x6982
    assert card.files[EF_DG18] == before
    new_dg17 = encode_dg17(PlaceOfResidence("Neuweg 2", "Bonn", "53111"))
    assert session.transmit(CommandApdu(0, 0xD6, 0x91, 0, new_dg17)).sw == 0x9000
    assert card.files[EF_DG17] == new_dg17


def test_puk_reset_apdu_needs_pace_with_the_puk() -> None:
    card = VirtualIdCard(pin_retries=0)
    session = _session(card)
    session.pace(PasswordKind.CAN, card.can)
    assert session.transmit(CommandApdu(0, 0x2C, 0x03, 0x03)).sw == 0x6982
    session.pace(PasswordKind.PUK, card.puk)
    assert session.transmit(CommandApdu(0, 0x2C, 0x03, 0x03)).sw == 0x9000
    assert (card.pin_retries, card.puk_uses_left) == (3, 9)


def test_power_cycle_ends_the_session() -> None:
    card = VirtualIdCard()
    session = _session(card)
    session.pace(PasswordKind.CAN, card.can)
    session.close()
    assert not card.secure_messaging_active
    session.terminal.connect()
    assert session.terminal.transmit(H("0CB0910000")).sw == 0x6988
