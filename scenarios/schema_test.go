package scenarios

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite scenario.schema.json from the scenario types")

const schemaFile = "scenario.schema.json"

// durationPattern is what time.ParseDuration takes, without a sign.
const durationPattern = `^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$|^0$`

// generateSchema derives the JSON Schema from the types the decoder fills,
// so that the two cannot drift: TestSchema fails when the checked-in file
// differs, and -update rewrites it.
func generateSchema() map[string]any {
	defs := map[string]any{}
	root := schemaOf(reflect.TypeFor[Scenario](), defs)
	return map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://github.com/nxsim/nxsim/scenarios/scenario.schema.json",
		"title":       "nxsim scenario",
		"description": "A scenario file of nxsim (scenarios/README.md). Generated from the Go types by `go test ./scenarios -run TestSchema -update`.",
		"$ref":        root["$ref"],
		"$defs":       defs,
	}
}

func schemaOf(t reflect.Type, defs map[string]any) map[string]any {
	switch t {
	case reflect.TypeFor[Duration]():
		return map[string]any{"type": "string", "pattern": durationPattern}
	case reflect.TypeFor[any]():
		return map[string]any{"type": "object"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return schemaOf(t.Elem(), defs)
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float64:
		return map[string]any{"anyOf": []any{
			map[string]any{"type": "number"},
			map[string]any{"type": "string", "pattern": `^[0-9.]+%$`},
		}}
	case reflect.Slice:
		items := schemaOf(t.Elem(), defs)
		if t.Elem().Kind() == reflect.String {
			return map[string]any{"anyOf": []any{map[string]any{"type": "array", "items": items}, items}}
		}
		return map[string]any{"type": "array", "items": items}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), defs)}
	case reflect.Struct:
		if _, done := defs[t.Name()]; !done {
			defs[t.Name()] = true // a placeholder while the fields are derived
			props := map[string]any{}
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
				if !f.IsExported() || key == "" || key == "-" {
					continue
				}
				p := schemaOf(f.Type, defs)
				if d := f.Tag.Get("doc"); d != "" {
					p = withDescription(p, d)
				}
				props[key] = p
			}
			defs[t.Name()] = map[string]any{"type": "object", "additionalProperties": false, "properties": props}
		}
		return map[string]any{"$ref": "#/$defs/" + t.Name()}
	}
	panic(fmt.Sprintf("no schema for %v", t))
}

func withDescription(p map[string]any, d string) map[string]any {
	if _, ref := p["$ref"]; ref {
		return map[string]any{"allOf": []any{p}, "description": d}
	}
	out := map[string]any{"description": d}
	for k, v := range p {
		out[k] = v
	}
	return out
}

func TestSchema(t *testing.T) {
	want, err := json.MarshalIndent(generateSchema(), "", "  ")
	require.NoError(t, err)
	want = append(want, '\n')
	if *update {
		require.NoError(t, os.WriteFile(schemaFile, want, 0o644))
	}
	got, err := os.ReadFile(schemaFile)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "the schema is out of date: go test ./scenarios -run TestSchema -update")
}

// TestSchemaAgreesWithDecoder: every bundled scenario is valid for both the
// schema and the decoder, and files the decoder refuses for their keys or
// types the schema refuses too.
func TestSchemaAgreesWithDecoder(t *testing.T) {
	var schema map[string]any
	data, err := os.ReadFile(schemaFile)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &schema))
	v := &validator{defs: schema["$defs"].(map[string]any)}
	files := bundled(t)
	more, _ := filepath.Glob("../examples/*/*.yaml")
	for i, file := range append(files, more...) {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		if i < len(files) { // the examples' applications are registered in their own tests
			_, err = Parse(file, data)
			assert.NoError(t, err, file)
		}
		var doc any
		require.NoError(t, yaml.Unmarshal(data, &doc))
		assert.Empty(t, v.validate(schema, doc, file), file)
	}
	for _, bad := range []struct{ old, new string }{
		{"seed: 1", "sede: 1"},
		{"seed: 1", "seed: one"},
		{"duration: 5s", "duration: 5 seconds"},
		{"    address: 10.0.0.1", "    ip_address: 10.0.0.1"},
		{"loss: {p: 0.1}", "loss: {p: 0.1, q: 2}"},
		{"pools_full: true", "pools_full: yes please"},
	} {
		text := strings.Replace(base, bad.old, bad.new, 1)
		_, err := Parse("bad.yaml", []byte(text))
		assert.Error(t, err, bad.new)
		var doc any
		require.NoError(t, yaml.Unmarshal([]byte(text), &doc))
		assert.NotEmpty(t, v.validate(schema, doc, "bad.yaml"), bad.new)
	}
}

// validator checks a decoded YAML document against the subset of JSON
// Schema that generateSchema uses.
type validator struct{ defs map[string]any }

func (v *validator) validate(s map[string]any, doc any, path string) []string {
	if ref, ok := s["$ref"].(string); ok {
		return v.validate(v.defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any), doc, path)
	}
	var errs []string
	if all, ok := s["allOf"].([]any); ok {
		for _, sub := range all {
			errs = append(errs, v.validate(sub.(map[string]any), doc, path)...)
		}
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		for _, sub := range anyOf {
			if len(v.validate(sub.(map[string]any), doc, path)) == 0 {
				return errs
			}
		}
		return append(errs, path+": matches no alternative")
	}
	switch s["type"] {
	case "object":
		m, ok := doc.(map[string]any)
		if !ok {
			return append(errs, path+": not an object")
		}
		props, _ := s["properties"].(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch p, known := props[k]; {
			case known:
				errs = append(errs, v.validate(p.(map[string]any), m[k], path+"."+k)...)
			case s["additionalProperties"] == false:
				errs = append(errs, path+"."+k+": not allowed")
			default:
				if ap, ok := s["additionalProperties"].(map[string]any); ok {
					errs = append(errs, v.validate(ap, m[k], path+"."+k)...)
				}
			}
		}
	case "array":
		l, ok := doc.([]any)
		if !ok {
			return append(errs, path+": not an array")
		}
		for i, item := range l {
			errs = append(errs, v.validate(s["items"].(map[string]any), item, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case "string":
		str, ok := doc.(string)
		if !ok {
			return append(errs, path+": not a string")
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			errs = append(errs, path+": does not match "+p)
		}
	case "integer":
		if _, ok := doc.(int); !ok {
			return append(errs, path+": not an integer")
		}
	case "number":
		switch doc.(type) {
		case int, float64:
		default:
			return append(errs, path+": not a number")
		}
	case "boolean":
		if _, ok := doc.(bool); !ok {
			return append(errs, path+": not a boolean")
		}
	}
	return errs
}
