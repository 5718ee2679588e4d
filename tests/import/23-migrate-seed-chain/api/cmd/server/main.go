package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: timesheets serve|seed|healthcheck")
		os.Exit(2)
	}
	fmt.Println("timesheets", os.Args[1])
}
