package main

import (
	"log"
	"net"
)

func main() {
	conn, err := net.ListenPacket("udp", ":8125")
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	buf := make([]byte, 1432)
	for {
		n, _, _ := conn.ReadFrom(buf)
		log.Printf("%s", buf[:n])
	}
}
