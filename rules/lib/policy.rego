# METADATA
# description: |
#   Helpers for rules about policy documents: finding elements through the
#   index, reading attributes, and telling known values from expressions.
package apimlint.lib.policy

# elements returns [policy, element] pairs for every element with the given
# name, through the index (rules never scan every element of every policy).
# Each policy is read whole; the built-in rules use located, which reads
# far less, and elements stays for the user's rules.
elements(name) := [[p, el] |
	some ref in input.index.elements[name]
	p := input.policies[ref.policy]
	el := p.elements[ref.element]
]

# located returns [head, element] pairs for every element with the given
# name, like elements, but each policy as its head: its own fields (id,
# scope, service, workspace, api, operation, product, fragment, file,
# origin), not its elements, sections or references. On a large estate a
# rule that needs no more than those reads far less of the input.
located(name) := [[head(ref.policy), input.policies[ref.policy].elements[ref.element]] |
	some ref in input.index.elements[name]
]

# head returns the fields of a policy that say where it is (see located):
# its entry in input.policy_heads, one read; else, in an input made by hand
# without heads, those fields of the policy ({} for no policy).
head(pid) := h if {
	h := input.policy_heads[pid]
} else := {k: v |
	some k in ["id", "scope", "service", "workspace", "api", "operation", "product", "fragment", "file", "origin"]
	v := input.policies[pid][k]
}

# placed returns [policy, anchor, own, element] for every element with the
# given name, where it takes effect: in its own policy (the anchor is the
# element), and, for an element of a fragment, in each policy that includes
# the fragment (the anchor is the include-fragment). own is the policy that
# holds the element. Rules about order and sections compare anchors, and
# read attributes from the element. The policies are heads (see located):
# read more of one as input.policies[p.id].
placed(name) := array.concat([[p, el, p, el] | some [p, el] in own], [[q, inc, f, el] |
	some [f, el] in own
	f.scope == "fragment"
	some [q, inc] in includes[f.id]
]) if own := located(name)

# includes[fragment policy ID] holds [policy head, include-fragment] for
# every include that brings the fragment in (one it may see), built once.
#
# Lookups of this kind are built from a flat set and grouped with an object
# comprehension, which OPA indexes: a rule of the form x[k] contains v
# costs time quadratic in the number of values it holds.
includes := {fpid: incs | some [fpid, _] in _includes; incs := {x | some [id, x] in _includes; id == fpid}}

_includes contains [fpid, [q, inc]] if {
	some [q, inc] in located("include-fragment")
	some fpid in fragments_named(q, attr(inc, "fragment-id", ""))
}

# fragments_named returns the policy IDs of the fragments of that name (in
# any case) a policy includes: its workspace's, else its service's own (a
# policy outside a workspace cannot use a workspace's fragments). The
# estate's effective policies pick the same one.
fragments_named(p, name) := ids if {
	ws := object.get(p, "workspace", "")
	ws != ""
	ids := _fragment_names[[p.service, ws, lower(name)]]
} else := object.get(_fragment_names, [[p.service, "", lower(name)]], set())

# _fragment_names maps [service, workspace ("" for the service's own),
# lower-case name] to the policy IDs of the fragments of that name.
_fragment_names := {key: ids | some [key, _] in _fragments; ids := {id | some [k, id] in _fragments; k == key}}

_fragments contains [[f.service, object.get(f, "workspace", ""), lower(f.name)], f.policy] if some f in input.fragments

# named returns [head, element] pairs (see located) for every element with
# the given name whose name attribute is the given value, in any case: the
# set-header named Authorization is named("set-header", "authorization").
named(element, name) := [[head(ref.policy), input.policies[ref.policy].elements[ref.element]] |
	some ref in input.index.named[element][lower(name)]
]

# authorization_headers[policy ID] holds the set-header elements of the
# policy that name the Authorization header, built once.
authorization_headers := {pid: hs | some [pid, _] in _authorization_headers; hs := {h | some [id, h] in _authorization_headers; id == pid}}

_authorization_headers contains [p.id, h] if some [p, h] in named("set-header", "authorization")

# visible holds when a policy can use an entity (backend, fragment, named
# value) of its service: the entity is the service's own, or in the
# policy's workspace. A policy outside a workspace cannot use its entities.
visible(p, x) if {
	x.service == p.service
	object.get(x, "workspace", "") in {"", object.get(p, "workspace", "")}
}

# attr returns an attribute's value, or fallback when absent.
attr(el, name, fallback) := object.get(el.attributes, name, {"value": fallback}).value

# has_attr holds when the element has the attribute.
has_attr(el, name) if el.attributes[name]

# literal holds when an attribute is present and not a policy expression.
literal(el, name) if {
	a := el.attributes[name]
	not a.expression
}

# attr_loc returns where an attribute's value is written, else the element.
attr_loc(el, name) := el.attributes[name].location

attr_loc(el, name) := el.location if not el.attributes[name]

# is_named_value holds for a value that is exactly one {{named value}}.
is_named_value(s) if regex.match(`^\s*\{\{[A-Za-z0-9._-]+\}\}\s*$`, s)

# references_named_value holds when a value holds a {{named value}}.
references_named_value(s) if regex.match(`\{\{[A-Za-z0-9._-]+\}\}`, s)

# is_expression holds for @(...) and @{...} values.
is_expression(s) if regex.match(`^\s*@[({]`, s)

# ancestor_named holds when an ancestor of el has the given name.
ancestor_named(p, el, name) if {
	some i in el.ancestors
	input.policies[p.id].elements[i].name == name
}

# in_side_request holds for an element inside a send-request or a
# send-one-way-request: what it does is for that request, not for the one
# APIM forwards to the backend.
# Only the ancestors of elements in the few policies that send such a
# request are looked at: on a large estate tokens and validations are in
# thousands of policies, and side requests in few.
in_side_request(p, el) if {
	_may_send_side_requests(p)
	ancestor_named(p, el, "send-request")
}

in_side_request(p, el) if {
	_may_send_side_requests(p)
	ancestor_named(p, el, "send-one-way-request")
}

_may_send_side_requests(p) if p.id in _side_request_policies

# An input made by hand, without the index: every policy may.
_may_send_side_requests(_) if not input.index.elements

_side_request_policies contains ref.policy if {
	some name in ["send-request", "send-one-way-request"]
	some ref in input.index.elements[name]
}

# exclusive holds for two elements of one policy in different branches
# (when, otherwise) of one choose: at most one of them runs.
exclusive(p, a, b) if {
	some i in a.ancestors
	input.policies[p.id].elements[i].name == "choose"
	i in b.ancestors
	_branch(p, a, i) != _branch(p, b, i)
}

# _branch returns the child of element i that holds el.
_branch(p, el, i) := j if {
	some j in el.ancestors
	input.policies[p.id].elements[j].parent == i
}

# scoped holds for policies placed at a scope that inherits from a parent:
# everything but global, fragments and loose files.
scoped(p) if p.scope in {"workspace", "product", "api", "operation"}

# describe names a policy's scope for messages.
describe(p) := sprintf("%s policy", [p.scope]) if p.scope != "unknown"

describe(p) := "policy" if p.scope == "unknown"

# variables_read returns the names of context variables an expression reads:
# context.Variables["x"], context.Variables.GetValueOrDefault<T>("x").
variables_read(s) := {m[1] | some m in regex.find_all_string_submatch_n(`Variables\s*\[\s*"([^"]+)"\s*\]`, s, -1)} | {m[1] |
	some m in regex.find_all_string_submatch_n(`Variables\s*\.\s*GetValueOrDefault\s*(?:<[^>()]*>)?\s*\(\s*"([^"]+)"`, s, -1)
}

# after holds when element b comes after element a in document order.
after(a, b) if b.index > a.index

# mask keeps the first four characters of a secret of at least 12, and
# nothing of a shorter one; finding.Mask does the same in Go.
mask(s) := concat("", [substring(s, 0, 4), "****"]) if count(s) >= 12

mask(s) := "****" if count(s) < 12
