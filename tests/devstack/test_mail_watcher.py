"""devstack's mail watcher, on .eml files written to a temporary folder: its summary of a
mail, and reporting each new mail once.
"""

from email.message import EmailMessage

from devstack.mail_watcher import MailWatcher, summarise


def write_mail(folder, name, subject, body):
    message = EmailMessage()
    message["From"] = "no-reply@example.org"
    message["To"] = "person@example.org"
    message["Subject"] = subject
    message.set_content(body)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(bytes(message))
    return folder / name


def test_summary_lists_subject_and_links_but_not_the_recipient(tmp_path):
    """A mail's summary has its subject and links but not its recipient."""
    path = write_mail(
        tmp_path,
        "a.eml",
        "Please confirm",
        "Confirm: http://localhost:8000/api/endorsements/confirm?token=abc.def\n"
        "Withdraw: http://localhost:8000/api/endorsements/withdraw?token=xyz\n",
    )
    summary = summarise(path)
    assert "Please confirm" in summary
    assert "http://localhost:8000/api/endorsements/confirm?token=abc.def" in summary
    assert "http://localhost:8000/api/endorsements/withdraw?token=xyz" in summary
    assert "person@example.org" not in summary


def test_watcher_reports_each_new_mail_once(tmp_path):
    """The watcher reports a mail written after it started, once, and not the one already there."""
    outbox = tmp_path / "outbox"
    write_mail(outbox, "old.eml", "Old", "before start")
    reports = []
    watcher = MailWatcher(outbox, reports.append, interval=0.05)
    watcher.start()
    try:
        write_mail(outbox, "new.eml", "New", "http://localhost/x")
        watcher.stopped.wait(0.5)
    finally:
        watcher.stop()
        watcher.join(2)
    assert len(reports) == 1 and "New" in reports[0]
