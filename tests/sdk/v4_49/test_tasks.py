"""client.tasks and triggers in 4.49: CRUD, running, schedules and webhooks at creation,
pausing a webhook, lessons, triggers updated in place, one-shot run_at, and the
account-wide trigger list."""

from datetime import datetime, timedelta, timezone

import pytest
import requests
from m8tes import NotFoundError
from m8tes.streaming import DoneEvent


def test_task_crud(client, mate, unique):
    task = client.tasks.create(
        agent_id=mate.id, instructions="Check my inbox", name=f"inbox {unique}",
        expected_output="a summary",
    )
    assert (task.teammate_id, task.name) == (mate.id, f"inbox {unique}")
    assert client.tasks.get(task.id).instructions == "Check my inbox"
    assert client.tasks.update(task.id, name=f"inbox2 {unique}").name == f"inbox2 {unique}"
    assert task.id in [t.id for t in client.tasks.list(teammate_id=mate.id).data]
    client.tasks.delete(task.id)
    assert task.id not in [t.id for t in client.tasks.list(teammate_id=mate.id).data]


def test_run_a_task_streamed_and_run_and_wait(client, mate):
    task = client.tasks.create(teammate_id=mate.id, instructions="Check my inbox")
    with client.tasks.run(task.id) as stream:
        assert isinstance(list(stream)[-1], DoneEvent)
    run = client.tasks.run_and_wait(task.id, poll_interval=0.1, poll_timeout=20)
    assert run.status == "completed" and run.task_id == task.id


def test_create_with_a_schedule_and_a_webhook(client, mate):
    task = client.tasks.create(
        teammate_id=mate.id, instructions="Check my inbox", schedule="0 9 * * 1-5",
        schedule_timezone="Europe/Paris", webhook=True,
    )
    assert task.webhook_enabled is True
    triggers = client.tasks.triggers.list(task.id)
    schedules = [t for t in triggers if t.type == "schedule"]
    assert [(t.cron, t.timezone) for t in schedules] == [("0 9 * * 1-5", "Europe/Paris")]
    assert schedules[0].next_run


def test_pause_a_tasks_webhook_without_revoking_it(client, mate):
    """The URL is shown once, so the witness is a sender POSTing to it."""
    task = client.tasks.create(teammate_id=mate.id, instructions="Check my inbox")
    hook = client.tasks.enable_webhook(task.id)
    assert hook.enabled and hook.url
    assert client.tasks.set_webhook_enabled(task.id, enabled=False).enabled is False
    assert client.tasks.get(task.id).webhook_enabled is False
    assert not requests.post(hook.url, json={"event": "ping"}, timeout=10).ok
    assert client.tasks.set_webhook_enabled(task.id, enabled=True).enabled is True
    assert requests.post(hook.url, json={"event": "ping"}, timeout=10).ok
    assert client.runs.list(task_id=task.id).data, "the resumed URL started no run"


def test_lessons_list_delete_and_clear(client, mate):
    task = client.tasks.create(teammate_id=mate.id, instructions="Check my inbox")
    empty = client.tasks.lessons(task.id)
    assert empty.data == [] and empty.capacity_used == 0 and empty.capacity_limit > 0
    assert client.tasks.clear_lessons(task.id).data == []
    with pytest.raises(NotFoundError):
        client.tasks.delete_lesson(task.id, "lesson_not_there")


def test_lessons_a_task_run_saves(client, mate):
    """The simulated agent saves the `Lesson:` lines of a task's message (m8tes-local)."""
    task = client.tasks.create(
        teammate_id=mate.id,
        instructions="Check my inbox.\nLesson: skip newsletters\nLesson: flag invoices",
    )
    client.tasks.run_and_wait(task.id, poll_interval=0.1, poll_timeout=20)
    lessons = client.tasks.lessons(task.id)
    assert len(lessons.data) == 2 and lessons.capacity_used == 2
    remaining = client.tasks.delete_lesson(task.id, lessons.data[0].id)
    assert [l.id for l in remaining.data] == [lessons.data[1].id]
    assert client.tasks.clear_lessons(task.id).data == []


def test_triggers_update_in_place(client, mate):
    task = client.tasks.create(teammate_id=mate.id, instructions="Check my inbox")
    trigger = client.tasks.triggers.create(task.id, type="schedule", cron="0 9 * * *")
    paused = client.tasks.triggers.update(task.id, trigger.id, enabled=False)
    assert paused.id == trigger.id and paused.enabled is False
    hourly = client.tasks.triggers.update(task.id, trigger.id, interval_seconds=3600)
    assert (hourly.interval_seconds, hourly.cron) == (3600, None)
    client.tasks.triggers.delete(task.id, trigger.id)
    assert client.tasks.triggers.list(task.id) == []


def test_a_one_shot_run_at_schedule(client, mate):
    task = client.tasks.create(teammate_id=mate.id, instructions="Check my inbox")
    when = (datetime.now(timezone.utc) + timedelta(days=1)).replace(microsecond=0)
    trigger = client.tasks.triggers.create(
        task.id, type="schedule", run_at=when.isoformat().replace("+00:00", "Z")
    )
    assert trigger.run_at and trigger.cron is None and trigger.interval_seconds is None
    assert trigger.next_run and datetime.fromisoformat(trigger.next_run.replace("Z", "+00:00")) == when


def test_the_account_wide_trigger_list(client, mate):
    task = client.tasks.create(teammate_id=mate.id, instructions="Check my inbox")
    cron = client.tasks.triggers.create(task.id, type="schedule", cron="0 9 * * *")
    hook = client.tasks.triggers.create(task.id, type="webhook")
    mine = {t.id: t for t in client.triggers.list(task_id=task.id).data}
    assert set(mine) == {cron.id, hook.id}
    assert mine[cron.id].task_id == task.id
    schedules = [t.id for t in client.triggers.list(type="schedule", limit=100).auto_paging_iter()]
    assert cron.id in schedules and hook.id not in schedules
