// Package jobqueue is the most common way services hand out work through a
// database: a table of jobs whose workers claim one row each. The buggy
// claim reads a queued job and then updates it unconditionally, so two
// workers that read the same row both believe they own it (the second's
// update waits for the first's row lock, then overwrites the owner). The
// fixed claims are what production code does: a conditional UPDATE ...
// WHERE state = 'queued' that matches 0 rows when another worker got there
// first (READ COMMITTED re-checks the condition after the lock wait), or
// SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1, which never waits.
package jobqueue
