"""Files: those a run writes (listed, downloaded) and those attached at creation
(multipart `runs/with-files`)."""


def test_list_and_download_a_runs_file(client, mate, finished):
    run = finished(mate, "Write a report of my inbox")
    files = client.runs.list_files(run.id)
    assert [f.name for f in files] == ["report.csv"]
    content = client.runs.download_file(run.id, "report.csv")
    assert content and len(content) == files[0].size


def test_a_run_with_attached_files(client, mate, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"ship on friday\n")
    created = client.runs.create(
        message="Read the attached notes", teammate_id=mate.id, stream=False,
        files=[str(notes), ("data.csv", b"a,b\n1,2\n")],
    )
    run = client.runs.wait(created.id, interval=0.1, timeout=20)
    assert run.status == "completed"
    names = {f.name: f.size for f in client.runs.list_files(run.id)}
    assert names.get("notes.txt") == len(b"ship on friday\n")
    assert names.get("data.csv") == len(b"a,b\n1,2\n")
    assert client.runs.download_file(run.id, "data.csv") == b"a,b\n1,2\n"


def test_a_streamed_run_with_files(client, mate):
    with client.runs.create(
        message="Read the attached notes", teammate_id=mate.id, files=[("a.txt", b"hello")]
    ) as stream:
        list(stream)
    assert stream.run_id
    assert "a.txt" in [f.name for f in client.runs.list_files(stream.run_id)]


def test_a_reply_with_files(client, mate, finished):
    """"earlier uploads keep their names (a same-named re-upload gets a collision suffix)\""""
    run = finished(mate)
    for content in (b"first", b"second"):
        reply = client.runs.reply(
            run.id, message="Read this too", stream=False, files=[("more.txt", content)]
        )
        assert reply.id == run.id
        client.runs.wait(run.id, interval=0.1, timeout=20)
    names = [f.name for f in client.runs.list_files(run.id)]
    uploads = [name for name in names if name.startswith("more")]
    assert "more.txt" in uploads and len(uploads) == 2
    assert client.runs.download_file(run.id, "more.txt") == b"first"
