"""client.tasks and their triggers: CRUD, running a saved task, schedules."""

import pytest
from m8tes import NotFoundError
from m8tes.streaming import DoneEvent


def test_task_crud(client, mate, unique):
    task = client.tasks.create(
        teammate_id=mate.id, instructions="Check my inbox", name=f"inbox {unique}",
        expected_output="a summary",
    )
    assert (task.teammate_id, task.name) == (mate.id, f"inbox {unique}")
    assert client.tasks.get(task.id).instructions == "Check my inbox"
    assert client.tasks.update(task.id, name=f"inbox2 {unique}").name == f"inbox2 {unique}"
    assert task.id in [t.id for t in client.tasks.list(teammate_id=mate.id).data]
    client.tasks.delete(task.id)
    assert task.id not in [t.id for t in client.tasks.list(teammate_id=mate.id).data]


def test_run_a_task_streamed_and_not(client, mate):
    task = client.tasks.create(teammate_id=mate.id, instructions="Check my inbox")
    with client.tasks.run(task.id) as stream:
        assert isinstance(list(stream)[-1], DoneEvent)
    run = client.tasks.run(task.id, stream=False)
    assert client.runs.poll(run.id, interval=0.1, timeout=20).status == "completed"


def test_task_triggers(client, mate):
    task = client.tasks.create(teammate_id=mate.id, instructions="Check my inbox")
    cron = client.tasks.triggers.create(task.id, type="schedule", cron="0 9 * * 1-5")
    assert cron.type == "schedule" and cron.cron == "0 9 * * 1-5" and cron.next_run
    interval = client.tasks.triggers.create(task.id, type="schedule", interval_seconds=3600)
    assert interval.interval_seconds == 3600
    hook = client.tasks.triggers.create(task.id, type="webhook")
    assert hook.url
    listed = {t.id for t in client.tasks.triggers.list(task.id)}
    assert listed == {cron.id, interval.id, hook.id}
    client.tasks.triggers.delete(task.id, cron.id)
    assert cron.id not in {t.id for t in client.tasks.triggers.list(task.id)}
    with pytest.raises(NotFoundError):
        client.tasks.triggers.delete(task.id, cron.id)
