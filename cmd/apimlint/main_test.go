package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestCollectFrom: no collection runs before the limit; after the first,
// collection is by GOGC again, with no limit left to hold a large heap to.
func TestCollectFrom(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	collectFrom(64<<20, 150)
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("GOGC = %d before the first collection, want off", got)
	}
	var sink [][]byte
	for range 16 { // 16 MB: well below the limit
		sink = append(sink, make([]byte, 1<<20))
	}
	var mid runtime.MemStats
	runtime.ReadMemStats(&mid)
	if mid.NumGC != before.NumGC {
		t.Errorf("%d collections below the limit, want none", mid.NumGC-before.NumGC)
	}
	runtime.KeepAlive(sink)
	for range 200 { // past it
		sink = append(sink[:0], make([]byte, 1<<20))
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := debug.SetGCPercent(-1)
		debug.SetGCPercent(got)
		if got == 150 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GOGC = %d after the first collection, want 150", got)
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		t.Errorf("memory limit %d after the first collection, want none", limit)
	}
}

// TestParseCap: a control group's limit in bytes; none for "max" and for
// version 1's number near 2^63.
func TestParseCap(t *testing.T) {
	for in, want := range map[string]int64{
		"536870912\n":           536870912,
		"max\n":                 0,
		"9223372036854771712\n": 0,
		"":                      0,
		"-1":                    0,
	} {
		if got := parseCap(in); got != want {
			t.Errorf("parseCap(%q) = %d, want %d", in, got, want)
		}
	}
}
