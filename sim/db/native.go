package db

import "time"

// waitReal waits on real goroutines, without db.mu, until the lock is
// released or d of real time passes; it reports whether d passed. The
// caller holds db.mu.
func (db *DB) waitReal(l *namedLock, d time.Duration) bool {
	released := l.released
	db.mu.Unlock()
	defer db.mu.Lock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-released:
		return false
	case <-t.C:
		return true
	}
}
