"""The demo's sample reply letter (下载答复函（盖章件）) downloads from the deputy's page (issue 8, item 2)."""

import re
from urllib.parse import quote

from accounts.models import Role, User
from demo import loader as demo
from suggestions.models import Reply, Status


def test_the_demo_deputy_downloads_the_sample_letter(loaded, db, client):
    demo._ensure_letter()  # the load wrote it under its own MEDIA_ROOT; each test has a fresh one
    deputy = User.objects.get(username="deputy")
    reply = Reply.objects.filter(
        suggestion__lead_deputy=deputy.deputy, suggestion__status=Status.REPLIED, stage=Reply.Stage.SENT
    ).first()
    assert reply is not None and reply.letter
    client.force_login(deputy)
    page = client.get(f"/deputy/s/{reply.suggestion_id}/").content.decode()
    link = re.search(r'href="(/files/letter/\d+/)"[^>]*>下载答复函（盖章件）', page)
    assert link and "/media/" not in page
    response = client.get(link.group(1))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    name = f"{reply.suggestion.display_number}建议答复函（盖章件）.pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(name)
    units = reply.suggestion.assignments.values("unit_id")
    stranger = User.objects.filter(role=Role.UNIT_HANDLER).exclude(unit_id__in=units).first()
    client.force_login(stranger)
    assert client.get(link.group(1)).status_code == 404
