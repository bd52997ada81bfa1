"""Web nodes keep no state: the same steps driven through two gunicorn nodes at once apply once each."""

import threading

import pytest

from suggestions.models import Event, Status, Suggestion
from tests.ops.nodes import Browser, Node
from tests.world import advance, build

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_nodes():
    nodes = [Node(workers=2), Node(workers=2)]
    yield nodes
    for node in nodes:
        node.stop()


def test_each_step_applies_exactly_once_across_two_nodes(two_nodes):
    w = build()
    suggestions = [advance(w, w.new_draft(title=f"关于第{i}项民生实事的建议"), Status.ASSIGNED) for i in range(6)]
    handler = Browser(w.handler)

    outcomes: dict[int, list[int]] = {s.pk: [] for s in suggestions}
    barrier = threading.Barrier(2 * len(suggestions))

    def sign(node, pk):
        barrier.wait()
        status, _ = handler.post(node, f"/api/v1/suggestions/{pk}/actions/sign/")
        outcomes[pk].append(status)

    threads = [threading.Thread(target=sign, args=(node, s.pk)) for s in suggestions for node in two_nodes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    for s in suggestions:
        assert sorted(outcomes[s.pk]) == [200, 409], outcomes
        assert Event.objects.filter(suggestion=s, name="sign").count() == 1
        assert Suggestion.objects.get(pk=s.pk).status == Status.HANDLING


def test_a_session_made_on_one_node_is_served_by_the_other(two_nodes):
    w = build()
    s = advance(w, w.new_draft(), Status.ASSIGNED)
    handler = Browser(w.handler)
    first, second = two_nodes
    assert handler.get(first, f"/api/v1/suggestions/{s.pk}/")[0] == 200
    assert handler.get(second, f"/api/v1/suggestions/{s.pk}/")[0] == 200
    assert handler.post(second, f"/api/v1/suggestions/{s.pk}/actions/sign/")[0] == 200
