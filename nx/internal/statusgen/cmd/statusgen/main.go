// Command statusgen writes nx/status_names.go from the Status constants of
// package nx (run by go generate in nx).
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"

	"github.com/nxsim/nxsim/nx/internal/statusgen"
)

func main() {
	out := flag.String("out", "status_names.go", "file to write")
	dir := flag.String("dir", ".", "directory of package nx")
	flag.Parse()
	src, err := statusgen.Generate(*dir)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*dir, *out), src, 0o644); err != nil {
		log.Fatal(err)
	}
}
