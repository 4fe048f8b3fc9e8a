"""Files a run writes: listed with their sizes and downloaded byte for byte."""


def test_list_and_download_a_runs_file(client, mate):
    run = client.runs.create_and_wait(
        message="Write a report of my inbox", teammate_id=mate.id,
        poll_interval=0.1, poll_timeout=20,
    )
    files = client.runs.list_files(run.id)
    assert [f.name for f in files] == ["report.csv"]
    content = client.runs.download_file(run.id, "report.csv")
    assert len(content) == files[0].size and content


def test_a_run_without_files_lists_none(client, mate):
    run = client.runs.create_and_wait(
        message="Say hello", teammate_id=mate.id, poll_interval=0.1, poll_timeout=20
    )
    assert client.runs.list_files(run.id) == []
