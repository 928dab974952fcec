"""Checks on HTTP requests: which Host headers the server answers.

The checks on a query's text (form, ``SERVICE``) live in :mod:`kg.sparql_text`,
shared with the local store.
"""

from __future__ import annotations


def host_name(host_header: str) -> str:
    """The host part of a ``Host`` header, lower-cased, without the port.

    Example:
        >>> host_name("LocalHost:8000"), host_name("[::1]:80"), host_name("127.0.0.1")
        ('localhost', '[::1]', '127.0.0.1')
    """
    value = host_header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[: end + 1] if end > 0 else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


#: Host names always accepted (loopback).
LOOPBACK_HOSTS: frozenset[str] = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


def allowed_hosts(bound_host: str, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The Host header names the server answers: loopback, the bound host, and ``extra``.

    A ``*`` in ``extra`` disables the check (for a server behind a trusted proxy).

    Example:
        >>> sorted(allowed_hosts("0.0.0.0", ("kg.example.org",)))[:2]
        ['0.0.0.0', '127.0.0.1']
    """
    names = {bound_host.lower(), *(h.lower() for h in extra)}
    if ":" in bound_host and not bound_host.startswith("["):
        names.add(f"[{bound_host.lower()}]")
    return frozenset(LOOPBACK_HOSTS | names)
