"""Shared pytest fixture for the NTP engine interop tests."""

from __future__ import annotations

import pytest

from ntp_lab import Lab


@pytest.fixture
def started():
    """Starts ntp-lab / chronyd instances and stops them after the test; an
    engine that does not exit 0 on SIGTERM fails the test."""
    processes = []

    def start(process):
        processes.append(process)
        return process.start()

    yield start
    failures = []
    for process in reversed(processes):
        if isinstance(process, Lab) and process.alive():
            code = process.stop()
            if code != 0:
                failures.append(f"{process.name} exited with {code}\n{process.log()}")
        else:
            process.stop()
    assert not failures, "\n".join(failures)
