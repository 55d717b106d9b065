package apimlint.lib.policy_test

import data.apimlint.lib.policy

_policy := {"id": "p1", "scope": "api", "service": "s", "api": "a", "file": "x.xml", "origin": "apiops", "elements": [{"name": "base"}]}

test_head_reads_policy_heads if {
	h := {"id": "p1", "scope": "api", "service": "s", "api": "a", "file": "x.xml", "origin": "apiops"}
	policy.head("p1") == h with input as {"policy_heads": {"p1": h}, "policies": {"p1": _policy}}
}

test_head_without_policy_heads_reads_the_policy if {
	policy.head("p1") == {"id": "p1", "scope": "api", "service": "s", "api": "a", "file": "x.xml", "origin": "apiops"} with input as {"policies": {"p1": _policy}}
}

test_head_of_no_policy_is_empty if {
	policy.head("p2") == {} with input as {"policies": {"p1": _policy}}
}

test_located_without_policy_heads if {
	got := policy.located("base") with input as {
		"policies": {"p1": _policy},
		"index": {"elements": {"base": [{"policy": "p1", "element": 0}]}},
	}
	got == [[{"id": "p1", "scope": "api", "service": "s", "api": "a", "file": "x.xml", "origin": "apiops"}, {"name": "base"}]]
}

_request_policy := {"id": "p1", "elements": [
	{"index": 0, "name": "policies", "ancestors": []},
	{"index": 1, "name": "send-request", "ancestors": [0]},
	{"index": 2, "name": "authentication-managed-identity", "ancestors": [0, 1]},
]}

test_in_side_request_reads_the_index if {
	policy.in_side_request(_request_policy, _request_policy.elements[2]) with input as {
		"policies": {"p1": _request_policy},
		"index": {"elements": {"send-request": [{"policy": "p1", "element": 1}]}},
	}
	not policy.in_side_request(_request_policy, _request_policy.elements[2]) with input as {
		"policies": {"p1": _request_policy},
		"index": {"elements": {"base": []}},
	}
}

test_in_side_request_without_the_index if {
	policy.in_side_request(_request_policy, _request_policy.elements[2]) with input as {"policies": {"p1": _request_policy}}
}
