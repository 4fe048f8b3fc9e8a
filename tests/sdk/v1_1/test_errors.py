"""Errors arrive as the SDK's typed exceptions, with the server's message and status."""

import pytest
from m8tes import AuthenticationError, M8tes, NotFoundError, ValidationError


def test_an_unknown_run_is_not_found(client):
    with pytest.raises(NotFoundError) as caught:
        client.runs.get(987654321)
    assert caught.value.status_code == 404 and caught.value.message


def test_a_bad_key_is_an_authentication_error():
    with M8tes(api_key="m8_not_a_real_key") as stranger:
        with pytest.raises(AuthenticationError) as caught:
            stranger.teammates.list()
    assert caught.value.status_code == 401


def test_invalid_input_is_a_validation_error(client, mate):
    with pytest.raises(ValidationError) as caught:
        client.runs.create(message="x", teammate_id=mate.id, stream=False, permission_mode="plan")
    assert caught.value.status_code == 422
