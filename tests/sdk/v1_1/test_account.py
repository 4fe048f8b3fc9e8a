"""Account-level reads and writes: settings and usage."""


def test_settings_round_trip(client):
    before = client.settings.get().company_research
    assert client.settings.update(company_research=not before).company_research is (not before)
    assert client.settings.get().company_research is (not before)
    client.settings.update(company_research=before)


def test_usage(client):
    usage = client.auth.get_usage()
    assert usage.plan and usage.runs_used >= 0 and usage.runs_limit > 0
