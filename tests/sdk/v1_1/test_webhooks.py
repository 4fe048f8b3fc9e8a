"""Outbound webhooks: registry CRUD, and signed deliveries verified by the SDK's own
`verify_signature` at a receiver started by the test."""

import json


def test_webhook_crud_and_secret_rotation(client, receiver):
    hook = client.webhooks.create(url=receiver.url, events=["run.completed"])
    assert hook.secret and hook.events == ["run.completed"] and hook.active
    assert client.webhooks.get(hook.id).url == receiver.url
    rotated = client.webhooks.update(hook.id, active=False, rotate_secret=True)
    assert rotated.active is False and rotated.secret and rotated.secret != hook.secret
    assert hook.id in [h.id for h in client.webhooks.list(limit=100).auto_paging_iter()]
    client.webhooks.delete(hook.id)
    assert hook.id not in [h.id for h in client.webhooks.list(limit=100).auto_paging_iter()]


def test_a_signed_delivery_verifies(client, mate, receiver):
    hook = client.webhooks.create(url=receiver.url, events=["run.completed"])
    run = client.runs.create_and_wait(
        message="Say hello", teammate_id=mate.id, poll_interval=0.1, poll_timeout=20
    )
    delivery = receiver.wait_for(lambda d: json.loads(d.body)["run_id"] == run.id)
    assert client.webhooks.verify_signature(delivery.body, delivery.headers, hook.secret)
    assert client.webhooks.verify_signature(
        delivery.body, delivery.headers, hook.secret, tolerance_seconds=300
    )
    assert not client.webhooks.verify_signature(delivery.body + b" ", delivery.headers, hook.secret)
    assert not client.webhooks.verify_signature(delivery.body, delivery.headers, "whsec_wrong")

    logged = client.webhooks.list_deliveries(hook.id).data
    assert any(d.run_id == run.id and d.event_type == "run.completed" for d in logged)
    client.webhooks.delete(hook.id)
