// Package cli is the terminal side of the stableaudio binary: `stableaudio generate`,
// `devices`, `record`, `version` and their help. It shares the app's engine, library and
// recorder.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"stableaudio/app"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and failed: bad model, runtime missing, unwritable file
	exitUsage = 2 // the command line itself is wrong
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, cfg app.Config, args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"generate", "render a track from a prompt with the built-in model", runGenerate},
	{"explain", "show what the built-in model understands from a prompt", runExplain},
	{"devices", "list the microphones and other inputs, with warnings", runDevices},
	{"record", "record from a microphone into a WAV file", runRecord},
	{"version", "print the app, ONNX Runtime and model pack versions", runVersion},
	{"help", "show this help", nil},
}

// IsCommand reports whether args name a terminal command rather than a window start.
func IsCommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "-h", "-help", "--help":
		return true
	}
	for _, c := range commands {
		if c.name == args[0] {
			return true
		}
	}
	return false
}

// errUsage marks a mistake on the command line (exit 2); flag already printed the details.
var errUsage = errors.New("usage")

// Run runs one command and returns the process exit code. It never panics on bad input.
func Run(ctx context.Context, cfg app.Config, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, cfg, args[1:], stdout, stderr)
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.Is(err, errUsage):
			return exitUsage
		default:
			fmt.Fprintln(stderr, "stableaudio "+c.name+":", err)
			return exitFail
		}
	}
	fmt.Fprintf(stderr, "stableaudio: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: stableaudio [command] [flags]   (no command opens the app's window)")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `stableaudio <command> -h` for a command's flags.")
}

// newFlags makes a flag set that reports errors instead of exiting the process.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("stableaudio "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses flags, mapping bad flags and stray arguments to errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}
