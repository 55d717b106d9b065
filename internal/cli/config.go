package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/apimlint/apimlint/internal/config"
	"github.com/apimlint/apimlint/internal/discover"
	"github.com/apimlint/apimlint/internal/finding"
	"github.com/apimlint/apimlint/internal/lint"
)

// loadConfig reads the file --config names, else the nearest .apimlint.yaml
// above the first checked path; nil when there is none.
func loadConfig(e *env, flag string, args []string) (*config.Config, error) {
	path := ""
	if flag != "" {
		path = discover.OSPath(e.dir, flag)
		if _, err := os.Stat(path); err != nil {
			return nil, usageError{fmt.Errorf("--config: %w", err)}
		}
	} else {
		start := "."
		if len(args) > 0 {
			start = args[0]
		}
		found, err := config.Find(discover.OSPath(e.dir, start))
		if err != nil || found == "" {
			return nil, nil
		}
		path = found
	}
	c, err := config.Load(path, discover.Shown(e.dir, path))
	if err != nil {
		return nil, err
	}
	return c, nil
}

// isConfigError reports errors that are positioned problems of a
// configuration file: they print as they are, one per line.
func isConfigError(err error) bool {
	var es config.Errors
	return errors.As(err, &es)
}

func writeBaseline(e *env, path string, fs []finding.Finding) error {
	file, err := createOutput(e, path)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	if err := rewrite(file, lint.NewBaseline(fs, e.dir, path).Write); err != nil {
		file.Close()
		return fmt.Errorf("write baseline %s: %w", path, err)
	}
	if err := file.Close(); err != nil {
		return fmt.Errorf("write baseline %s: %w", path, err)
	}
	fmt.Fprintf(e.stderr, "apimlint: recorded %d findings in %s\n", len(fs), path)
	return nil
}

func applyBaseline(e *env, path string, fs []finding.Finding) ([]finding.Finding, error) {
	b, err := lint.ReadBaseline(discover.OSPath(e.dir, path))
	if err != nil {
		return nil, usageError{err}
	}
	out, n := b.Filter(fs, e.dir, path)
	if n > 0 {
		fmt.Fprintf(e.stderr, "apimlint: %d findings are in the baseline %s and not shown\n", n, path)
	}
	return out, nil
}
