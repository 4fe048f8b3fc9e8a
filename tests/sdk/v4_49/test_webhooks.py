"""Outbound webhooks in 4.49: signed deliveries verified by the SDK's own
`verify_signature`, and endpoints scoped to one end user."""

import json


def run_id_of(delivery):
    return json.loads(delivery.body)["run_id"]


def test_a_signed_delivery_verifies(client, mate, finished, receiver):
    hook = client.webhooks.create(url=receiver.url, events=["run.completed"])
    assert hook.secret and hook.user_id is None
    run = finished(mate)
    delivery = receiver.wait_for(lambda d: run_id_of(d) == run.id)
    verify = client.webhooks.verify_signature
    assert verify(delivery.body, delivery.headers, hook.secret, tolerance_seconds=300)
    assert not verify(delivery.body + b" ", delivery.headers, hook.secret)
    assert not verify(delivery.body, delivery.headers, "whsec_wrong")
    logged = client.webhooks.list_deliveries(hook.id).data
    assert any(d.run_id == run.id and d.event_type == "run.completed" for d in logged)
    client.webhooks.delete(hook.id)


def test_webhook_crud(client, receiver):
    hook = client.webhooks.create(url=receiver.url, events=["run.completed", "run.failed"])
    assert client.webhooks.get(hook.id).events == ["run.completed", "run.failed"]
    rotated = client.webhooks.update(hook.id, rotate_secret=True)
    assert rotated.secret and rotated.secret != hook.secret
    assert hook.id in [h.id for h in client.webhooks.list(limit=100).auto_paging_iter()]
    client.webhooks.delete(hook.id)
    assert hook.id not in [h.id for h in client.webhooks.list(limit=100).auto_paging_iter()]


def test_an_end_users_webhook_hears_only_that_users_runs(client, mate, finished, receiver, unique):
    """`user_id` scopes the endpoint to one end-user; omit for account-level."""
    alice = f"alice-{unique}"
    hook = client.webhooks.create(url=receiver.url, events=["run.completed"], user_id=alice)
    assert hook.user_id == alice
    account_run = finished(mate)
    bobs_run = finished(mate, user_id=f"bob-{unique}")
    alices_run = finished(mate, user_id=alice)
    delivery = receiver.wait_for(lambda d: run_id_of(d) == alices_run.id)
    assert client.webhooks.verify_signature(delivery.body, delivery.headers, hook.secret)
    receiver.drain(1.5)
    strays = [run_id_of(d) for d in receiver.everything]
    assert account_run.id not in strays and bobs_run.id not in strays
    logged = {d.run_id for d in client.webhooks.list_deliveries(hook.id).data}
    assert logged == {alices_run.id}
    assert hook.id in [h.id for h in client.webhooks.list(user_id=alice).data]
    client.webhooks.delete(hook.id, user_id=alice)
