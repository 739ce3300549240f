package mutate

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// ParseReviewed reads a file of mutants judged equivalent by a person, one
// a line: "PACKAGE FILE:LINE OPERATOR: reason". Blank lines and lines
// starting with # are skipped. It returns, per package import path, the
// reasons by "FILE:LINE OPERATOR" (Config.Reviewed).
func ParseReviewed(r io.Reader) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, reason, ok := strings.Cut(line, ": ")
		f := strings.Fields(head)
		if !ok || len(f) != 3 || !strings.Contains(f[1], ":") || strings.TrimSpace(reason) == "" {
			return nil, fmt.Errorf("mutate: reviewed equivalents, line %d: want \"PACKAGE FILE:LINE OPERATOR: reason\"", n)
		}
		if out[f[0]] == nil {
			out[f[0]] = map[string]string{}
		}
		out[f[0]][f[1]+" "+f[2]] = strings.TrimSpace(reason)
	}
	return out, sc.Err()
}
