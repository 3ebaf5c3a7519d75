"""Two-factor login: an authenticator app (TOTP) with single-use backup codes (docs/two-factor.md)."""
