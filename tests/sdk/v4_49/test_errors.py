"""Errors are the SDK's typed exceptions, and `exc.code` carries the machine code from
`error.details.error_code` (4.49 reads it there; `exc.error_code` prefers the top level)."""

import pytest
from m8tes import AuthenticationError, ConflictError, M8tes, NotFoundError, ValidationError


def test_an_unknown_run_is_not_found_with_a_code(client):
    with pytest.raises(NotFoundError) as caught:
        client.runs.get(987654321)
    error = caught.value
    assert error.status_code == 404 and error.message and error.request_id
    assert isinstance(error.code, str) and error.code, "no error.details.error_code"
    assert error.error_code == error.code


def test_a_bad_key_is_an_authentication_error():
    with M8tes(api_key="m8_not_a_real_key") as stranger:
        with pytest.raises(AuthenticationError) as caught:
            stranger.agents.list()
    assert caught.value.status_code == 401


def test_invalid_input_is_a_validation_error_with_a_code(client, mate):
    with pytest.raises(ValidationError) as caught:
        client.runs.create(message="x", teammate_id=mate.id, stream=False, permission_mode="plan")
    assert caught.value.status_code == 422 and caught.value.code


def test_a_conflict_carries_its_code(client, mate, finished):
    run = finished(mate)
    with pytest.raises(ConflictError) as caught:
        client.runs.cancel(run.id)
    assert caught.value.status_code == 409 and caught.value.code
