"""client.agents (alias client.teammates) in 4.49: CRUD and paging, the archive, pausing,
the system prompt, webhook and email inbox switches, and end-user teammates."""

import pytest
import requests
from m8tes import M8tesError, NotFoundError


def test_teammate_crud(client, unique):
    created = client.agents.create(
        name=f"Ops {unique}", tools=["gmail", "slack"], instructions="Be brief.", role="ops",
    )
    assert created.name == f"Ops {unique}" and created.tools == ["gmail", "slack"]
    assert client.teammates.get(created.id).instructions == "Be brief."
    updated = client.agents.update(created.id, name=f"Ops2 {unique}", tools=["linear"])
    assert (updated.name, updated.tools) == (f"Ops2 {unique}", ["linear"])
    client.agents.delete(created.id)
    assert created.id not in [m.id for m in client.agents.list(limit=100).auto_paging_iter()]


def test_teammates_page(client, unique):
    made = {client.agents.create(name=f"page-{unique}-{n}").id for n in range(5)}
    first = client.agents.list(limit=2)
    assert len(first.data) == 2 and first.has_more
    every = [mate.id for mate in client.agents.list(limit=2).auto_paging_iter()]
    assert made <= set(every) and len(every) == len(set(every))


def test_archived_teammates_are_listed_on_request_and_come_back_paused(client, mate):
    client.agents.delete(mate.id)
    assert mate.id not in [m.id for m in client.agents.list(limit=100).auto_paging_iter()]
    archived = client.agents.list(include_archived=True, limit=100).auto_paging_iter()
    assert mate.id in [m.id for m in archived]
    restored = client.agents.unarchive(mate.id)
    assert restored.id == mate.id and restored.status == "disabled"
    assert client.agents.enable(mate.id).status == "enabled"


def test_disable_and_enable(client, mate):
    paused = client.agents.disable(mate.id)
    assert paused.status == "disabled"
    assert mate.id in [m.id for m in client.agents.list(limit=100).auto_paging_iter()]
    assert client.agents.enable(mate.id).status == "enabled"


def test_reset_of_a_teammate_without_a_template(client, mate):
    assert client.agents.reset(mate.id) == []


def test_system_prompt(client, unique):
    mate = client.agents.create(name=f"prompted-{unique}", instructions="Answer in French.")
    prompt = client.agents.system_prompt(mate.id)
    assert "Answer in French." in prompt.system_prompt
    assert prompt.characters == len(prompt.system_prompt) and prompt.prompt_profile


def test_pause_a_webhook_without_revoking_it(client, mate):
    """"Pause or resume the webhook WITHOUT rotating the token — the URL survives." The URL
    is shown once, so the witness is a caller POSTing to it, as a sender would."""
    hook = client.agents.enable_webhook(mate.id)
    assert hook.enabled and hook.url
    assert client.agents.set_webhook_enabled(mate.id, enabled=False).enabled is False
    assert client.agents.get(mate.id).webhook_enabled is False
    assert not requests.post(hook.url, json={"event": "ping"}, timeout=10).ok
    assert client.agents.set_webhook_enabled(mate.id, enabled=True).enabled is True
    assert client.agents.get(mate.id).webhook_enabled is True
    assert requests.post(hook.url, json={"event": "ping"}, timeout=10).ok
    client.agents.disable_webhook(mate.id)
    assert client.agents.get(mate.id).webhook_enabled is False
    assert not requests.post(hook.url, json={"event": "ping"}, timeout=10).ok


def test_create_with_email_inbox_and_webhook(client, unique):
    mate = client.agents.create(name=f"inbox-{unique}", email_inbox=True, webhook=True)
    assert mate.inbound_email_enabled is True and mate.email_address
    assert mate.webhook_enabled is True
    client.agents.disable_email_inbox(mate.id)
    assert client.agents.get(mate.id).inbound_email_enabled is False


def test_an_end_users_teammate_passes_its_user_on(client, unique, finished):
    """runs.create: "If teammate_id points at an end-user-scoped agent, omitting user_id
    inherits that scope. Passing a different user_id is rejected." Tasks likewise."""
    alice, bob = f"alice-{unique}", f"bob-{unique}"
    mate = client.agents.create(name=f"alice's {unique}", tools=["gmail"], user_id=alice)
    run = finished(mate)
    assert run.user_id == alice
    task = client.tasks.create(teammate_id=mate.id, instructions="Check my inbox")
    assert task.user_id == alice
    with pytest.raises(M8tesError) as caught:
        client.runs.create(message="hi", teammate_id=mate.id, user_id=bob, stream=False)
    assert 400 <= (caught.value.status_code or 0) < 500
    assert client.agents.get(mate.id, user_id=alice).id == mate.id
    with pytest.raises(NotFoundError):
        client.agents.get(mate.id, user_id=bob)
