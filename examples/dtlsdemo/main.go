// Command dtlsdemo runs the seed documentation's DTLS server and client
// examples (package dtlsecho) on a simulated network: first with the
// documentation's bugs fixed, then with the server example as printed, and
// prints what the client did, the rehearsal notes and the leak report.
//
//	go run ./examples/dtlsdemo [-capture out.pcapng]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/nxsim/nxsim/examples/dtlsecho"
)

func main() {
	capture := flag.String("capture", "", "write the fixed run's pcapng (with its key log) to this file")
	flag.Parse()
	for _, literal := range []bool{false, true} {
		title := "server example with the documentation's bugs fixed"
		if literal {
			title = "server example as printed"
		}
		fmt.Println("==", title)
		var f *os.File
		if *capture != "" && !literal {
			var err error
			if f, err = os.Create(*capture); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		var res dtlsecho.Result
		var err error
		if f != nil {
			res, err = dtlsecho.Run(1, literal, 30*time.Second, f)
			_ = f.Close()
		} else {
			res, err = dtlsecho.Run(1, literal, 30*time.Second, nil)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, l := range res.ClientLog {
			fmt.Println("client:", l)
		}
		for _, n := range res.Notes {
			fmt.Println("note:", n)
		}
		if res.Leaks != nil {
			fmt.Println(res.Leaks)
		} else {
			fmt.Println("every packet is back in its pool")
		}
	}
}
