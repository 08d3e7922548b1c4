// Command can386 does nothing and exits 0. `make test-386` runs it built for
// GOARCH=386 to learn whether the host can execute 32-bit binaries.
package main

func main() {}
