package sim

import (
	"fmt"
	"math/bits"
	"time"
)

// EventKind says what happened at one step of a run.
type EventKind uint8

const (
	EvSpawn EventKind = iota // a thread was created
	EvYield                  // a thread runs the operation of the yield point it waited at
	EvBlock                  // a thread blocked; Detail says on what
	EvWake                   // a blocked or sleeping thread became runnable
	EvExit                   // a thread returned
	EvFault                  // a fault was injected; Detail names its kind
	EvTimer                  // a timer fired
	EvBegin                  // a client operation was called; Detail is its input
	EvEnd                    // a client operation returned; Detail is its output
	EvPanic                  // a thread panicked or misused a primitive
	EvStart                  // a thread ran for the first time
	EvRace                   // the race detector found a new racing pair of sites
)

var eventNames = [...]string{"spawn", "run", "block", "wake", "exit", "fault", "timer", "begin", "end", "panic", "start", "race"}

// String returns the kind's name as it appears in logs.
func (k EventKind) String() string {
	if int(k) < len(eventNames) {
		return eventNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", uint8(k))
}

// Event is one entry of a run's event log.
type Event struct {
	Step   int64         // logical step, strictly increasing within a run
	Time   time.Duration // virtual time since Epoch
	Thread int           // thread id; -1 for the scheduler itself (timers)
	Name   string        // thread name
	Kind   EventKind
	Label  string // the yield point's stable label
	Detail string
}

// String formats the event as one log line.
func (e Event) String() string {
	s := fmt.Sprintf("%6d %10v %-12s %-6s %s", e.Step, e.Time, e.Name, e.Kind, e.Label)
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// The log hash mixes 64-bit words (a rotate-multiply step, as in wyhash
// and xxhash) rather than FNV's byte at a time: it runs at every step, and
// it only has to be deterministic and spread well, not be cryptographic.
const (
	hashSeed  = 0x243f6a8885a308d3
	hashPrime = 0x9e3779b97f4a7c15
)

func hashUint(h, v uint64) uint64 {
	return bits.RotateLeft64((h^v)*hashPrime, 29)
}

func hashString(h uint64, s string) uint64 {
	for len(s) >= 8 {
		v := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		h = hashUint(h, v)
		s = s[8:]
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		v |= uint64(s[i]) << (8 * i)
	}
	// The length ends the string, so "ab"+"c" differs from "a"+"bc".
	return hashUint(hashUint(h, v), uint64(len(s))|0x100)
}

// hashEvent folds one event into the running log hash. The step number is
// implied by the order, and thread names by ids, so neither is hashed.
func hashEvent(h uint64, kind EventKind, thread int, now time.Duration, label, detail string) uint64 {
	h = hashUint(h, uint64(kind)|uint64(thread+1)<<8)
	h = hashUint(h, uint64(now))
	h = hashString(h, label)
	return hashString(h, detail)
}

// FormatHash formats a log hash as 16 hex digits, as reports print it.
func FormatHash(h uint64) string { return fmt.Sprintf("%016x", h) }
