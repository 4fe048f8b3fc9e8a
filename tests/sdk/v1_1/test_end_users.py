"""End users: profiles, and the scoping of teammates, runs, memories and permissions to one."""

import pytest
from m8tes import NotFoundError


def test_user_crud(client, unique):
    user = client.users.create(user_id=f"alice-{unique}", name="Alice", email="a@example.com")
    assert (user.user_id, user.name) == (f"alice-{unique}", "Alice")
    assert client.users.get(user.user_id).email == "a@example.com"
    assert client.users.update(user.user_id, company="Acme").company == "Acme"
    assert user.user_id in [u.user_id for u in client.users.list(limit=100).auto_paging_iter()]
    client.users.delete(user.user_id)
    with pytest.raises(NotFoundError):
        client.users.get(user.user_id)


def test_runs_and_teammates_are_scoped_to_their_end_user(client, unique):
    alice, bob = f"alice-{unique}", f"bob-{unique}"
    for user in (alice, bob):
        client.users.create(user_id=user)
    mate = client.teammates.create(name=f"alice's {unique}", tools=["gmail"], user_id=alice)
    assert mate.user_id == alice
    run = client.runs.create_and_wait(
        message="Check my inbox", teammate_id=mate.id, user_id=alice,
        poll_interval=0.1, poll_timeout=20,
    )
    assert run.user_id == alice
    assert run.id in [r.id for r in client.runs.list(user_id=alice).data]
    assert run.id not in [r.id for r in client.runs.list(user_id=bob).data]
    assert mate.id in [m.id for m in client.teammates.list(user_id=alice).data]
    assert mate.id not in [m.id for m in client.teammates.list(user_id=bob).data]


def test_memories_of_one_end_user(client, unique):
    alice, bob = f"alice-{unique}", f"bob-{unique}"
    memory = client.memories.create(user_id=alice, content="Prefers short answers")
    assert (memory.user_id, memory.content) == (alice, "Prefers short answers")
    assert memory.id in [m.id for m in client.memories.list(user_id=alice).data]
    assert client.memories.list(user_id=bob).data == []
    client.memories.delete(memory.id, user_id=alice)
    assert client.memories.list(user_id=alice).data == []


def test_a_run_remembers_for_its_end_user(client, mate, unique):
    alice = f"alice-{unique}"
    client.runs.create_and_wait(
        message="Remember that my favourite colour is teal.", teammate_id=mate.id,
        user_id=alice, poll_interval=0.1, poll_timeout=20,
    )
    contents = [m.content for m in client.memories.list(user_id=alice).data]
    assert any("teal" in content for content in contents)


def test_a_pre_approved_tool_runs_without_a_gate(client, mate, unique):
    alice = f"alice-{unique}"
    policy = client.permissions.create(user_id=alice, tool="gmail")
    assert (policy.user_id, policy.tool_name) == (alice, "gmail")
    assert policy.id in [p.id for p in client.permissions.list(user_id=alice).data]
    run = client.runs.create_and_wait(
        message="Check my inbox", teammate_id=mate.id, user_id=alice,
        human_in_the_loop=True, permission_mode="approval", poll_interval=0.1, poll_timeout=20,
    )
    assert run.status == "completed" and client.runs.permissions(run.id) == []
    client.permissions.delete(policy.id, user_id=alice)
    assert client.permissions.list(user_id=alice).data == []
