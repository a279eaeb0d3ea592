"""Writes a small MaxMind-format country database for the tests (with the mmdb-writer package): loopback and
documentation networks mapped to countries, so GeoIP lookups can be tested without a licensed database.

usage: make-test-geoip.py OUTPUT.mmdb"""
import sys

from mmdb_writer import MMDBWriter
from netaddr import IPSet

NETWORKS = {
    "FR": ["127.0.0.0/8", "::1/128"],
    "DE": ["192.0.2.0/24", "2001:db8::/32"],
    # A record with only registered_country (as for some anycast ranges).
    "registered:JP": ["198.51.100.0/24"],
}

writer = MMDBWriter(ip_version=6, database_type="GeoLite2-Country", ipv4_compatible=True)
for country, networks in NETWORKS.items():
    if country.startswith("registered:"):
        record = {"registered_country": {"iso_code": country.split(":")[1]}}
    else:
        record = {"country": {"iso_code": country, "names": {"en": country}}}
    writer.insert_network(IPSet(networks), record)
writer.to_db_file(sys.argv[1])
