"""End users in 4.49: profiles and usage, and memories and permissions in both scopes (one
end user's, and the account's when `user_id` is omitted)."""

import pytest
from m8tes import NotFoundError


def test_user_crud(client, unique):
    user = client.users.create(user_id=f"alice-{unique}", name="Alice", email="a@example.com")
    assert client.users.get(user.user_id).email == "a@example.com"
    assert client.users.update(user.user_id, company="Acme").company == "Acme"
    assert user.user_id in [u.user_id for u in client.users.list(limit=100).auto_paging_iter()]
    client.users.delete(user.user_id)
    with pytest.raises(NotFoundError):
        client.users.get(user.user_id)


def test_users_usage(client, mate, finished, unique):
    alice = f"alice-{unique}"
    client.users.create(user_id=alice)
    finished(mate, user_id=alice)
    [usage] = client.users.usage(alice).data
    assert usage.user_id == alice and usage.runs_used == 1 and usage.period_end
    everyone = [u.user_id for u in client.users.usage(limit=100).auto_paging_iter()]
    assert alice in everyone


def test_runs_are_scoped_to_their_end_user(client, mate, finished, unique):
    alice, bob = f"alice-{unique}", f"bob-{unique}"
    run = finished(mate, user_id=alice)
    assert run.user_id == alice
    assert client.runs.get(run.id, user_id=alice).id == run.id
    with pytest.raises(NotFoundError):
        client.runs.get(run.id, user_id=bob)
    assert [r.id for r in client.runs.list(user_id=bob).data] == []


def test_memories_of_an_end_user_and_update(client, unique):
    alice, bob = f"alice-{unique}", f"bob-{unique}"
    memory = client.memories.create(user_id=alice, content="Prefers short answers")
    assert memory.user_id == alice
    assert [m.id for m in client.memories.list(user_id=alice).data] == [memory.id]
    assert client.memories.list(user_id=bob).data == []
    fixed = client.memories.update(memory.id, user_id=alice, content="Prefers bullet points")
    assert (fixed.id, fixed.content) == (memory.id, "Prefers bullet points")
    assert [m.content for m in client.memories.list(user_id=alice).data] == ["Prefers bullet points"]
    client.memories.delete(memory.id, user_id=alice)
    assert client.memories.list(user_id=alice).data == []


def test_account_memories_without_user_id(client, unique):
    memory = client.memories.create(content=f"The company is Acme {unique}")
    assert memory.user_id is None
    account = [m.id for m in client.memories.list(limit=100).auto_paging_iter()]
    assert memory.id in account
    assert memory.id not in [m.id for m in client.memories.list(user_id=f"a-{unique}").data]
    assert client.memories.update(memory.id, content=f"Acme Corp {unique}").content == (
        f"Acme Corp {unique}"
    )
    client.memories.delete(memory.id)
    assert memory.id not in [m.id for m in client.memories.list(limit=100).auto_paging_iter()]


def test_a_run_remembers_for_its_end_user(client, mate, finished, unique):
    alice = f"alice-{unique}"
    finished(mate, "Remember that my favourite colour is teal.", user_id=alice)
    assert any("teal" in m.content for m in client.memories.list(user_id=alice).data)


def test_an_end_users_pre_approved_tool_runs_without_a_gate(client, mate, finished, unique):
    alice = f"alice-{unique}"
    policy = client.permissions.create(user_id=alice, tool="gmail")
    assert (policy.user_id, policy.tool_name) == (alice, "gmail")
    assert [p.id for p in client.permissions.list(user_id=alice).data] == [policy.id]
    run = finished(mate, "Check my inbox", user_id=alice, human_in_the_loop=True,
                   permission_mode="approval")
    assert run.status == "completed" and client.runs.permissions(run.id) == []
    client.permissions.delete(policy.id, user_id=alice)
    assert client.permissions.list(user_id=alice).data == []


def test_account_permissions_without_user_id(client, unique):
    """"Omit user_id to target the account-level scope — the scope your runs match when
    they carry no user_id.\""""
    slacker = client.agents.create(name=f"slacker-{unique}", tools=["slack"])
    policy = client.permissions.create(tool="slack")
    assert policy.tool_name == "slack" and policy.user_id is None
    assert policy.id in [p.id for p in client.permissions.list().data]
    assert policy.id not in [p.id for p in client.permissions.list(user_id=f"a-{unique}").data]
    run = client.runs.create_and_wait(
        message="Read #general on Slack", teammate_id=slacker.id, human_in_the_loop=True,
        permission_mode="approval", poll_interval=0.1, poll_timeout=20,
    )
    assert run.status == "completed" and client.runs.permissions(run.id) == []
    client.permissions.delete(policy.id)
    assert policy.id not in [p.id for p in client.permissions.list().data]
