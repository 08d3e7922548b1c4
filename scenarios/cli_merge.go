package scenarios

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// merge joins the output folders of shards (results.json, run-info.json)
// into one folder's results.json, run-info.json and junit.xml, scenarios
// sorted by name.
func (c *cli) merge(args []string) int {
	f := c.flags("merge")
	out := f.String("out", "", "the folder to write the merged results to")
	dirs, code := f.parse(args)
	if code >= 0 {
		return code
	}
	if *out == "" || len(dirs) == 0 {
		fmt.Fprintf(c.stderr, "%s merge: give --out DIR and at least one shard folder\n", c.program)
		return 2
	}
	if err := checkOutDir(*out); err != nil {
		fmt.Fprintf(c.stderr, "%s merge: %v\n", c.program, err)
		return 2
	}
	all, infos := &Results{}, &RunInfos{}
	for _, dir := range dirs {
		var r Results
		var i RunInfos
		if err := readJSON(filepath.Join(dir, FileResults), &r); err != nil {
			fmt.Fprintf(c.stderr, "%s merge: %v\n", c.program, err)
			return 1
		}
		if err := readJSON(filepath.Join(dir, FileRunInfos), &i); err != nil && !os.IsNotExist(err) {
			fmt.Fprintf(c.stderr, "%s merge: %v\n", c.program, err)
			return 1
		}
		all.Results = append(all.Results, r.Results...)
		infos.Runs = append(infos.Runs, i.Runs...)
	}
	sort.SliceStable(all.Results, func(i, j int) bool { return all.Results[i].Scenario < all.Results[j].Scenario })
	sort.SliceStable(infos.Runs, func(i, j int) bool { return infos.Runs[i].Scenario < infos.Runs[j].Scenario })
	if err := writeAggregate(*out, all, infos); err != nil {
		fmt.Fprintf(c.stderr, "%s merge: %v\n", c.program, err)
		return 1
	}
	failed := 0
	for _, r := range all.Results {
		if !r.Passed() {
			failed++
		}
	}
	fmt.Fprintf(c.stdout, "merged %d result(s) from %d folder(s) into %s: %d failed\n", len(all.Results), len(dirs), *out, failed)
	if failed > 0 {
		return 1
	}
	return 0
}
