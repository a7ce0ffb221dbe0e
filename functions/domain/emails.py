"""Email addresses: parsed once where they enter, and the key a mailbox counts under.

`parse_address` is the one door every address comes through (forms, every step of the survey
journey, the admin CLI): built on `email-validator`, a maintained implementation of the RFCs
that knows what we must refuse. It accepts exactly one mailbox: no display name (`Evil Corp
<spam@evil.example>`), no list, no quoted or obsolete local parts (`sock:me@...`), no control
characters (header injection), no IP-literal domains. Internationalised domains are kept in
their ASCII (IDNA) form, which every mail system delivers to. A non-ASCII local part
(`josé@...`) is refused with its own message: delivering it needs SMTPUTF8 end to end, which
SES's SendRawEmail does not promise for the local part, and a mangled `To` loses the mail.

`Ada@Example.org`, `a.da+x@gmail.com` and `ada@googlemail.com` reach the same mailbox, so they
count once. Only what a provider documents is folded: case everywhere (no mainstream provider
treats case as different mailboxes), `+tags` where the provider documents sub-addressing, and
dots in the local part only at Gmail, which says they are ignored
(https://support.google.com/mail/answer/7436150). The address as typed is kept for mailing.

Throwaway domains come from the `disposable-email-domains` package (a maintained list,
refreshed with the dependency); staff allow a domain the list has wrong through config.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from functions.i18n import N_

NOT_AN_ADDRESS = N_("Must be an email address, like name@example.org.")
NOT_ASCII = N_(
    "Use an address whose part before the @ has only Latin letters, digits and . _ - +: we "
    "cannot deliver mail to other addresses."
)
THROWAWAY = N_(
    "Addresses of throwaway mail services cannot be used here. Please use an address you keep."
)
MAX_LENGTH = 254  # RFC 5321's limit on a path, less its angle brackets
MAX_LOCAL_LENGTH = 64  # RFC 5321, 4.5.3.1.1: servers may refuse longer

# Providers that document `local+tag@domain` as the same mailbox.
PLUS_TAG_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "me.com",
        "fastmail.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "yandex.ru",
        "yandex.com",
        "posteo.de",
        "mailbox.org",
        "gmx.de",
        "gmx.net",
        "web.de",
    }
)
DOT_BLIND_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(".")


def normalise(address: str) -> str:
    """The mailbox an address reaches, as far as its provider documents: the uniqueness key."""
    local, _, domain = address.strip().rpartition("@")
    domain = domain.lower().rstrip(".")
    local = local.lower()
    if domain in PLUS_TAG_DOMAINS:
        local = local.split("+", 1)[0]
    if domain in DOT_BLIND_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{DOMAIN_ALIASES.get(domain, domain)}"


@functools.cache
def _blocklist() -> frozenset[str]:
    from disposable_email_domains import blocklist

    return frozenset(blocklist)


def is_disposable(address: str, allowed: frozenset[str] = frozenset()) -> bool:
    """Whether the address's domain (or a domain above it) is a throwaway-mail service."""
    domain = domain_of(address)
    if domain in allowed:
        return False
    parts = domain.split(".")
    blocked = _blocklist()
    return any(".".join(parts[index:]) in blocked for index in range(len(parts) - 1))


class AddressInvalid(ValueError):
    """Not one deliverable mailbox; `message` is a msgid that says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Address:
    """One mailbox, parsed: where mail goes and the key it counts under."""

    mailbox: str  # ASCII, domain lowercased (IDNA): the To of every mail, what is stored
    key: str  # the mailbox as its provider reads it (normalise): uniqueness, erasure, limits

    @property
    def domain(self) -> str:
        return self.mailbox.rpartition("@")[2]


def parse_address(text: object, allowed: frozenset[str] | None = frozenset()) -> Address:
    """The one mailbox `text` names, or AddressInvalid. `allowed` lists the domains staff
    allow although the throwaway list names them; None skips the throwaway check (staff
    tools: an erasure request must find any address)."""
    if not isinstance(text, str):
        raise AddressInvalid(NOT_AN_ADDRESS)
    typed = text.strip()
    if not typed or len(typed) > MAX_LENGTH or not typed.isprintable():
        raise AddressInvalid(NOT_AN_ADDRESS)
    try:
        parsed = validate_email(
            typed,
            check_deliverability=False,  # no DNS on the request path; bounces suppress
            allow_smtputf8=False,
            allow_quoted_local=False,
            allow_domain_literal=False,
            allow_display_name=False,
        )
    except EmailNotValidError as exc:
        local = typed.rpartition("@")[0]
        if local and not local.isascii() and typed.count("@") == 1 and local.isprintable():
            raise AddressInvalid(NOT_ASCII) from exc
        raise AddressInvalid(NOT_AN_ADDRESS) from exc
    mailbox = f"{parsed.ascii_local_part}@{parsed.ascii_domain.lower()}"
    if len(mailbox) > MAX_LENGTH or len(parsed.ascii_local_part) > MAX_LOCAL_LENGTH:
        raise AddressInvalid(NOT_AN_ADDRESS)
    address = Address(mailbox=mailbox, key=normalise(mailbox))
    if allowed is not None and is_disposable(mailbox, allowed):
        raise AddressInvalid(THROWAWAY)
    return address


def mailbox_key(text: str) -> str | None:
    """The key of a stored or typed address, None when it is not one mailbox (staff tools and
    the mail worker compare addresses by it)."""
    try:
        return parse_address(text, allowed=None).key
    except AddressInvalid:
        return None
