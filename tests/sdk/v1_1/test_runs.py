"""client.runs: streaming, polling, waiting, replies, cancel, listing, and the keepalives
that hold a quiet stream open past a client's read timeout."""

import threading
import time

from m8tes import M8tes
from m8tes.streaming import DoneEvent, TextDeltaEvent


def test_a_streamed_run_ends_with_its_text(client, mate):
    with client.runs.create(message="Check my inbox", teammate_id=mate.id) as stream:
        events = list(stream)
    assert any(isinstance(event, TextDeltaEvent) for event in events)
    assert isinstance(events[-1], DoneEvent)
    assert stream.text.strip()


def test_stream_text_yields_only_text(client, mate):
    chunks = list(client.runs.stream_text(message="Say hello", teammate_id=mate.id))
    assert chunks and all(isinstance(chunk, str) for chunk in chunks)


def test_create_without_streaming_then_poll(client, mate):
    run = client.runs.create(message="Check my inbox", teammate_id=mate.id, stream=False)
    assert run.status == "running" and run.teammate_id == mate.id
    done = client.runs.poll(run.id, interval=0.1, timeout=20)
    assert done.status == "completed" and done.output


def test_create_and_wait_and_reply_and_wait(client, mate):
    run = client.runs.create_and_wait(
        message="Check my inbox", teammate_id=mate.id, poll_interval=0.1, poll_timeout=20
    )
    assert run.status == "completed"
    replied = client.runs.reply_and_wait(
        run.id, message="Thanks, and again", poll_interval=0.1, poll_timeout=20
    )
    assert replied.status == "completed" and replied.output


def test_a_streamed_reply(client, mate):
    run = client.runs.create_and_wait(
        message="Say hello", teammate_id=mate.id, poll_interval=0.1, poll_timeout=20
    )
    with client.runs.reply(run.id, message="And once more") as stream:
        events = list(stream)
    assert isinstance(events[-1], DoneEvent) and stream.text


def test_cancel_a_running_run(client, mate):
    run = client.runs.create(
        message="Check my inbox simulate:slow", teammate_id=mate.id, stream=False
    )
    cancelled = client.runs.cancel(run.id)
    assert cancelled.status == "cancelled"
    assert client.runs.get(run.id).status == "cancelled"


def test_a_failing_run_is_failed(client, mate):
    run = client.runs.create_and_wait(
        message="simulate:failure", teammate_id=mate.id, poll_interval=0.1, poll_timeout=20
    )
    assert run.status == "failed"


def test_list_runs_of_one_teammate_with_paging(client, mate):
    ids = {
        client.runs.create_and_wait(
            message=f"Say hello {n}", teammate_id=mate.id, poll_interval=0.1, poll_timeout=20
        ).id
        for n in range(3)
    }
    page = client.runs.list(teammate_id=mate.id, limit=2)
    assert len(page.data) == 2 and page.has_more
    listed = [run.id for run in client.runs.list(teammate_id=mate.id, limit=2).auto_paging_iter()]
    assert set(listed) == ids
    assert all(r.status == "completed" for r in client.runs.list(status="completed").data)


def test_keepalives_hold_a_quiet_stream_open(unique):
    """The server sends a keepalive after 15 s of silence. A client whose read timeout is
    16 s survives a 17 s pause at a gate only because of it."""
    with M8tes(timeout=16) as patient:
        mate = patient.teammates.create(name=f"quiet-{unique}", tools=["gmail"])
        stream = patient.runs.create(
            message="Check my inbox", teammate_id=mate.id,
            human_in_the_loop=True, permission_mode="approval",
        )
        events = []
        with stream:
            for event in stream:
                events.append(event)
                if event.raw.get("type") == "awaiting_approval":
                    run_id, request_id = event.raw["run_id"], event.raw["request_id"]
                    started = time.monotonic()
                    threading.Timer(
                        17, patient.runs.approve, (run_id,), {"request_id": request_id}
                    ).start()
        # The stream outlived the client's 16 s read timeout: it was never silent that long.
        assert time.monotonic() - started > 16
        assert isinstance(events[-1], DoneEvent)
        assert patient.runs.get(run_id).status == "completed"
