package race

import "fmt"

// vc is a vector clock: vc[t] is the clock of thread t, and a missing entry
// is zero. Its methods grow it as needed and never shrink it, so a clock
// reused across many operations stops allocating once it is wide enough.
type vc []uint32

func (v vc) get(t Thread) uint32 {
	if int(t) < len(v) {
		return v[t]
	}
	return 0
}

func (v *vc) grow(n int) {
	if n > len(*v) {
		if n <= cap(*v) {
			*v = (*v)[:n]
		} else {
			*v = append(*v, make([]uint32, n-len(*v))...)
		}
	}
}

func (v *vc) put(t Thread, c uint32) {
	v.grow(int(t) + 1)
	(*v)[t] = c
}

// join sets v to the pointwise maximum of v and o.
func (v *vc) join(o vc) {
	v.grow(len(o))
	w := *v
	for i, x := range o {
		if x > w[i] {
			w[i] = x
		}
	}
}

// copyFrom sets v to o.
func (v *vc) copyFrom(o vc) {
	v.grow(len(o))
	n := copy(*v, o)
	clear((*v)[n:])
}

// epoch is FastTrack's c@t: thread t at its clock c, packed as t<<32 | c.
// Clocks start at 1, so the zero epoch happens before everything: it stands
// for "no access yet".
type epoch uint64

func mkEpoch(t Thread, c uint32) epoch { return epoch(uint64(t)<<32 | uint64(c)) }

func (e epoch) tid() Thread   { return Thread(e >> 32) }
func (e epoch) clock() uint32 { return uint32(e) }

// before reports whether the access at e happens before a thread whose
// clock is v.
func (e epoch) before(v vc) bool { return e.clock() <= v.get(e.tid()) }

func (e epoch) String() string { return fmt.Sprintf("%d@%d", e.clock(), e.tid()) }

// Clock is the happens-before state of one synchronization object: a mutex,
// a WaitGroup, a Once, a timer. A thread hands its history to the object
// with [Detector.Release] (or [Detector.ReleaseStore]) and takes everything
// handed so far with [Detector.Acquire]. The zero value is ready to use and
// has no history. A Clock must not be copied after first use.
type Clock struct {
	// Name names the object in reports ("mutex m"); it may be empty.
	Name string
	vc   vc
}
