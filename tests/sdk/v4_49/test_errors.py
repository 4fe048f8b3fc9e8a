"""Errors are the SDK's typed exceptions, and `exc.code` carries the machine code from
`error.details.error_code` (4.49 reads it there; `exc.error_code` prefers the top level)."""

import pytest
from m8tes import AuthenticationError, ConflictError, M8tes, NotFoundError, ValidationError


def test_an_unknown_run_is_not_found(client):
    with pytest.raises(NotFoundError) as caught:
        client.runs.get(987654321)
    error = caught.value
    assert error.status_code == 404 and error.message and error.request_id


def test_a_bad_key_is_an_authentication_error():
    with M8tes(api_key="m8_not_a_real_key") as stranger:
        with pytest.raises(AuthenticationError) as caught:
            stranger.agents.list()
    assert caught.value.status_code == 401


def test_invalid_input_is_a_validation_error(client, mate):
    with pytest.raises(ValidationError) as caught:
        client.runs.create(message="x", teammate_id=mate.id, stream=False, permission_mode="plan")
    assert caught.value.status_code == 422 and caught.value.message


def test_cancelling_a_finished_run_is_a_conflict(client, mate, finished):
    run = finished(mate)
    with pytest.raises(ConflictError) as caught:
        client.runs.cancel(run.id)
    assert caught.value.status_code == 409 and caught.value.message


def test_exc_code_is_read_from_error_details(client, mate, parked):
    """4.49 sets `exc.code` from `error.details.error_code` only; `exc.error_code` also
    takes the top-level `error.error_code`. A server that sends both satisfies both."""
    run, _gate = parked(mate)
    with pytest.raises(NotFoundError) as caught:
        client.runs.approve(run.id, request_id="perm_not_a_gate")
    assert caught.value.code == "gate_not_found"
    assert caught.value.details.get("error_code") == "gate_not_found"
    assert caught.value.error_code == "gate_not_found"
    client.runs.cancel(run.id)
