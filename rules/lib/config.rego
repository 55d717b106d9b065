# METADATA
# description: |
#   Rule parameters from .apimlint.yaml: rules.<id>.params.<name>, which the
#   engine hands to rules as data.apimlint.config.
package apimlint.lib.config

default _rules := {}

_rules := data.apimlint.config.rules

# param returns parameter name of rule id, or def when the configuration
# sets none.
param(id, name, def) := object.get(object.get(object.get(_rules, id, {}), "params", {}), name, def)
