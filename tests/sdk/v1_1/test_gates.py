"""Human in the loop: a tool approval, a denial, plan mode's question, and switching the
permission mode mid-run."""

import pytest
from m8tes import ConflictError, NotFoundError


def wait_for_gate(client, run_id):
    """Polls until the run is parked on a gate; returns its pending requests."""
    import time

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if client.runs.get(run_id).status == "awaiting_approval":
            pending = [r for r in client.runs.permissions(run_id) if r.status == "pending"]
            if pending:
                return pending
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} never reached a gate")


def start(client, mate, mode):
    return client.runs.create(
        message="Check my inbox", teammate_id=mate.id, stream=False,
        human_in_the_loop=True, permission_mode=mode,
    )


def test_approve_a_tool_call(client, mate):
    run = start(client, mate, "approval")
    [gate] = wait_for_gate(client, run.id)
    assert gate.tool_name == "gmail" and gate.tool_input["action"] == "list_inbox"
    decided = client.runs.approve(run.id, request_id=gate.request_id, decision="allow")
    assert decided.status == "allowed"
    assert client.runs.poll(run.id, interval=0.1, timeout=20).status == "completed"


def test_deny_a_tool_call(client, mate):
    run = start(client, mate, "approval")
    [gate] = wait_for_gate(client, run.id)
    assert client.runs.approve(run.id, request_id=gate.request_id, decision="deny").status == "denied"
    assert client.runs.poll(run.id, interval=0.1, timeout=20).status == "completed"


def test_answer_plan_modes_question(client, mate):
    run = start(client, mate, "plan")
    [gate] = wait_for_gate(client, run.id)
    assert gate.tool_name == "AskUserQuestion"
    question = gate.tool_input["questions"][0]
    assert question["header"] == "Plan Approval"
    answered = client.runs.answer(run.id, answers={question["question"]: "Approve"})
    assert answered["status"] == "ok"
    assert client.runs.poll(run.id, interval=0.1, timeout=20).status == "completed"


def test_switching_to_autonomous_approves_whats_pending(client, mate):
    run = start(client, mate, "approval")
    wait_for_gate(client, run.id)
    switched = client.runs.update_permission_mode(run.id, permission_mode="autonomous")
    assert switched.permission_mode == "autonomous"
    assert client.runs.poll(run.id, interval=0.1, timeout=20).status == "completed"


def test_gate_refusals_are_typed(client, mate):
    run = start(client, mate, "approval")
    wait_for_gate(client, run.id)
    with pytest.raises(NotFoundError):
        client.runs.approve(run.id, request_id="perm_not_a_gate")
    client.runs.cancel(run.id)
    with pytest.raises(ConflictError):
        client.runs.answer(run.id, answers={"Anything?": "Yes"})
