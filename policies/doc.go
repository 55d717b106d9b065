// Package policies reads Azure API Management policy documents: the XML of
// a <policies> definition or a <fragment>, as stored in APIOps policy.xml
// files, in ARM "value"/"policyContent" strings and in files Bicep loads.
//
// # Two formats
//
// APIM stores a policy in one of two formats. In "xml" the document is
// plain XML, so C# policy expressions are entity-escaped:
//
//	<when condition="@(context.Request.Method == &quot;POST&quot;)">
//
// In "rawxml", the format APIOps and most hand-written files use, the code
// inside an expression is written verbatim, so it may hold "<", ">", "&"
// and even the quote that delimits the attribute:
//
//	<when condition="@(context.Request.Headers.GetValueOrDefault("x") != "GET")">
//	<value>@(context.Request.Body.As<JObject>()["id"])</value>
//
// An attribute value is an expression when its first two characters are
// "@(" or "@{"; in element text an expression may start anywhere. Under
// rawxml rules an expression ends at the bracket that balances its opening
// one. To find it the parser skips C# regular, verbatim and interpolated
// strings (with nested holes), character literals and comments, whose
// brackets and quotes do not count. Outside expressions both formats follow
// XML: entities are decoded, line ends and attribute white space normalized.
//
// # Why not an XML library
//
// Strict XML parsers, encoding/xml and xmlquery among them, reject most
// rawxml files or, in lenient modes, silently turn "As<string>()" into an
// element. xmlquery also reports only lines, not columns. TestXMLQuery...
// tests record this. Parse is therefore a hand-written single pass over the
// bytes that keeps every position: elements, attributes, values and text
// map to line and column in the original file through source.Text, also
// when the policy was decoded from a JSON or Bicep string.
//
// Parse never expands a DOCTYPE or entity declaration (a DOCTYPE is an
// error), bounds nesting depth, and does not recurse on the document's
// nesting, so no input can exhaust memory or the stack.
//
// # Where xmlquery serves
//
// Document.XPath builds a github.com/antchfx/xmlquery node tree from the
// parsed document, keeping a map back to each Element, and evaluates XPath
// 1.0 expressions on it: rule authors get XPath with exact positions.
package policies
