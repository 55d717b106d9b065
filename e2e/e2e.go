// Package e2e holds the end-to-end tests of what apimlint ships besides the
// binary: the GitHub Action (action.yml, run by nektos/act), the pre-commit
// hook (.pre-commit-hooks.yaml, run by pre-commit), the Dockerfile, and the
// README snippets that show them, which the tests run as they are.
package e2e
