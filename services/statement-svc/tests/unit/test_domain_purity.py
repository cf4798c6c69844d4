"""The domain stays pure: no I/O libraries, no reading of the clock (``now`` is an argument)."""

import remit_statement.domain as domain
from remit_common.testing import clock_reads, io_imports


def test_domain_modules_import_no_io_libraries():
    assert io_imports(domain) == []


def test_domain_modules_never_read_the_clock():
    assert clock_reads(domain) == []
