# METADATA
# description: |
#   Helpers for fields: properties whose value may be unknown before deployment.
#   A rule never reports a violation that rests on an unknown value.
package apimlint.lib.known

# value returns a field's value when it is known.
value(f) := f.value if f.known == true

# is_true holds for a known true.
is_true(f) if {
	f.known == true
	f.value == true
}

# is_false holds for a known false.
is_false(f) if {
	f.known == true
	f.value == false
}

# string returns a known string.
string(f) := f.value if {
	f.known == true
	is_string(f.value)
}

# loc returns a field's location, else the fallback.
loc(f, _) := f.location if f.location

loc(f, fallback) := fallback if not f.location

# false_at holds when obj[key] is a known false. Write
# "not known.false_at(obj, key)", never "not known.is_false(obj.key)": OPA
# evaluates a call's arguments outside the negation, so with the field absent
# the whole "not" expression would be undefined instead of true.
false_at(obj, key) if is_false(obj[key])

# string_at returns obj[key] when it is a known string (see false_at).
string_at(obj, key) := string(obj[key])
