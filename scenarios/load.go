package scenarios

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Load reads and checks a scenario file. sets are "PATH=VALUE" overrides
// applied to the file before it is decoded (see Set). The error, if any, is
// Errors: every problem with its file, line and key.
func Load(path string, sets ...string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, sets...)
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// Parse decodes and checks a scenario from data; file names it in errors.
func Parse(file string, data []byte, sets ...string) (*Scenario, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		line := 1
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		msg := yamlLine.ReplaceAllString(strings.TrimPrefix(err.Error(), "yaml: "), "")
		return nil, Errors{{File: file, Line: line, Msg: msg}}
	}
	if len(root.Content) == 0 {
		return nil, Errors{{File: file, Line: 1, Msg: "empty scenario file"}}
	}
	for _, s := range sets {
		if err := Set(&root, s); err != nil {
			return nil, Errors{{File: file, Line: 1, Key: s, Msg: err.Error()}}
		}
	}
	d := &decoder{file: file, lines: map[string]int{"": root.Content[0].Line}}
	sc := &Scenario{file: file}
	d.decode(&root, reflect.ValueOf(sc).Elem(), "")
	if len(d.errs) == 0 {
		sc.check(d)
	}
	if len(d.errs) == 0 {
		sc.expand(d)
	}
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool {
			a, b := d.errs[i], d.errs[j]
			return a.Line < b.Line || (a.Line == b.Line && a.Key < b.Key)
		})
		return nil, d.errs
	}
	if sc.Name == "" {
		sc.Name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	return sc, nil
}

// Set applies one "PATH=VALUE" override to a scenario's yaml tree. PATH is
// keys separated by dots; a list item is selected by index or by the value
// of its name key: segments[0].impairments[1].loss.p,
// devices[client].application.params.count. A missing last key is added.
func Set(root *yaml.Node, assignment string) error {
	path, value, ok := strings.Cut(assignment, "=")
	if !ok || path == "" {
		return fmt.Errorf("want PATH=VALUE, got %q", assignment)
	}
	n := root
	if n.Kind == yaml.DocumentNode {
		n = n.Content[0]
	}
	steps := splitPath(path)
	for i, step := range steps {
		last := i == len(steps)-1
		next, err := child(n, step, last)
		if err != nil {
			return fmt.Errorf("%s: %w", strings.Join(steps[:i+1], "."), err)
		}
		n = next
	}
	*n = yaml.Node{Kind: yaml.ScalarNode, Value: value, Line: n.Line, Column: n.Column}
	return nil
}

// splitPath splits a.b[2].c into a, b, [2], c.
func splitPath(path string) []string {
	var out []string
	for _, part := range strings.Split(path, ".") {
		for {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				break
			}
			if i > 0 {
				out = append(out, part[:i])
			}
			j := strings.IndexByte(part, ']')
			if j < i {
				break
			}
			out = append(out, part[i:j+1])
			part = part[j+1:]
		}
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

func child(n *yaml.Node, step string, create bool) (*yaml.Node, error) {
	if strings.HasPrefix(step, "[") {
		if n.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("not a list")
		}
		sel := strings.Trim(step, "[]")
		if i, err := strconv.Atoi(sel); err == nil {
			if i < 0 || i >= len(n.Content) {
				return nil, fmt.Errorf("no item %d", i)
			}
			return n.Content[i], nil
		}
		for _, item := range n.Content {
			if v := value(item, "name"); v != nil && v.Value == sel {
				return item, nil
			}
		}
		return nil, fmt.Errorf("no item named %q", sel)
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not a mapping")
	}
	if v := value(n, step); v != nil {
		return v, nil
	}
	if !create {
		return nil, fmt.Errorf("no such key")
	}
	k := &yaml.Node{Kind: yaml.ScalarNode, Value: step, Line: n.Line}
	v := &yaml.Node{Kind: yaml.ScalarNode, Line: n.Line}
	n.Content = append(n.Content, k, v)
	return v, nil
}

// value returns the value node of key in a mapping node, or nil.
func value(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
