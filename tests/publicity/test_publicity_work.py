"""我的待办 of the 公示审核员 (PUB-09): a publication draft waiting for review is there for the agency's reviewer,
with its deadline's rule in words and a link to its workspace; not for an officer nor for another agency's
reviewer; and gone once it is published."""

from __future__ import annotations

from django.urls import reverse

from zhifa.agencies.models import Person, Role
from zhifa.publicity import actions
from zhifa.publicity.models import Publication


def test_the_draft_waits_in_the_reviewers_work_queue_and_leaves_it_when_published(client, world, decided, reviewer):
    pub = Publication.objects.get(case_id=decided[0].pk)
    workspace = reverse("publicity:review", args=[pub.pk])
    client.force_login(reviewer)
    page = client.get(reverse("work:todo")).content.decode()
    assert workspace in page and "审核并发布行政处罚公示信息" in page and "王大山" in page
    assert "PUB-04" not in page  # the rule by its words, not its code

    client.force_login(world.u_officer)
    assert workspace not in client.get(reverse("work:todo")).content.decode()
    other = world.user("ly_publicity", [(world.ly_nr, Role.PUBLICITY)], person=Person.objects.create(name="钱多"))
    client.force_login(other)
    assert workspace not in client.get(reverse("work:todo")).content.decode()

    actions.mark(actor=reviewer, publication=pub, decisions=dict.fromkeys(range(len(pub.marks)), "accepted"))
    actions.publish(actor=reviewer, publication=pub)
    client.force_login(reviewer)
    assert workspace not in client.get(reverse("work:todo")).content.decode()
