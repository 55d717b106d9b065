// Package gen writes synthetic estates for the benchmarks: an APIOps
// extractor folder and a Bicep repository of any size, with realistic policies
// (rawxml expressions, named values, backends, fragments, products) and a few
// percent of files that hold a finding. The same seed always gives the same
// bytes, so runs on different days compare.
package gen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Options size a generated estate.
type Options struct {
	Seed        uint64
	APIs        int
	Operations  int // per API
	Products    int
	Backends    int
	NamedValues int
	Fragments   int
	// APIsPerModule is how many APIs one Bicep module declares.
	APIsPerModule int
	// Strict writes policies as strict XML, their expressions entity-escaped,
	// for tools that cannot read rawxml.
	Strict bool
	// Tokens makes every API policy validate the caller's token after
	// <base /> and then obtain a managed-identity token, the pattern
	// apimlint checks. It draws no random numbers: the estate is otherwise
	// the same.
	Tokens bool
}

// Large is the estate of the benchmark: 2,000 APIs of 5 operations, about
// 12,000 policy files.
var Large = Options{Seed: 1, APIs: 2000, Operations: 5, Products: 20, Backends: 50,
	NamedValues: 100, Fragments: 10, APIsPerModule: 10}

// Stats count what was written.
type Stats struct {
	Files    int // every file written
	Policies int // policy XML files
	Modules  int // Bicep files
	// Defects is how many deliberate problems were planted.
	Defects int
	Bytes   int64
}

type writer struct {
	root   string
	strict bool
	stats  Stats
	err    error
}

func (w *writer) write(rel, content string) {
	if w.err != nil {
		return
	}
	if w.strict && filepath.Ext(rel) == ".xml" {
		content = strictXML(content)
	}
	p := filepath.Join(w.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		w.err = err
		return
	}
	w.stats.Files++
	w.stats.Bytes += int64(len(content))
	switch filepath.Ext(rel) {
	case ".xml":
		w.stats.Policies++
	case ".bicep", ".bicepparam":
		w.stats.Modules++
	}
}

// estate is the content shared by both layouts: names and policy texts.
type estate struct {
	opts     Options
	rng      *rand.Rand
	defects  int
	backends []string
	nvs      []string
	frags    []string
}

func newEstate(opts Options) *estate {
	e := &estate{opts: opts, rng: rand.New(rand.NewPCG(opts.Seed, 0x61706d6c))}
	for i := range opts.Backends {
		e.backends = append(e.backends, fmt.Sprintf("backend-%03d", i+1))
	}
	for i := range opts.NamedValues {
		e.nvs = append(e.nvs, fmt.Sprintf("nv-%03d", i+1))
	}
	for i := range opts.Fragments {
		e.frags = append(e.frags, fmt.Sprintf("fragment-%02d", i+1))
	}
	return e
}

// chance holds with probability p.
func (e *estate) chance(p float64) bool { return e.rng.Float64() < p }

func (e *estate) pick(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return xs[e.rng.IntN(len(xs))]
}

// defect plants a problem with probability p and counts it.
func (e *estate) defect(p float64) bool {
	if e.chance(p) {
		e.defects++
		return true
	}
	return false
}

func apiName(i int) string     { return fmt.Sprintf("api-%04d", i+1) }
func productName(i int) string { return fmt.Sprintf("product-%02d", i+1) }

var opNames = []string{"list-items", "get-item", "create-item", "update-item", "delete-item",
	"search", "get-status", "export", "import", "archive"}

var methods = []string{"GET", "GET", "POST", "PUT", "DELETE", "GET", "GET", "POST", "POST", "POST"}

func opName(j int) string {
	if j < len(opNames) {
		return opNames[j]
	}
	return fmt.Sprintf("operation-%02d", j+1)
}

// base is <base /> unless a defect drops it from the section.
func (e *estate) base(indent string) string {
	if e.defect(0.004) {
		return ""
	}
	return indent + "<base />\n"
}

// namedValue returns a {{reference}}, now and then to a named value that does
// not exist.
func (e *estate) namedValue() string {
	if e.defect(0.003) {
		return fmt.Sprintf("{{missing-%03d}}", e.rng.IntN(1000))
	}
	return "{{" + e.pick(e.nvs) + "}}"
}

// globalPolicy is the service-wide policy.
func (e *estate) globalPolicy() string {
	return `<policies>
	<inbound>
		<cors allow-credentials="false">
			<allowed-origins>
				<origin>*</origin>
			</allowed-origins>
			<allowed-methods>
				<method>GET</method>
				<method>POST</method>
			</allowed-methods>
		</cors>
		<set-header name="X-Environment" exists-action="override">
			<value>` + e.namedValue() + `</value>
		</set-header>
		<set-header name="Ocp-Apim-Subscription-Key" exists-action="delete" />
		<include-fragment fragment-id="` + e.pick(e.frags) + `" />
	</inbound>
	<backend>
		<forward-request timeout="60" />
	</backend>
	<outbound>
		<set-header name="X-Powered-By" exists-action="delete" />
	</outbound>
	<on-error>
		<set-header name="X-Error-Reason" exists-action="override">
			<value>@(context.LastError.Reason)</value>
		</set-header>
	</on-error>
</policies>
`
}

// apiPolicy is the policy of one API: rawxml expressions with raw quotes,
// && and < inside attributes, as the extractor writes them.
func (e *estate) apiPolicy(api string) string {
	var b strings.Builder
	b.WriteString("<policies>\n\t<inbound>\n")
	b.WriteString(e.base("\t\t"))
	if e.opts.Tokens {
		b.WriteString("\t\t<validate-jwt header-name=\"Authorization\" failed-validation-httpcode=\"401\">\n" +
			"\t\t\t<openid-config url=\"https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration\" />\n" +
			"\t\t</validate-jwt>\n" +
			"\t\t<authentication-managed-identity resource=\"api://contoso-func\" />\n")
	}
	backend := e.pick(e.backends)
	if e.defect(0.004) {
		backend = "retired-" + backend
	}
	fmt.Fprintf(&b, "\t\t<set-backend-service backend-id=%q />\n", backend)
	fmt.Fprintf(&b, "\t\t<rate-limit-by-key calls=\"%d\" renewal-period=\"60\" "+
		"counter-key=\"@(context.Subscription?.Key ?? context.Request.IpAddress)\" />\n", 50+e.rng.IntN(20)*10)
	b.WriteString("\t\t<set-header name=\"X-Correlation-Id\" exists-action=\"skip\">\n" +
		"\t\t\t<value>@(context.Request.Headers.GetValueOrDefault(\"x-correlation-id\", Guid.NewGuid().ToString()))</value>\n" +
		"\t\t</set-header>\n")
	fmt.Fprintf(&b, "\t\t<set-header name=\"X-Api\" exists-action=\"override\">\n\t\t\t<value>%s</value>\n\t\t</set-header>\n", api)
	fmt.Fprintf(&b, "\t\t<set-variable name=\"tier\" value=\"%s\" />\n", e.namedValue())
	if e.chance(0.5) {
		b.WriteString("\t\t<choose>\n" +
			"\t\t\t<when condition=\"@(context.Request.Headers.GetValueOrDefault(\"x-debug\", \"\") == \"1\" && context.Variables.GetValueOrDefault<int>(\"retries\", 0) < 3)\">\n" +
			"\t\t\t\t<set-variable name=\"debug\" value=\"@(true)\" />\n" +
			"\t\t\t</when>\n" +
			"\t\t\t<otherwise>\n" +
			"\t\t\t\t<set-variable name=\"debug\" value=\"@(false)\" />\n" +
			"\t\t\t</otherwise>\n" +
			"\t\t</choose>\n")
	}
	if e.chance(0.3) {
		fmt.Fprintf(&b, "\t\t<include-fragment fragment-id=%q />\n", e.pick(e.frags))
	}
	if e.defect(0.002) {
		b.WriteString("\t\t<set-header name=\"Authorization\" exists-action=\"override\">\n" +
			"\t\t\t<value>Bearer 3f6c1d9a8b7e4f20a1c5d3e9</value>\n\t\t</set-header>\n")
	}
	b.WriteString("\t</inbound>\n\t<backend>\n")
	b.WriteString(e.base("\t\t"))
	b.WriteString("\t</backend>\n\t<outbound>\n")
	b.WriteString(e.base("\t\t"))
	b.WriteString("\t\t<set-header name=\"X-AspNet-Version\" exists-action=\"delete\" />\n")
	b.WriteString("\t</outbound>\n\t<on-error>\n")
	b.WriteString(e.base("\t\t"))
	b.WriteString("\t</on-error>\n</policies>\n")
	return b.String()
}

// brokenPolicy is a policy that does not parse: a tag left open.
const brokenPolicy = "<policies>\n\t<inbound>\n\t\t<base />\n\t\t<set-variable name=\"x\" value=\"1\">\n\t</inbound>\n</policies>\n"

// operationPolicy is the policy of one operation.
func (e *estate) operationPolicy(op string) string {
	var b strings.Builder
	if e.defect(0.001) {
		return brokenPolicy
	}
	b.WriteString("<policies>\n\t<inbound>\n")
	b.WriteString(e.base("\t\t"))
	fmt.Fprintf(&b, "\t\t<set-query-parameter name=\"source\" exists-action=\"override\">\n"+
		"\t\t\t<value>%s</value>\n\t\t</set-query-parameter>\n", op)
	switch e.rng.IntN(4) {
	case 0:
		b.WriteString("\t\t<set-body>@{\n" +
			"\t\t\tvar body = context.Request.Body.As<JObject>(preserveContent: true);\n" +
			"\t\t\tbody[\"requestId\"] = context.RequestId;\n" +
			"\t\t\tif (body[\"items\"] != null && body[\"items\"].Count() > 100) {\n" +
			"\t\t\t\tbody[\"truncated\"] = true;\n\t\t\t}\n" +
			"\t\t\treturn body.ToString();\n\t\t}</set-body>\n")
	case 1:
		b.WriteString("\t\t<cache-lookup vary-by-developer=\"false\" vary-by-developer-groups=\"false\" downstream-caching-type=\"none\">\n" +
			"\t\t\t<vary-by-header>Accept</vary-by-header>\n\t\t</cache-lookup>\n")
	case 2:
		fmt.Fprintf(&b, "\t\t<check-header name=\"X-Client\" failed-check-httpcode=\"401\" "+
			"failed-check-error-message=\"Not allowed\" ignore-case=\"true\">\n"+
			"\t\t\t<value>%s</value>\n\t\t</check-header>\n", e.namedValue())
	}
	b.WriteString("\t</inbound>\n\t<backend>\n")
	b.WriteString(e.base("\t\t"))
	b.WriteString("\t</backend>\n\t<outbound>\n")
	b.WriteString(e.base("\t\t"))
	if e.chance(0.3) {
		b.WriteString("\t\t<set-header name=\"X-Elapsed\" exists-action=\"override\">\n" +
			"\t\t\t<value>@(context.Elapsed.TotalMilliseconds < 1000 ? \"fast\" : \"slow\")</value>\n" +
			"\t\t</set-header>\n")
	}
	b.WriteString("\t</outbound>\n\t<on-error>\n")
	b.WriteString(e.base("\t\t"))
	b.WriteString("\t</on-error>\n</policies>\n")
	return b.String()
}

func (e *estate) productPolicy(name string) string {
	return "<policies>\n\t<inbound>\n" + e.base("\t\t") +
		fmt.Sprintf("\t\t<quota calls=\"%d\" renewal-period=\"86400\" />\n", 1000+e.rng.IntN(9)*1000) +
		"\t\t<set-header name=\"X-Product\" exists-action=\"override\">\n\t\t\t<value>" + name + "</value>\n\t\t</set-header>\n" +
		"\t</inbound>\n\t<backend>\n" + e.base("\t\t") + "\t</backend>\n\t<outbound>\n" + e.base("\t\t") +
		"\t</outbound>\n\t<on-error>\n" + e.base("\t\t") + "\t</on-error>\n</policies>\n"
}

func (e *estate) fragmentPolicy() string {
	return "<fragment>\n\t<set-header name=\"X-Request-Id\" exists-action=\"skip\">\n" +
		"\t\t<value>@(context.RequestId.ToString())</value>\n\t</set-header>\n" +
		"\t<set-variable name=\"caller\" value=\"@(context.Request.Headers.GetValueOrDefault(\"X-Caller\", \"anonymous\"))\" />\n" +
		"</fragment>\n"
}

func (e *estate) backendURL(name string) string {
	if e.defect(0.02) {
		return "http://" + name + ".internal.example.com"
	}
	return "https://" + name + ".example.com"
}

// APIOps writes an APIOps extractor folder under dir.
func APIOps(dir string, opts Options) (Stats, error) {
	e := newEstate(opts)
	w := &writer{root: dir, strict: opts.Strict}

	w.write("policy.xml", e.globalPolicy())
	for _, name := range e.frags {
		w.write("policy fragments/"+name+"/policy.xml", e.fragmentPolicy())
		w.write("policy fragments/"+name+"/policyFragmentInformation.json",
			`{
  "properties": {
    "description": "Shared request headers."
  }
}
`)
	}
	for i, name := range e.nvs {
		secret := i%5 == 0
		value := fmt.Sprintf(`"value": "value-%d"`, i+1)
		if secret {
			value = fmt.Sprintf(`"keyVault": {
      "secretIdentifier": "https://kv-bench.vault.azure.net/secrets/%s"
    }`, name)
		}
		w.write("named values/"+name+"/namedValueInformation.json", fmt.Sprintf(`{
  "properties": {
    "displayName": %q,
    "secret": %t,
    "tags": [
      "bench"
    ],
    %s
  }
}
`, name, secret, value))
	}
	for _, name := range e.backends {
		w.write("backends/"+name+"/backendInformation.json", fmt.Sprintf(`{
  "properties": {
    "description": "Backend %s.",
    "protocol": "http",
    "url": %q
  }
}
`, name, e.backendURL(name)))
	}
	for i := range opts.Products {
		name := productName(i)
		w.write("products/"+name+"/productInformation.json", fmt.Sprintf(`{
  "properties": {
    "displayName": %q,
    "description": "Product %d.",
    "state": "published",
    "subscriptionRequired": true,
    "approvalRequired": false
  }
}
`, name, i+1))
		w.write("products/"+name+"/policy.xml", e.productPolicy(name))
	}
	for i := range opts.APIs {
		api := apiName(i)
		w.write("apis/"+api+"/apiInformation.json", fmt.Sprintf(`{
  "properties": {
    "path": %q,
    "apiRevision": "1",
    "displayName": "API %04d",
    "isCurrent": true,
    "protocols": [
      "https"
    ],
    "serviceUrl": "https://%s.example.com",
    "subscriptionRequired": true
  }
}
`, api, i+1, api))
		w.write("apis/"+api+"/policy.xml", e.apiPolicy(api))
		for j := range opts.Operations {
			w.write("apis/"+api+"/operations/"+opName(j)+"/policy.xml", e.operationPolicy(opName(j)))
		}
		if opts.Products > 0 {
			w.write("products/"+productName(i%opts.Products)+"/apis/"+api+"/productApiInformation.json", "{}\n")
		}
	}
	w.stats.Defects = e.defects
	return w.stats, w.err
}

// strictXML escapes the characters XML forbids (", <, >, &) inside every
// policy expression, @(...) or @{...}, as the APIM portal would export the
// policy in the xml format.
func strictXML(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '@' || i+1 == len(s) || (s[i+1] != '(' && s[i+1] != '{') {
			b.WriteByte(s[i])
			continue
		}
		end := exprEnd(s, i+1)
		b.WriteByte('@')
		for _, c := range []byte(s[i+1 : end]) {
			switch c {
			case '"':
				b.WriteString("&quot;")
			case '<':
				b.WriteString("&lt;")
			case '>':
				b.WriteString("&gt;")
			case '&':
				b.WriteString("&amp;")
			default:
				b.WriteByte(c)
			}
		}
		i = end - 1
	}
	return b.String()
}

// exprEnd returns the index after the bracket that closes the one at open,
// skipping C# string literals.
func exprEnd(s string, open int) int {
	depth, inString := 0, false
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '(' || c == '{':
			depth++
		case c == ')' || c == '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}
