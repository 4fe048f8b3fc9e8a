"""Account-level settings (4.49's fields), usage, and email verification."""


def test_settings_fields_round_trip(client):
    before = client.settings.get()
    updated = client.settings.update(
        per_end_user_run_limit=25, per_end_user_cost_limit_cents=500,
        per_end_user_rate_per_minute=10, retention_mode="standard", require_end_user_id=False,
        approval_email_enabled=False, approval_slack_enabled=False,
        result_email_enabled=False, result_slack_enabled=True,
    )
    assert (updated.per_end_user_run_limit, updated.per_end_user_cost_limit_cents) == (25, 500)
    assert updated.per_end_user_rate_per_minute == 10
    assert (updated.approval_email_enabled, updated.approval_slack_enabled) == (False, False)
    assert (updated.result_email_enabled, updated.result_slack_enabled) == (False, True)
    read = client.settings.get()
    assert read.per_end_user_run_limit == 25 and read.approval_email_enabled is False
    # "an int to set, None to clear, or omit to leave unchanged"
    cleared = client.settings.update(per_end_user_run_limit=None)
    assert cleared.per_end_user_run_limit is None and cleared.per_end_user_cost_limit_cents == 500
    client.settings.update(
        per_end_user_cost_limit_cents=before.per_end_user_cost_limit_cents,
        per_end_user_rate_per_minute=before.per_end_user_rate_per_minute,
        approval_email_enabled=before.approval_email_enabled,
        approval_slack_enabled=before.approval_slack_enabled,
        result_email_enabled=before.result_email_enabled,
        result_slack_enabled=before.result_slack_enabled,
    )


def test_usage(client):
    usage = client.auth.get_usage()
    assert usage.plan and usage.runs_used >= 0


def test_verification(client):
    assert isinstance(client.auth.is_verified(), bool)
    assert client.auth.resend_verify()
