"""factsheets.per_worker.PerWorker: one resource per process and thread, closed on demand and at exit."""
import multiprocessing
import os
import threading

from jsnakit.factsheets.per_worker import PerWorker


class _Resource:
    made = 0

    def __init__(self, started=True):
        _Resource.made += 1
        self.pid = os.getpid()
        self.started = started
        self.closed = 0

    def close(self):
        self.closed += 1


def test_one_resource_per_thread_replaced_when_its_settings_change_and_closed_with_a_count():
    workers = PerWorker(lambda r: r.started)
    first = workers.get(_Resource)
    assert workers.get(_Resource) is first  # kept
    others = []
    thread = threading.Thread(target=lambda: others.append(workers.get(lambda: _Resource(started=False))))
    thread.start()
    thread.join()
    assert others[0] is not first
    assert workers.running() == 1  # this thread's started; the other thread's did not
    changed = workers.get(_Resource, settings=("other",))
    assert changed is not first and first.closed == 1  # made with other settings: closed, replaced
    assert workers.running() == 1
    assert workers.close() == 1  # the thread's resource never started
    assert changed.closed == 1 and others[0].closed == 1 and first.closed == 1
    assert workers.close() == 0 and workers.running() == 0  # forgotten once closed
    again = workers.get(_Resource, settings=("other",))
    assert again is changed and workers.close() == 1  # used again: registered again


def _in_child(workers, parent, queue):
    mine = workers.get(_Resource)
    queue.put((mine is not parent, mine.pid == os.getpid(), workers.close(), parent.closed))


def test_a_forked_process_makes_its_own_and_leaves_the_parents_alone():
    workers = PerWorker(lambda r: r.started)
    parent = workers.get(_Resource)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_in_child, args=(workers, parent, queue))
    child.start()
    answer = queue.get(timeout=30)
    child.join(timeout=30)
    assert answer == (True, True, 1, 0)  # its own resource, closed there; the parent's not closed in the child
    assert parent.closed == 0 and workers.close() == 1 and parent.closed == 1
