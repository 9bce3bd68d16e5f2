// Skynet in Go, the peer of Tocin's skynet benchmark (dev.tocin.bench.scheduler.Skynet):
// every goroutine starts ten children and sums what they send back on a channel.
// Usage: skynet LEAVES WARMUP ROUNDS; prints "round NANOS SUM" for each measured round.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func skynet(out chan<- int64, first, size int64) {
	if size == 1 {
		out <- first
		return
	}
	children := make(chan int64, 10)
	childSize := size / 10
	for i := int64(0); i < 10; i++ {
		go skynet(children, first+i*childSize, childSize)
	}
	var sum int64
	for i := 0; i < 10; i++ {
		sum += <-children
	}
	out <- sum
}

func arg(i int) int64 {
	v, err := strconv.ParseInt(os.Args[i], 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "skynet: bad argument", i, ":", err)
		os.Exit(2)
	}
	return v
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: skynet LEAVES WARMUP ROUNDS")
		os.Exit(2)
	}
	leaves, warmup, rounds := arg(1), arg(2), arg(3)
	for r := int64(0); r < warmup+rounds; r++ {
		out := make(chan int64, 1)
		start := time.Now()
		go skynet(out, 0, leaves)
		sum := <-out
		elapsed := time.Since(start)
		if r >= warmup {
			fmt.Printf("round %d %d\n", elapsed.Nanoseconds(), sum)
		}
	}
}
