"""The council's own networks (CIVICGUARD_WORK_NETWORKS): drafting, approving and moderating can be limited to them
(St Helens 6.19: no personal devices on the council's social media profiles; the office network is how a council
tells its own devices from others).

The address is the request's REMOTE_ADDR. Behind a reverse proxy that is the proxy's address unless the proxy
passes the client's on (for example uWSGI or gunicorn's forwarded-allow-ips): set that up before turning this on.
"""

from __future__ import annotations

import ipaddress
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _parse(raw: str) -> tuple[Network, ...]:
    networks = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"CIVICGUARD_WORK_NETWORKS holds {part!r}, which is not a network: write "
                                       "CIDRs separated by commas, e.g. 10.0.0.0/8,192.0.2.0/24") from None
    return tuple(networks)


def work_networks() -> tuple[Network, ...]:
    """The council's networks; empty: no limit."""
    return _parse(str(getattr(settings, "CIVICGUARD_WORK_NETWORKS", "") or ""))


def outside(address: str | None) -> bool:
    """True when networks are set and `address` is in none of them. None (the command line, the demo, a task) is
    never outside; an address that cannot be read is (fail closed)."""
    networks = work_networks()
    if not networks or address is None:
        return False
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return True
    return not any(ip in n for n in networks if n.version == ip.version)


def address_of(request: Any) -> str:
    """The request's address, as the pages and the API pass it to the services."""
    return str(request.META.get("REMOTE_ADDR", "") or "")
