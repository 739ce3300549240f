package race

import "fmt"

// Chan is the happens-before state of one channel, with the edges of Go's
// memory model:
//
//   - the k-th send on a channel happens before the k-th receive from it
//     completes;
//   - the k-th receive from a channel of capacity C > 0 happens before the
//     (k+C)-th send on it completes;
//   - on an unbuffered channel, a receive happens before the corresponding
//     send completes;
//   - closing a channel happens before a receive that returns because the
//     channel is closed.
//
// Nothing else: two sends, or two receives, are not ordered by the channel.
// Sends and receives pair up by count, so the caller reports them in the
// order values enter and leave the channel. A Chan must not be copied after
// first use.
type Chan struct {
	name         string
	cap          int
	slots        []Clock // for C > 0: slot k mod C carries send k to receive k and receive k to send k+C
	sends, recvs uint64
	closed       Clock
}

// NewChan returns the state of a channel of the given capacity; name names
// it in reports.
func NewChan(name string, capacity int) *Chan {
	if capacity < 0 {
		panic("race: NewChan with negative capacity")
	}
	c := &Chan{name: name, cap: capacity}
	c.closed.Name = "channel " + name
	return c
}

func (c *Chan) slot(k uint64) *Clock {
	if c.slots == nil {
		c.slots = make([]Clock, c.cap)
		for i := range c.slots {
			c.slots[i].Name = c.closed.Name
		}
	}
	return &c.slots[k%uint64(c.cap)]
}

func (c *Chan) buffered(op string) {
	if c.cap == 0 {
		panic(fmt.Sprintf("race: %s on unbuffered channel %s: use Transfer", op, c.name))
	}
}

// Send records that t's send puts a value into c's buffer (or hands it to a
// waiting receiver, then followed by Recv). It panics on an unbuffered
// channel, whose sends are a Transfer.
func (d *Detector) Send(t Thread, c *Chan) {
	c.buffered("Send")
	s := c.slot(c.sends)
	c.sends++
	d.AcquireRelease(t, s) // receive k-C, then carry this send to receive k
	d.thread(t).last = note{op: opSend, clock: s}
}

// Recv records that t's receive takes a value out of c's buffer. It panics
// on an unbuffered channel.
func (d *Detector) Recv(t Thread, c *Chan) {
	c.buffered("Recv")
	s := c.slot(c.recvs)
	c.recvs++
	d.AcquireRelease(t, s) // send k, then carry this receive to send k+C
	d.thread(t).last = note{op: opRecv, clock: s}
}

// Transfer records a value handed by sender directly to receiver (one of
// them was blocked, and its clock has not moved since it blocked): on an
// unbuffered channel each completes after the other began; on a buffered
// one it is Send then Recv.
func (d *Detector) Transfer(sender, receiver Thread, c *Chan) {
	if c.cap > 0 {
		d.Send(sender, c)
		d.Recv(receiver, c)
		return
	}
	c.sends++
	c.recvs++
	d.thread(sender)
	r := d.thread(receiver)
	s := &d.threads[sender]
	s.vc.join(r.vc)
	r.vc.copyFrom(s.vc)
	s.tick(sender)
	r.tick(receiver)
	s.last = note{op: opSend, clock: &c.closed}
	r.last = note{op: opRecv, clock: &c.closed}
}

// SendFrom is a send by no thread, carrying the history in from: a timer
// delivering on its channel, with from the Clock its creator released into
// (ReleaseStore). receiver is the thread waiting to receive, which takes the
// value at once, or -1 when none waits and the value is buffered (then a
// later Recv takes it).
func (d *Detector) SendFrom(from *Clock, receiver Thread, c *Chan) {
	if c.cap == 0 {
		if receiver < 0 {
			panic(fmt.Sprintf("race: SendFrom on unbuffered channel %s without a receiver", c.name))
		}
		c.sends++
		c.recvs++
		r := d.thread(receiver)
		r.vc.join(from.vc)
		r.last = note{op: opRecv, clock: &c.closed}
		return
	}
	// Store, not merge: receive k-C reaches send k only through a sending
	// thread, and there is none.
	s := c.slot(c.sends)
	c.sends++
	s.vc.copyFrom(from.vc)
	if receiver >= 0 {
		d.Recv(receiver, c)
	}
}

// Close records that t closes c.
func (d *Detector) Close(t Thread, c *Chan) {
	d.Release(t, &c.closed)
	d.thread(t).last = note{op: opClose, clock: &c.closed}
}

// RecvClosed records that t's receive returned because c is closed (and
// drained).
func (d *Detector) RecvClosed(t Thread, c *Chan) {
	d.Acquire(t, &c.closed)
	d.thread(t).last = note{op: opRecvClosed, clock: &c.closed}
}
