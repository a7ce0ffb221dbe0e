"""Email addresses as a person, not as a string: the key an address counts under.

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
