"""Routing: rules in CEL pick queue and priority; assignment goes by skill, load and presence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskpilot.errors import InputError, NotFoundError, PolicyError
from deskpilot.handoff import (
    AgentState,
    CaseFacts,
    Presence,
    Priority,
    QueuedCase,
    Router,
    RoutingConfig,
)

ONLINE, AWAY, OFFLINE = Presence.ONLINE, Presence.AWAY, Presence.OFFLINE
T0 = datetime(2025, 6, 10, 9, tzinfo=UTC)


@pytest.fixture
def router(config: RoutingConfig) -> Router:
    return Router(config)


@pytest.mark.parametrize(
    ("facts", "queue", "priority", "rule"),
    [
        (CaseFacts(vip=True, sentiment=-0.8), "vip", Priority.URGENT, "unhappy_vip"),
        (CaseFacts(vip=True, sentiment=-0.2), "vip", Priority.HIGH, "vip"),
        (CaseFacts(tier="platinum"), "vip", Priority.HIGH, "vip"),
        (CaseFacts(intent="refund_request"), "billing", Priority.NORMAL, "billing"),
        (CaseFacts(intent="invoice_copy"), "billing", Priority.NORMAL, "billing"),
        (CaseFacts(language="ja"), "japan", Priority.NORMAL, "japanese"),
        (CaseFacts(channel="sms", urgency=0.9), "general", Priority.HIGH, "urgent_sms"),
        (CaseFacts(channel="sms", urgency=0.4), "general", Priority.NORMAL, None),
        (CaseFacts(channel="chat", urgency=0.9), "general", Priority.NORMAL, None),
        (CaseFacts(), "general", Priority.NORMAL, None),
    ],
)
def test_router_route_first_matching_rule_decides(
    router: Router, facts: CaseFacts, queue: str, priority: Priority, rule: str | None
) -> None:
    decision = router.route(facts)
    assert (decision.queue, decision.priority, decision.rule) == (queue, priority, rule)
    expected = f"rule {rule!r} matched" if rule else "no rule matched: default queue"
    assert decision.reason == expected


def test_router_route_rule_order_wins_over_later_matches(router: Router) -> None:
    # A Japanese-speaking VIP asking for a refund matches three rules; the first listed wins.
    facts = CaseFacts(vip=True, language="ja", intent="refund_request")
    assert router.route(facts).queue == "vip"
    assert router.route(CaseFacts(language="ja", intent="refund_request")).queue == "billing"


def _config(**overrides: Any) -> RoutingConfig:
    base: dict[str, Any] = {
        "default_queue": "support",
        "queues": [{"name": "support", "skills": ["support"]}],
        "agents": [
            {"id": "ann", "name": "Ann", "skills": {"support": 3}, "capacity": 2},
            {"id": "bob", "name": "Bob", "skills": {"support": 3}, "capacity": 2},
        ],
    }
    return RoutingConfig.model_validate({**base, **overrides})


def test_router_route_evaluation_error_is_a_policy_error() -> None:
    # The neutral case at load short-circuits; a real urgent case reaches the division by zero.
    rules = [{"name": "odd", "when": "case.urgency > 0.5 && 1 / 0 == 1", "queue": "support"}]
    router = Router(_config(rules=rules))
    assert router.route(CaseFacts(urgency=0.1)).rule is None
    with pytest.raises(PolicyError, match="routing rule 'odd' could not be evaluated"):
        router.route(CaseFacts(urgency=0.9))


def test_router_assign_requires_every_skill_of_the_queue(router: Router) -> None:
    everyone = [AgentState(a, ONLINE) for a in ("camille", "dana", "eli", "kenji", "yui")]
    billing = router.assign("billing", everyone)
    assert billing is not None and billing.agent_id == "dana"  # 4+5 beats eli's 3+3
    assert billing.proficiency == 9
    japan = router.assign("japan", everyone)
    assert japan is not None and japan.agent_id == "kenji"
    vip = router.assign("vip", everyone)
    assert vip is not None and vip.agent_id == "camille"


def test_router_assign_goes_to_the_least_loaded(router: Router) -> None:
    # Dana has 3 of 5 open (60 %), Eli 1 of 3 (33 %): Eli, despite Dana's higher proficiency.
    states = [AgentState("dana", ONLINE, open_cases=3), AgentState("eli", ONLINE, open_cases=1)]
    chosen = router.assign("billing", states)
    assert chosen is not None and chosen.agent_id == "eli"
    assert chosen.reason == "least loaded with support, billing: 1 of 3 open, proficiency 6"
    # Load is relative to capacity: 2 of 5 (40 %) beats 2 of 3 (67 %).
    states = [AgentState("dana", ONLINE, open_cases=2), AgentState("eli", ONLINE, open_cases=2)]
    chosen = router.assign("billing", states)
    assert chosen is not None and chosen.agent_id == "dana"


def test_router_assign_respects_capacity(router: Router) -> None:
    full = [AgentState("dana", ONLINE, open_cases=5), AgentState("eli", ONLINE, open_cases=3)]
    assert router.assign("billing", full) is None
    one_free = [AgentState("dana", ONLINE, open_cases=5), AgentState("eli", ONLINE, open_cases=2)]
    chosen = router.assign("billing", one_free)
    assert chosen is not None and chosen.agent_id == "eli"


@pytest.mark.parametrize("presence", [AWAY, OFFLINE])
def test_router_assign_skips_agents_not_online(router: Router, presence: Presence) -> None:
    states = [AgentState("dana", presence), AgentState("eli", ONLINE, open_cases=2)]
    chosen = router.assign("billing", states)
    assert chosen is not None and chosen.agent_id == "eli"
    assert router.assign("billing", [AgentState("dana", presence)]) is None


def test_router_assign_nobody_known_means_the_case_waits(router: Router) -> None:
    assert router.assign("billing", []) is None
    # States of agents missing from routing.yaml are ignored: their skills are unknown.
    assert router.assign("billing", [AgentState("ghost", ONLINE)]) is None


def test_router_assign_ties_go_to_longest_idle_then_id() -> None:
    router = Router(_config())
    states = [
        AgentState("ann", ONLINE, idle_since=T0),
        AgentState("bob", ONLINE, idle_since=T0 - timedelta(minutes=5)),
    ]
    chosen = router.assign("support", states)
    assert chosen is not None and chosen.agent_id == "bob"
    same_idle = [AgentState("bob", ONLINE, idle_since=T0), AgentState("ann", ONLINE, idle_since=T0)]
    chosen = router.assign("support", same_idle)
    assert chosen is not None and chosen.agent_id == "ann"


def test_router_assign_exclude_reassigns_to_someone_else(router: Router) -> None:
    states = [AgentState("camille", ONLINE), AgentState("eli", ONLINE, open_cases=2)]
    first = router.assign("vip", states)
    assert first is not None and first.agent_id == "camille"
    second = router.assign("vip", states, exclude={"camille"})
    assert second is not None and second.agent_id == "eli"


def test_router_assign_rejects_duplicate_states_and_unknown_queue(router: Router) -> None:
    with pytest.raises(InputError, match="'dana' appears twice"):
        router.assign("billing", [AgentState("dana", ONLINE), AgentState("dana", AWAY)])
    with pytest.raises(NotFoundError, match="unknown queue 'sales'"):
        router.assign("sales", [])


_STATES = st.lists(
    st.builds(
        AgentState,
        agent_id=st.sampled_from(["camille", "dana", "eli", "kenji", "yui"]),
        presence=st.sampled_from(list(Presence)),
        open_cases=st.integers(min_value=0, max_value=6),
        idle_since=st.none() | st.just(T0),
    ),
    max_size=5,
    unique_by=lambda s: s.agent_id,
)


@settings(max_examples=200, deadline=None)
@given(_STATES, st.sampled_from(["general", "billing", "japan", "vip"]))
def test_router_assign_picks_a_qualified_agent_with_the_lowest_load(
    config: RoutingConfig, states: list[AgentState], queue: str
) -> None:
    router = Router(config)
    skills = set(config.queue(queue).skills)

    def qualified(state: AgentState) -> bool:
        agent = config.agent(state.agent_id)
        assert agent is not None
        return (
            state.presence == ONLINE
            and state.open_cases < agent.capacity
            and skills <= set(agent.skills)
        )

    def load(state: AgentState) -> float:
        agent = config.agent(state.agent_id)
        assert agent is not None
        return state.open_cases / agent.capacity

    eligible = [s for s in states if qualified(s)]
    chosen = router.assign(queue, states)
    if not eligible:
        assert chosen is None
        return
    assert chosen is not None
    state = next(s for s in states if s.agent_id == chosen.agent_id)
    assert qualified(state)
    assert load(state) == min(load(s) for s in eligible)


def _waiting(case_id: str, priority: Priority, *, vip: bool = False, **kw: Any) -> QueuedCase:
    return QueuedCase(case_id, priority, enqueued_at=kw.pop("enqueued_at", T0), vip=vip, **kw)


def test_router_order_priority_then_vip_then_time_to_breach(router: Router) -> None:
    cases = [
        _waiting("a", Priority.NORMAL),
        _waiting("b", Priority.NORMAL, vip=True),
        _waiting("c", Priority.URGENT),
        _waiting("d", Priority.NORMAL, breach_at=T0 + timedelta(hours=2)),
        _waiting("e", Priority.NORMAL, breach_at=T0 + timedelta(hours=1)),
        _waiting("f", Priority.NORMAL, enqueued_at=T0 - timedelta(minutes=1)),
    ]
    ordered = [c.case_id for c in router.order("general", cases)]
    # Urgency first, VIP next, then the nearest breach; no running clock goes last, oldest first.
    assert ordered == ["c", "b", "e", "d", "f", "a"]


def test_router_order_weights_are_per_queue(router: Router) -> None:
    cases = [_waiting("urgent", Priority.URGENT), _waiting("vip", Priority.NORMAL, vip=True)]
    # The vip queue weighs VIP at 50 against 10 per priority step: VIPs first, whatever else.
    assert [c.case_id for c in router.order("vip", cases)] == ["vip", "urgent"]
    assert [c.case_id for c in router.order("general", cases)] == ["urgent", "vip"]
