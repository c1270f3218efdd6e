"""Which e-mail domains are a company's: public mail providers and noreply addresses are "independent"."""

from __future__ import annotations

INDEPENDENT = "independent"

# Public mail providers: an address there says nothing about an employer.
PUBLIC_MAIL_DOMAINS: frozenset[str] = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.co.jp",
        "yahoo.fr",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.de",
        "gmx.net",
        "gmx.com",
        "web.de",
        "mail.ru",
        "yandex.ru",
        "yandex.com",
        "qq.com",
        "163.com",
        "126.com",
        "foxmail.com",
        "sina.com",
        "naver.com",
        "hey.com",
        "fastmail.com",
        "zoho.com",
        "tutanota.com",
        "posteo.de",
        "free.fr",
        "orange.fr",
        "t-online.de",
    }
)


def affiliation_of(domain: str) -> str:
    """The domain itself for a company address; INDEPENDENT for public providers, noreply and placeholder hosts."""
    d = domain.strip().lower()
    if d in PUBLIC_MAIL_DOMAINS or "noreply" in d or "no-reply" in d or "." not in d:
        return INDEPENDENT
    if d.endswith((".local", ".localdomain", "localhost", ".(none)")):
        return INDEPENDENT
    return d
