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
