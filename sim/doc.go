// Package sim is racelab's deterministic runtime: it runs concurrent Go code
// as simulated threads, exactly one at a time, and makes every scheduling,
// fault and random choice through one decision source, so that a run is a
// pure function of its decisions.
//
// # Contract
//
// A simulated thread is a real goroutine driven as a coroutine (iter.Pull) by
// one central loop on the caller's goroutine. A thread gives up control only
// at a yield point: an explicit [World.Yield], or any operation on a sim
// primitive ([Mutex], [RWMutex], [ReentrantMutex], [Cond], [WaitGroup],
// [Once], [Chan], [Var] and its atomic forms ([Var.Swap], [AddVar],
// [CompareAndSwapVar], [Int64], [Bool], [Pointer], [Value] and the rest,
// each operation one indivisible step, as sync/atomic), [World.Sleep],
// timers, [World.Intn]). A nil *[Chan] blocks forever, as a nil Go channel
// does. At every yield
// point the loop may inject a fault from the [FaultPlan] and then picks which
// runnable thread runs next. Every choice goes through [Source.Choose] and is
// recorded in the [Trace]; replaying the trace reproduces the run step for
// step, and the 64-bit hash of the event log ([Result.Hash]) identifies it.
//
// Virtual time starts at [Epoch]. When no thread is runnable it jumps to the
// earliest timer, so Sleep(time.Hour) costs no wall time. A timer may also
// fire while threads are runnable: at every yield point with a timer
// pending, "fire the earliest timer now" is a decision ([DecideTimer], a
// timer preemption; random and pct take it with [Options.TimerRate], dfs
// enumerates it within its preemption bound, and it counts as a preemption
// in [Result.Preemptions]); only a timer due within [Options.TimerSlack]
// (Go's 10ms time slice) may beat a runnable thread. Firing moves the clock to the timer's
// deadline: time never goes back and no timer fires before its time; the
// threads still runnable were merely slow, as a busy goroutine can be in
// Go. Nothing in this package reads the wall clock or a global random
// generator, and no decision depends on map order or on GOMAXPROCS.
//
// Exploration is unfair only for a while: a runnable thread passed over
// for [FairnessBound] steps runs next, and a pending timer passed over at
// that many timer decisions fires, with no decision asked, so a busy-poll
// loop that ends under Go's scheduler ends here too.
//
// The runtime itself detects deadlocks (with the wait-for cycle; also
// beside tickers and timers that can wake nobody, or that only keep
// ticker readers busy for 10,000 clock jumps), leaks (threads blocked
// forever after the main thread returned), livelocks (the step limit; the
// finding lists every thread and the yield site repeated most), a
// virtual-time horizon passed while threads stayed blocked, panics and
// misuse (unlock of an unlocked mutex, a negative WaitGroup counter, send
// on or close of a closed channel, with Go's own text; the object is named
// apart). Each is a [Finding] in the [Result]. Threads started with equal
// names are told apart as name, name#2, name#3 in start order, in the log
// and in findings alike. After any run, clean, failing or aborted, no
// goroutine of it remains.
//
// With [Options.Race], a happens-before race detector (package sim/race)
// watches the run: every primitive makes the edges of Go's memory model,
// every [Var] and [NewCell] access (and each access translated code reports
// through rt/lang) is checked, and each new racing pair of sites is a
// [DataRace] finding, which does not stop the run, so that the wrong result
// the race allows may still show. Off, nothing of a run changes, not even
// its hash.
//
// An exploration that runs many schedules can lend them a [Pool] of
// coroutines, so that a run does not create one per thread; the pool
// changes nothing but the cost.
//
// Two more things change nothing but the cost. The loop keeps the
// runnable threads in a queue in id order, so a pick does not visit
// blocked and exited threads; a thread decision's options are, as ever,
// the thread that ran last (when it is runnable) and then the others in id
// order. And at a yield point where the loop would resume the same thread
// with nothing to decide (it is the only runnable thread, no timer is
// pending, no rule of the fault plan has budget left for the point, the
// step limit is not near) the thread logs the step itself and goes on
// without a coroutine switch; no Source is asked anything there, so this
// holds for every Source, custom ones included.
//
// Code that must run both here and on real goroutines is written against
// [Runtime]; [World.Runtime] and [RunNative] provide it.
//
// # Reproducing a failure
//
// Every Result carries its decisions: put them in a [Trace], save it with
// [Trace.Marshal], load it with [ParseTrace], and run the same program again
// with [Replay] as the source: the run, its findings and its hash are
// identical.
package sim
