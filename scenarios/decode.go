package scenarios

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Error is one problem with a scenario file, at the line of the key it is
// about: "file:line: key: message".
type Error struct {
	File string
	Line int
	Key  string // the path of the key, e.g. devices[1].pool.packets
	Msg  string
}

func (e *Error) Error() string {
	key := e.Key
	if key == "" {
		key = "(top)"
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, key, e.Msg)
}

// Errors is every problem found in one file, in file order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Duration is a virtual-time span written the Go way: "250ms", "3s", "1m30s".
type Duration time.Duration

// D returns the span as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// unmarshaller is implemented by types that decode themselves from one
// scalar (Duration, Address).
type scalarParser interface {
	parseScalar(s string) error
}

func (d *Duration) parseScalar(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("want a duration such as 250ms or 3s, got %q", s)
	}
	if v < 0 {
		return fmt.Errorf("a duration cannot be negative (%q)", s)
	}
	*d = Duration(v)
	return nil
}

// decoder walks a yaml.Node tree into Go values by their yaml tags, strictly:
// an unknown or repeated key, a wrong type or a bad scalar is an Error with
// the file, line and key path. It keeps the line of every path it decoded,
// so that checks made afterwards can name lines too.
type decoder struct {
	file  string
	lines map[string]int
	errs  Errors
	steps int // nodes visited, aliases expanded: bounded (maxDecodeSteps)
}

// maxDecodeSteps bounds the nodes one file may make the decoder visit, so
// that aliases of aliases ("billion laughs") cannot make it run for ever.
const maxDecodeSteps = 200_000

func (d *decoder) fail(line int, path, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: line, Key: path, Msg: fmt.Sprintf(format, args...)})
}

// failAt reports a problem found after decoding, at the line of path (or of
// its nearest decoded parent).
func (d *decoder) failAt(path, format string, args ...any) {
	d.fail(d.lineOf(path), path, format, args...)
}

func (d *decoder) lineOf(path string) int {
	for p := path; ; {
		if l, ok := d.lines[p]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return d.lines[""]
		}
		p = p[:i]
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var scalarParserType = reflect.TypeFor[scalarParser]()

// decode fills v (addressable) from n.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return
		}
		n = n.Content[0]
	}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if d.steps++; d.steps > maxDecodeSteps {
		if d.steps == maxDecodeSteps+1 {
			d.fail(n.Line, path, "too many values (more than %d, counting what aliases repeat)", maxDecodeSteps)
		}
		return
	}
	if _, seen := d.lines[path]; !seen {
		d.lines[path] = n.Line
	}
	if v.Addr().Type().Implements(scalarParserType) {
		if n.Kind != yaml.ScalarNode {
			d.fail(n.Line, path, "want a single value, got %s", kindName(n))
			return
		}
		if err := v.Addr().Interface().(scalarParser).parseScalar(n.Value); err != nil {
			d.fail(n.Line, path, "%v", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		d.decodeSlice(n, v, path)
	case reflect.Map:
		d.decodeMap(n, v, path)
	case reflect.Interface:
		// A raw node, kept for a later typed decode (application parameters).
		if v.Type() == reflect.TypeFor[any]() {
			v.Set(reflect.ValueOf(n))
		}
	default:
		d.decodeScalar(n, v, path)
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

// fieldsByKey returns the struct's fields by yaml key (inline structs
// included), in declaration order of keys.
func fieldsByKey(t reflect.Type) map[string][]int {
	out := map[string][]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if opts == "inline" {
			for k, idx := range fieldsByKey(f.Type) {
				out[k] = append([]int{i}, idx...)
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = []int{i}
	}
	return out
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		if n.Tag == "!!null" {
			return
		}
		d.fail(n.Line, path, "want a mapping of keys, got %s", kindName(n))
		return
	}
	fields := fieldsByKey(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		p := join(path, k.Value)
		idx, ok := fields[k.Value]
		if !ok {
			d.fail(k.Line, p, "unknown key (known: %s)", strings.Join(sortedKeys(fields), ", "))
			continue
		}
		if seen[k.Value] {
			d.fail(k.Line, p, "key given twice")
			continue
		}
		seen[k.Value] = true
		d.lines[p] = k.Line
		d.decode(val, v.FieldByIndex(idx), p)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		if n.Tag == "!!null" {
			return
		}
		if v.Type().Elem().Kind() == reflect.String && n.Kind == yaml.ScalarNode {
			// A single name where a list of names is expected.
			v.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, 1), reflect.ValueOf(n.Value).Convert(v.Type().Elem())))
			return
		}
		d.fail(n.Line, path, "want a list, got %s", kindName(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
	v.Set(s)
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		if n.Tag == "!!null" {
			return
		}
		d.fail(n.Line, path, "want a mapping, got %s", kindName(n))
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		p := join(path, k.Value)
		if v.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
			d.fail(k.Line, p, "key given twice")
			continue
		}
		d.lines[p] = k.Line
		e := reflect.New(v.Type().Elem()).Elem()
		d.decode(val, e, p)
		v.SetMapIndex(reflect.ValueOf(k.Value), e)
	}
}

func (d *decoder) decodeScalar(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		d.fail(n.Line, path, "want a single value, got %s", kindName(n))
		return
	}
	s := n.Value
	var err error
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		var b bool
		if b, err = strconv.ParseBool(s); err == nil {
			v.SetBool(b)
		} else {
			err = fmt.Errorf("want true or false, got %q", s)
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		var i int64
		if i, err = strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 0, v.Type().Bits()); err == nil {
			v.SetInt(i)
		} else {
			err = fmt.Errorf("want an integer, got %q", s)
		}
	case reflect.Uint, reflect.Uint64, reflect.Uint32, reflect.Uint16, reflect.Uint8:
		var u uint64
		if u, err = strconv.ParseUint(strings.ReplaceAll(s, "_", ""), 0, v.Type().Bits()); err == nil {
			v.SetUint(u)
		} else {
			err = fmt.Errorf("want a whole number from 0 to %d, got %q", uint64(1)<<v.Type().Bits()-1, s)
		}
	case reflect.Float64:
		var f float64
		if f, err = strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64); err == nil {
			if strings.HasSuffix(s, "%") {
				f /= 100
			}
			v.SetFloat(f)
		} else {
			err = fmt.Errorf("want a number (0.1 or 10%%), got %q", s)
		}
	default:
		err = errors.New("cannot be decoded (a bug in the scenario types)")
	}
	if err != nil {
		d.fail(n.Line, path, "%v", err)
	}
}
