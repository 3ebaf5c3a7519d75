"""The otpauth:// address of an authenticator app, drawn as inline SVG here: nothing is fetched from elsewhere."""

import base64
from binascii import unhexlify

import segno
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice


def secret_text(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed in: base32, in groups of four."""
    text = base64.b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    # segno writes the SVG itself (no user text in it but the escaped address), without a style attribute,
    # so the strict Content-Security-Policy lets it draw.
    code = segno.make(device.config_url, error="m")
    title = str(_("QR code for the authenticator app"))
    svg = code.svg_inline(scale=4, border=4, dark="#111", light="#fff", title=title)
    return mark_safe(svg)  # noqa: S308 - segno's own markup
