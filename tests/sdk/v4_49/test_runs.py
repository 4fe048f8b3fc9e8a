"""client.runs in 4.49: streaming with the run named up front (X-Run-Id), rejoining,
polling, waiting, idempotent creates, queued replies, keepalives, and the run-centric
reads and actions 4.49 added (outcome, messages, check, needs_you, activity, retry, archive,
mark_viewed, share, structured output)."""

import threading
import time
import uuid

import pytest
from m8tes import ConflictError, M8tes
from m8tes.streaming import DoneEvent, TextDeltaEvent


def test_a_streamed_run_is_named_before_its_first_event(client, mate):
    """RunStream reads the run id from the X-Run-Id header, before any frame."""
    with client.runs.create(message="Check my inbox", teammate_id=mate.id) as stream:
        named = stream.run_id
        assert named is not None, "no X-Run-Id header on the streaming create"
        events = list(stream)
    assert isinstance(events[-1], DoneEvent) and stream.text.strip()
    assert client.runs.get(named).status == "completed"


def test_stream_text_with_raise_on_error(client, mate):
    chunks = list(
        client.runs.stream_text(message="Say hello", teammate_id=mate.id, raise_on_error=True)
    )
    assert chunks and all(isinstance(chunk, str) for chunk in chunks)


def test_rejoin_a_running_runs_stream(client, mate):
    run = client.runs.create(
        message="Check my inbox simulate:slow", teammate_id=mate.id, stream=False
    )
    with client.runs.stream(run.id) as rejoined:
        events = list(rejoined)
    assert rejoined.run_id == run.id
    assert any(isinstance(event, TextDeltaEvent) for event in events)
    assert isinstance(events[-1], DoneEvent)


def test_poll_and_wait(client, mate):
    run = client.runs.create(message="Check my inbox", teammate_id=mate.id, stream=False)
    assert client.runs.poll(run.id, interval=0.1, timeout=20).status == "completed"
    again = client.runs.create(message="Check my inbox", teammate_id=mate.id, stream=False)
    assert client.runs.wait(again.id, interval=0.1, timeout=20).status == "completed"


def test_create_and_wait_and_reply_and_wait(client, mate, finished):
    run = finished(mate, "Check my inbox")
    assert run.status == "completed" and run.output
    replied = client.runs.reply_and_wait(
        run.id, message="And again", poll_interval=0.1, poll_timeout=20
    )
    assert replied.id == run.id and replied.status == "completed"


def test_a_failed_run_raises_when_asked(client, mate, finished):
    from m8tes import RunFailedError

    assert finished(mate, "simulate:failure").status == "failed"
    with pytest.raises(RunFailedError):
        finished(mate, "simulate:failure", raise_on_error=True)


def test_an_idempotent_create_returns_the_same_run(client, mate):
    key = f"job-{uuid.uuid4()}"
    ask = dict(message="Check my inbox simulate:slow", teammate_id=mate.id, stream=False)
    first = client.runs.create(**ask, idempotency_key=key)
    assert client.runs.create(**ask, idempotency_key=key).id == first.id
    assert [r.id for r in client.runs.list(teammate_id=mate.id).data] == [first.id]
    client.runs.cancel(first.id)


def test_a_streamed_idempotent_repeat_joins_the_live_run(client, unique):
    mate = client.agents.create(name=f"again-{unique}", tools=["gmail"])
    key = f"job-{uuid.uuid4()}"
    ask = dict(message="Check my inbox simulate:slow", teammate_id=mate.id, idempotency_key=key)
    with client.runs.create(**ask) as first:
        next(iter(first))
        run_id = first.run_id
    # The repeat of a live run is answered as a replay, which the SDK follows into the
    # run's stream.
    with client.runs.create(**ask) as joined:
        events = list(joined)
    assert joined.run_id == run_id and isinstance(events[-1], DoneEvent)
    # Once the run is over, a repeat has nothing to join: the SDK's typed refusal.
    with pytest.raises(ConflictError) as caught:
        client.runs.create(**ask)
    assert caught.value.code == "idempotent_replay_terminal"
    assert [r.id for r in client.runs.list(teammate_id=mate.id).data] == [run_id]


def test_cancel(client, mate):
    run = client.runs.create(
        message="Check my inbox simulate:slow", teammate_id=mate.id, stream=False
    )
    assert client.runs.cancel(run.id).status == "cancelled"
    assert client.runs.wait(run.id, interval=0.1, timeout=10).status == "cancelled"


def test_keepalives_hold_a_quiet_stream_open(unique):
    """The server sends a keepalive after 15 s of silence. A client whose read timeout is
    16 s survives a 17 s pause at a gate only because of it."""
    with M8tes(timeout=16) as patient:
        mate = patient.agents.create(name=f"quiet-{unique}", tools=["gmail"])
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


def test_list_is_newest_first(client, mate, finished):
    ids = [finished(mate, f"Say hello {n}").id for n in range(3)]
    listed = [run.id for run in client.runs.list(teammate_id=mate.id).data]
    assert listed == list(reversed(ids))
    paged = [run.id for run in client.runs.list(teammate_id=mate.id, limit=2).auto_paging_iter()]
    assert paged == list(reversed(ids))


def test_list_without_user_id_is_the_account_scope(client, mate, finished, unique):
    mine = finished(mate).id
    theirs = finished(mate, user_id=f"alice-{unique}").id
    account = [run.id for run in client.runs.list(limit=100).auto_paging_iter()]
    assert mine in account and theirs not in account
    everyone = [
        run.id for run in client.runs.list(include_end_user_runs=True, limit=100).auto_paging_iter()
    ]
    assert theirs in everyone
    assert [r.id for r in client.runs.list(user_id=f"alice-{unique}").data] == [theirs]


def test_list_one_tasks_runs(client, mate):
    task = client.tasks.create(teammate_id=mate.id, instructions="Check my inbox")
    run = client.tasks.run_and_wait(task.id, poll_interval=0.1, poll_timeout=20)
    assert run.task_id == task.id
    assert [r.id for r in client.runs.list(task_id=task.id).data] == [run.id]


def test_a_reply_while_running_is_queued(client, mate):
    run = client.runs.create(
        message="Check my inbox simulate:slow", teammate_id=mate.id, stream=False
    )
    queued = client.runs.reply(run.id, message="Then say thanks", stream=False)
    assert queued.id == run.id
    assert queued.delivery == "queued" and queued.queued_message_id is not None
    done = client.runs.wait(
        run.id, interval=0.1, timeout=30, await_queued_message_id=queued.queued_message_id
    )
    assert done.status == "completed"
    users = [m.content for m in client.runs.messages(run.id) if m.role == "user"]
    assert "Then say thanks" in users


def test_outcome(client, mate, finished):
    run = finished(mate, "Check my inbox")
    outcome = client.runs.outcome(run.id)
    assert outcome.run_id == run.id and outcome.status == "completed"
    assert outcome.summary and outcome.message_count >= 2


def test_messages_by_sequence(client, mate, finished):
    run = finished(mate, "Check my inbox")
    client.runs.reply_and_wait(run.id, message="And again", poll_interval=0.1, poll_timeout=20)
    every = client.runs.messages(run.id)
    sequences = [m.sequence for m in every]
    assert len(every) >= 4 and sequences == sorted(sequences)
    assert every[0].role == "user" and every[0].content == "Check my inbox"
    after = client.runs.messages(run.id, after_sequence=sequences[1])
    assert [m.sequence for m in after] == sequences[2:]
    tail = client.runs.messages(run.id, tail=True, limit=2)
    assert [m.sequence for m in tail] == sequences[-2:]
    before = client.runs.messages(run.id, before_sequence=sequences[-2], limit=2)
    assert [m.sequence for m in before] == sequences[-4:-2]
    with pytest.raises(Exception) as caught:
        client.runs.messages(run.id, tail=True, after_sequence=1)
    assert getattr(caught.value, "status_code", None) == 422


def test_messages_carry_the_tools_a_turn_called(client, mate, finished):
    """4.49's `m8tes run tools` reads tool_use blocks from the agent's content_blocks (D46)."""
    run = finished(mate, "Check my inbox")
    messages = client.runs.messages(run.id)
    assert messages[0].role == "user" and messages[0].content_blocks is None
    agent = messages[-1]
    assert agent.role == "assistant" and agent.content_blocks
    assert agent.content_blocks[0] == {"type": "text", "text": agent.content}
    tools = [block for block in agent.content_blocks if block.get("type") == "tool_use"]
    assert tools and all(block["name"] and block["id"] for block in tools)
    assert all(isinstance(block["input"], dict) for block in tools)


def test_check(client, mate, parked):
    run, _gate = parked(mate)
    check = client.runs.check()
    assert check.total_count >= 1 and check.awaiting_count >= 1
    assert check.latest_run_id is not None and check.latest_change_at
    client.runs.cancel(run.id)


def test_needs_you(client, mate, parked):
    """Same predicate and scope as check().awaiting_count, so the two never disagree."""
    run, _gate = parked(mate)
    needs = client.runs.needs_you()
    assert run.id in [item.run_id for item in needs.items]
    assert needs.count == client.runs.check().awaiting_count
    client.runs.cancel(run.id)
    assert run.id not in [item.run_id for item in client.runs.needs_you().items]


def test_activity(client, mate, parked):
    run, _gate = parked(mate)
    rows = {row.agent_id: row for row in client.runs.activity().data}
    assert mate.id in rows
    client.runs.cancel(run.id)


def test_retry_makes_a_new_run(client, mate, finished):
    # Slow, so the retry (which re-executes the same message) is still in flight below.
    failed = finished(mate, "simulate:failure simulate:slow", poll_timeout=40)
    assert failed.status == "failed" and client.runs.get(failed.id).retryable
    retry = client.runs.retry(failed.id)
    assert retry.id != failed.id and retry.retry_of_run_id == failed.id
    again = client.runs.retry(failed.id)
    assert again.id == retry.id, "a retry already in flight is returned, not repeated"
    client.runs.cancel(retry.id)


def test_retry_of_a_run_that_acted_needs_confirmation(client, unique):
    from m8tes.streaming import ToolResultEndEvent

    poster = client.agents.create(name=f"poster-{unique}", tools=["slack"])
    stream = client.runs.create(
        message="Post to #general: hello simulate:slow", teammate_id=poster.id
    )
    with stream:
        for event in stream:
            if isinstance(event, ToolResultEndEvent):
                break  # the message is posted: this run has acted
    client.runs.cancel(stream.run_id)
    with pytest.raises(ConflictError) as caught:
        client.runs.retry(stream.run_id)
    assert caught.value.code == "retry_needs_confirmation"
    retry = client.runs.retry(stream.run_id, confirm=True)
    assert retry.id != stream.run_id and retry.retry_of_run_id == stream.run_id
    client.runs.cancel(retry.id)


def test_archive_and_unarchive(client, mate, finished):
    run = finished(mate)
    assert client.runs.archive(run.id).archived is True
    assert client.runs.archive(run.id).archived is True, "archiving twice is idempotent"
    assert run.id not in [r.id for r in client.runs.list(teammate_id=mate.id).data]
    assert [r.id for r in client.runs.list(teammate_id=mate.id, archived="only").data] == [run.id]
    assert client.runs.unarchive(run.id).archived is False
    assert run.id in [r.id for r in client.runs.list(teammate_id=mate.id).data]


def test_mark_viewed(client, mate, finished):
    run = finished(mate)
    first = client.runs.mark_viewed(run.id)
    assert first.id == run.id and first.last_viewed_at
    time.sleep(1.1)
    assert client.runs.mark_viewed(run.id).last_viewed_at >= first.last_viewed_at


def test_share_and_unshare(client, mate, finished):
    import requests

    run = finished(mate)
    share = client.runs.share(run.id)
    assert share.share_token and share.share_url
    assert client.runs.share(run.id).share_token == share.share_token, "sharing is idempotent"
    assert client.runs.get(run.id).share_token == share.share_token
    client.runs.unshare(run.id)
    assert client.runs.get(run.id).share_token is None
    # The old URL 404s immediately.
    if share.share_url.startswith("http"):
        assert requests.get(share.share_url, timeout=10).status_code == 404


def test_structured_output(client, mate, finished):
    schema = {
        "type": "object",
        "properties": {"summary": {"type": "string"}, "unread": {"type": "integer"}},
        "required": ["summary", "unread"],
    }
    run = finished(mate, "Check my inbox", output_schema=schema)
    assert isinstance(run.output_data, dict)
    assert isinstance(run.output_data["summary"], str)
    assert isinstance(run.output_data["unread"], int)
    assert client.runs.outcome(run.id).output_data == run.output_data
    replied = client.runs.reply_and_wait(
        run.id, message="And again", poll_interval=0.1, poll_timeout=20
    )
    assert isinstance(replied.output_data, dict), "the schema sticks to the run"
