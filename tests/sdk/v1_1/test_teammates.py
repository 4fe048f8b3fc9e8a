"""client.teammates: create, get, list (paged), update, delete, email inbox and webhook."""

def test_teammate_crud(client, unique):
    created = client.teammates.create(
        name=f"Ops {unique}", tools=["gmail", "slack"], instructions="Be brief.", role="ops",
        metadata={"team": "ops"},
    )
    assert created.name == f"Ops {unique}" and created.tools == ["gmail", "slack"]
    assert client.teammates.get(created.id).instructions == "Be brief."

    updated = client.teammates.update(created.id, name=f"Ops2 {unique}", tools=["linear"])
    assert (updated.name, updated.tools) == (f"Ops2 {unique}", ["linear"])

    client.teammates.delete(created.id)
    listed = [mate.id for mate in client.teammates.list(limit=100).auto_paging_iter()]
    assert created.id not in listed


def test_teammates_page_with_auto_paging(client, unique):
    made = {client.teammates.create(name=f"page-{unique}-{n}").id for n in range(5)}
    first = client.teammates.list(limit=2)
    assert len(first.data) == 2 and first.has_more
    every = [mate.id for mate in client.teammates.list(limit=2).auto_paging_iter()]
    assert made <= set(every)
    assert len(every) == len(set(every)), "a page repeated a teammate"


def test_teammate_webhook_and_email_inbox(client, mate):
    hook = client.teammates.enable_webhook(mate.id)
    assert hook.enabled and hook.url
    client.teammates.disable_webhook(mate.id)

    inbox = client.teammates.enable_email_inbox(mate.id)
    assert inbox.enabled and inbox.address
    client.teammates.disable_email_inbox(mate.id)
    assert client.teammates.get(mate.id).inbound_email_enabled is False

