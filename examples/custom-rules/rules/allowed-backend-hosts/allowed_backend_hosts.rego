# METADATA
# title: Backends are on approved hosts
# description: |
#   APIM may only forward requests to hosts the platform team approved: our
#   Function apps and the internal gateway. A backend entity's url, an API's
#   serviceUrl and a set-backend-service base-url must name an approved host.
#   The approved hosts are glob patterns, a parameter:
#   rules.allowed-backend-hosts.params.hosts in .apimlint.yaml.
# custom:
#   id: allowed-backend-hosts
#   severity: error
#   remediation: Point the backend at an approved host, or have the platform team approve the host.
package apimlint.rules["allowed-backend-hosts"]

import data.apimlint.lib.config
import data.apimlint.lib.known
import data.apimlint.lib.policy
import data.apimlint.lib.result

hosts := config.param("allowed-backend-hosts", "hosts", ["*.azurewebsites.net"])

report contains _fail(url, b.url.location, sprintf("backend %q", [b.name])) if {
	some b in input.backends
	url := known.string(b.url)
}

report contains _fail(url, a.service_url.location, sprintf("API %q serviceUrl", [a.name])) if {
	some a in input.apis
	url := known.string(a.service_url)
}

report contains _fail(url, policy.attr_loc(el, "base-url"), "set-backend-service base-url") if {
	some [_, el] in policy.elements("set-backend-service")
	policy.literal(el, "base-url")
	url := policy.attr(el, "base-url", "")
	not policy.references_named_value(url)
}

_fail(url, location, what) := result.fail(rego.metadata.chain(), location, msg) if {
	host := _host(url)
	not _approved(host)
	msg := sprintf("%s goes to %s, which is not an approved backend host (%s)", [what, host, concat(", ", hosts)])
}

# _host is the host of an absolute URL, lower case, without port.
_host(url) := lower(split(split(split(url, "://")[1], "/")[0], ":")[0]) if contains(url, "://")

_approved(host) if {
	some pattern in hosts
	glob.match(lower(pattern), ["."], host)
}
