"""Human in the loop with 4.49: approvals, answers, wait() with callbacks, the idempotent
repeat of a decision, and the machine codes (`exc.code`) 4.49's approve() documents."""

import pytest
from m8tes import ConflictError, NotFoundError


def test_approve_a_tool_call(client, mate, parked):
    run, gate = parked(mate)
    assert gate.tool_name == "gmail" and gate.tool_input["action"] == "list_inbox"
    decided = client.runs.approve(run.id, request_id=gate.request_id, decision="allow")
    assert decided.status == "allowed"
    assert client.runs.wait(run.id, interval=0.1, timeout=20).status == "completed"


def test_deny_with_a_reason(client, mate, parked):
    run, gate = parked(mate)
    decided = client.runs.approve(
        run.id, request_id=gate.request_id, decision="deny", reason="not today"
    )
    assert decided.status == "denied"
    assert client.runs.wait(run.id, interval=0.1, timeout=20).status == "completed"


def test_wait_answers_gates_through_its_callbacks(client, mate):
    asked = []
    run = client.runs.create_and_wait(
        message="Check my inbox", teammate_id=mate.id, human_in_the_loop=True,
        permission_mode="approval", poll_interval=0.1, poll_timeout=20,
        on_approval=lambda req: asked.append(req.tool_name) or "allow",
    )
    assert run.status == "completed" and asked == ["gmail"]


def test_wait_answers_plan_approval(client, mate):
    def plan(req):
        question = req.tool_input["questions"][0]
        assert question["header"] == "Plan Approval"
        return {question["question"]: "Approve"}

    run = client.runs.create_and_wait(
        message="Check my inbox", teammate_id=mate.id, human_in_the_loop=True,
        permission_mode="plan", poll_interval=0.1, poll_timeout=20, on_question=plan,
    )
    assert run.status == "completed"


def test_answer_by_request_id(client, mate, parked):
    run, gate = parked(mate, mode="plan")
    assert gate.tool_name == "AskUserQuestion"
    question = gate.tool_input["questions"][0]["question"]
    answered = client.runs.answer(
        run.id, answers={question: "Approve"}, request_id=gate.request_id
    )
    assert answered["status"] == "ok"
    assert client.runs.wait(run.id, interval=0.1, timeout=20).status == "completed"


def test_wait_without_a_callback_says_what_it_needs(client, mate, parked):
    run, _gate = parked(mate)
    with pytest.raises(RuntimeError, match="on_approval"):
        client.runs.wait(run.id, interval=0.1, timeout=10)
    client.runs.cancel(run.id)


def test_the_same_decision_twice_is_idempotent(client, mate, parked):
    run, gate = parked(mate)
    first = client.runs.approve(run.id, request_id=gate.request_id, decision="allow")
    again = client.runs.approve(run.id, request_id=gate.request_id, decision="allow")
    assert (first.status, again.status) == ("allowed", "allowed")
    client.runs.wait(run.id, interval=0.1, timeout=20)


def test_the_other_decision_is_gate_resolved_otherwise(client, mate, parked):
    run, gate = parked(mate)
    client.runs.approve(run.id, request_id=gate.request_id, decision="allow")
    with pytest.raises(NotFoundError) as caught:
        client.runs.approve(run.id, request_id=gate.request_id, decision="deny")
    assert caught.value.code == "gate_resolved_otherwise"
    client.runs.wait(run.id, interval=0.1, timeout=20)


def test_an_unknown_gate_is_gate_not_found(client, mate, parked):
    run, _gate = parked(mate)
    with pytest.raises(NotFoundError) as caught:
        client.runs.approve(run.id, request_id="perm_not_a_gate")
    assert caught.value.code == "gate_not_found"
    client.runs.cancel(run.id)


def test_a_gate_of_a_finished_run(client, mate, parked):
    """A cancelled run's open gate is refused with one of the codes wait() rides out."""
    run, gate = parked(mate)
    client.runs.cancel(run.id)
    with pytest.raises((NotFoundError, ConflictError)) as caught:
        client.runs.approve(run.id, request_id=gate.request_id)
    assert caught.value.code in {"gate_cancelled", "run_not_active"}
    assert client.runs.wait(run.id, interval=0.1, timeout=10).status == "cancelled"


def test_answer_while_not_awaiting_is_a_conflict(client, mate, finished):
    run = finished(mate)
    with pytest.raises(ConflictError):
        client.runs.answer(run.id, answers={"Anything?": "Yes"})


def test_switching_to_autonomous_approves_whats_pending(client, mate, parked):
    run, _gate = parked(mate)
    switched = client.runs.update_permission_mode(run.id, permission_mode="autonomous")
    assert switched.permission_mode == "autonomous"
    assert client.runs.wait(run.id, interval=0.1, timeout=20).status == "completed"


def test_allow_and_remember_stores_a_policy(client, mate, parked, unique):
    alice = f"alice-{unique}"
    run, gate = parked(mate, user_id=alice)
    decided = client.runs.approve(
        run.id, request_id=gate.request_id, decision="allow", remember=True
    )
    assert decided.remembered is True
    assert "gmail" in [p.tool_name for p in client.permissions.list(user_id=alice).data]
    client.runs.wait(run.id, interval=0.1, timeout=20)
