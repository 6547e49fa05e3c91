"""baton.request_threads: a request's sync code runs on a thread kept from earlier requests, and
a thread is lent again only once the work left on it by an abandoned request has ended."""

from __future__ import annotations

import threading
import time

from baton.request_threads import RequestExecutor, RequestThreads


def thread_of(executor: RequestExecutor) -> int:
    return executor.submit(threading.get_ident).result(timeout=10)


def test_requests_one_after_another_run_on_the_same_kept_thread() -> None:
    threads = RequestThreads()
    seen = set()
    for _ in range(20):
        request = RequestExecutor(threads)
        seen.add(thread_of(request))
        seen.add(thread_of(request))  # every call of one request: the same thread
        request.let_go()
    assert len(seen) == 1


def test_a_thread_still_running_an_abandoned_view_is_not_lent_until_it_ends() -> None:
    threads = RequestThreads()
    abandoned = RequestExecutor(threads)
    release = threading.Event()
    busy_on = thread_of(abandoned)
    still_running = abandoned.submit(release.wait, 10)
    abandoned.let_go()  # the client went away; its view runs on

    meanwhile = RequestExecutor(threads)
    assert thread_of(meanwhile) != busy_on  # not queued behind the abandoned view
    meanwhile.let_go()

    release.set()
    still_running.result(timeout=10)
    deadline = time.monotonic() + 10
    while len(threads.idle) < 2:
        assert time.monotonic() < deadline, "the finished thread never came back"
        time.sleep(0.01)
    assert busy_on in kept(threads)  # back in the pool once its work ended


def test_threads_idle_beyond_the_limit_are_ended() -> None:
    threads = RequestThreads(keep=2)
    requests = [RequestExecutor(threads) for _ in range(5)]
    idents = {thread_of(request) for request in requests}  # five at once: five threads
    assert len(idents) == 5
    for request in requests:
        request.let_go()
    assert len(threads.idle) == 2
    deadline = time.monotonic() + 10
    while any(t.ident in idents for t in threading.enumerate() if t.ident not in kept(threads)):
        assert time.monotonic() < deadline, "the threads beyond the limit kept running"
        time.sleep(0.01)


def kept(threads: RequestThreads) -> set[int]:
    return {thread.submit(threading.get_ident).result() for thread in threads.idle}
