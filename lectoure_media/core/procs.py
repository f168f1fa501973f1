"""Stopping a worker process for good (shared by the probe pool and the export batch)."""
from __future__ import annotations


def stop_worker(proc, conn, join_timeout: float) -> None:
    """Kill `proc` if it still runs, reap it, and close its pipe and handle; never raises for a worker
    that is already gone. A process still alive after kill + join is left for the OS to reap."""
    if proc.is_alive():
        proc.kill()
    proc.join(join_timeout)
    try:
        conn.close()
    except OSError:
        pass
    try:
        proc.close()
    except ValueError:
        pass
