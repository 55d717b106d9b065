# METADATA
# description: |
#   Builds findings from a rule's METADATA, the way every apimlint rule reports:
#   report contains result.fail(rego.metadata.chain(), location, message).
package apimlint.lib.result

# fail returns a finding of the rule whose METADATA is in chain, at location
# (an object with file, line, column, end_line and end_column), with the rule's
# default severity.
fail(chain, location, message) := fail_as(chain, location, message, _meta(chain).custom.severity)

# fail_as is fail with a severity other than the rule's default.
fail_as(chain, location, message, severity) := {
	"rule": _meta(chain).custom.id,
	"severity": severity,
	"message": message,
	"location": location,
	"related": [],
}

# with_related adds related locations, each made with related(location, message).
with_related(finding, rel) := object.union(finding, {"related": rel})

# related is one other place a finding rests on.
related(location, message) := {"location": location, "message": message}

# with_secret records a value that every output must mask.
with_secret(finding, secret) := object.union(finding, {"secrets": [secret]})

_meta(chain) := [a | some entry in chain; a := entry.annotations; a.custom.id][0]
