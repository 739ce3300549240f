package db

import "time"

// waitReal waits on real goroutines, without db.mu, until w is notified or
// d of real time passes (d < 0: no limit); it reports whether d passed. The
// caller holds db.mu.
func (db *DB) waitReal(w *waiters, d time.Duration) bool {
	released := w.released
	db.mu.Unlock()
	defer db.mu.Lock()
	if d < 0 {
		<-released
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-released:
		return false
	case <-t.C:
		return true
	}
}
