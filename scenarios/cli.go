package scenarios

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// Cmd is a command of an nxsim-style program besides the built-in ones
// (nxsim's own "demo", or a team's).
type Cmd struct {
	Name    string
	Summary string // one line for help
	Run     func(args []string, stdout, stderr io.Writer) int
}

// Main is the whole nxsim command line, for a team's own cmd/: register
// the team's applications (Register) in init or main, then call Main. It
// exits with the command's status.
//
//	func main() {
//		scenarios.Register("sensor", SensorParams{}, defineSensor)
//		scenarios.Main()
//	}
func Main(extra ...Cmd) {
	os.Exit(Command(os.Args[1:], os.Stdout, os.Stderr, extra...))
}

// command is one built-in command.
type command struct {
	name, usage, summary string
	run                  func(c *cli, args []string) int
}

// builtins returns the built-in commands, in the order help lists them.
func builtins() []command {
	return []command{
		{"run", "run [--seed N] [--out DIR] [--verbose] [--shard I/N] [--set PATH=VALUE]... FILE...",
			"run scenarios in virtual time; exit 0 only if every expectation holds", (*cli).run},
		{"check", "check [--set PATH=VALUE]... FILE...", "check scenario files without running them", (*cli).check},
		{"sweep", "sweep --param PATH=VALUES [--out DIR] [--seed N] [--workers N] [--metric COUNTER] [--shard I/N] FILE",
			"run a scenario across values of one parameter, in worker processes, and plot the outcome", (*cli).sweep},
		{"bridge", "bridge --device NAME --port P [--listen ADDR] [--for DURATION] [--out DIR] [--seed N] [--set PATH=VALUE]... FILE",
			"run a scenario in wall-clock mode with a device reachable from a real UDP socket (OpenSSL, a device)", (*cli).bridge},
		{"merge", "merge --out DIR DIR...", "merge the results.json and junit.xml of shards into one", (*cli).merge},
		{"version", "version", "print the version", (*cli).version},
		{"help", "help [COMMAND]", "explain a command", (*cli).help},
	}
}

// cli is one invocation.
type cli struct {
	stdout, stderr io.Writer
	extra          []Cmd
	program        string
}

// Command runs the command line args (without the program name) and
// returns the exit status: 0 success, 1 a scenario failed or a file is
// wrong, 2 a usage error.
func Command(args []string, stdout, stderr io.Writer, extra ...Cmd) int {
	c := &cli{stdout: stdout, stderr: stderr, extra: extra, program: "nxsim"}
	if len(args) == 0 {
		c.usage(stderr)
		return 2
	}
	name := args[0]
	if name == "--help" || name == "-h" || name == "-help" {
		c.usage(stdout)
		return 0
	}
	for _, cmd := range builtins() {
		if cmd.name == name {
			return cmd.run(c, args[1:])
		}
	}
	for _, cmd := range extra {
		if cmd.Name == name {
			return cmd.Run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "%s: unknown command %q (run '%s help')\n", c.program, name, c.program)
	return 2
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s COMMAND [ARGUMENTS]\n\ncommands:\n", c.program)
	for _, cmd := range builtins() {
		fmt.Fprintf(w, "  %-8s %s\n", cmd.name, cmd.summary)
	}
	for _, cmd := range c.extra {
		fmt.Fprintf(w, "  %-8s %s\n", cmd.Name, cmd.Summary)
	}
	fmt.Fprintf(w, "\n'%s help COMMAND' or '%s COMMAND --help' explains one; applications: %s\n", c.program, c.program, strings.Join(Applications(), ", "))
}

func (c *cli) help(args []string) int {
	if len(args) > 0 && (args[0] == "--help" || args[0] == "-h" || args[0] == "-help") {
		fmt.Fprintf(c.stdout, "usage: %s help [COMMAND]\n\nexplain a command, or list them all\n", c.program)
		return 0
	}
	if len(args) == 0 {
		c.usage(c.stdout)
		return 0
	}
	for _, cmd := range builtins() {
		if cmd.name == args[0] {
			return cmd.run(c, []string{"--help"})
		}
	}
	for _, cmd := range c.extra {
		if cmd.Name == args[0] {
			return cmd.Run([]string{"--help"}, c.stdout, c.stderr)
		}
	}
	fmt.Fprintf(c.stderr, "%s help: unknown command %q\n", c.program, args[0])
	return 2
}

func (c *cli) version(args []string) int {
	if len(args) > 0 {
		fmt.Fprintf(c.stdout, "usage: %s version\n", c.program)
		if args[0] == "--help" || args[0] == "-h" {
			return 0
		}
		return 2
	}
	fmt.Fprintf(c.stdout, "%s %s (%s %s/%s)\n", c.program, Version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return 0
}

// flags is a command's flag set; parse accepts flags before, between and
// after the positional arguments.
type flags struct {
	*flag.FlagSet
	c    *cli
	name string
}

func (c *cli) flags(name string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	f := &flags{FlagSet: fs, c: c, name: name}
	// The flag package calls Usage itself on -h and on a bad flag; parse
	// prints the usage once, to stdout for help and to stderr after an
	// error, so the package's own call does nothing.
	fs.Usage = func() {}
	return f
}

// usage prints the command's usage line, summary and flags to w.
func (f *flags) usage(w io.Writer) {
	for _, cmd := range builtins() {
		if cmd.name == f.name {
			fmt.Fprintf(w, "usage: %s %s\n\n%s\n\n", f.c.program, cmd.usage, cmd.summary)
		}
	}
	f.SetOutput(w)
	f.PrintDefaults()
	f.SetOutput(f.c.stderr)
}

// parse returns the positional arguments, or a status to exit with (-1:
// go on).
func (f *flags) parse(args []string) ([]string, int) {
	var pos []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.usage(f.c.stdout)
				return nil, 0
			}
			f.usage(f.c.stderr)
			return nil, 2
		}
		args = f.Args()
		if len(args) == 0 {
			return pos, -1
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// files parses args and returns the scenario files named, or a status to
// exit with (-1: go on).
func (f *flags) files(args []string) ([]string, int) {
	files, code := f.parse(args)
	if code < 0 && len(files) == 0 {
		fmt.Fprintf(f.c.stderr, "%s %s: no scenario file given\n", f.c.program, f.name)
		return nil, 2
	}
	return files, code
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// shard is --shard INDEX/COUNT: this process takes the items whose
// position modulo COUNT is INDEX.
type shard struct{ index, count int }

func (s *shard) String() string { return fmt.Sprintf("%d/%d", s.index, s.count) }
func (s *shard) Set(v string) error {
	i, n, ok := strings.Cut(v, "/")
	index, err1 := strconv.Atoi(i)
	count, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || count < 1 || index < 0 || index >= count {
		return fmt.Errorf("want INDEX/COUNT with 0 ≤ INDEX < COUNT, got %q", v)
	}
	s.index, s.count = index, count
	return nil
}

func (s *shard) takes(i int) bool { return s.count == 0 || i%s.count == s.index }

// seedFlag is --seed: set or not.
type seedFlag struct {
	set  bool
	seed uint64
}

func (s *seedFlag) String() string { return strconv.FormatUint(s.seed, 10) }
func (s *seedFlag) Set(v string) error {
	n, err := strconv.ParseUint(v, 0, 64)
	if err != nil {
		return fmt.Errorf("want a whole number, got %q", v)
	}
	s.set, s.seed = true, n
	return nil
}

// printErrors prints a load error, one problem a line.
func (c *cli) printErrors(err error) {
	var es Errors
	if errors.As(err, &es) {
		for _, e := range es {
			fmt.Fprintln(c.stderr, e)
		}
		return
	}
	fmt.Fprintln(c.stderr, err)
}

func (c *cli) check(args []string) int {
	f := c.flags("check")
	var sets listFlag
	f.Var(&sets, "set", "override a value of the files: PATH=VALUE (repeatable)")
	files, code := f.files(args)
	if code >= 0 {
		return code
	}
	status := 0
	for _, file := range files {
		sc, err := Load(file, sets...)
		if err != nil {
			c.printErrors(err)
			status = 1
			continue
		}
		fmt.Fprintf(c.stdout, "%s: ok (%s: %d device(s), %d expectation(s), %v)\n", file, sc.Name, len(sc.Devices), len(sc.Expect), sc.Duration.D())
	}
	return status
}

// uniqueDir returns name, or name-2, name-3... if already used.
func uniqueDir(used map[string]bool, name string) string {
	dir := name
	for i := 2; used[dir]; i++ {
		dir = fmt.Sprintf("%s-%d", name, i)
	}
	used[dir] = true
	return dir
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func sortedNames(m map[string]uint64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
