package sim

// waitable is a primitive a thread can block on. holders returns the threads
// that must act before the waiter can go on (a mutex's holder), for the
// wait-for graph of deadlock reports; nil when unknown (a channel, a Cond).
type waitable interface {
	holders() []*thread
}

// waitCycle returns a cycle in the wait-for graph of the blocked threads, as
// names with the first repeated at the end, or nil. It starts from the lowest
// thread id, so the answer is deterministic.
func (w *World) waitCycle() []string {
	const (
		unseen = iota
		onPath
		done
	)
	color := make([]int, len(w.threads))
	var path []*thread
	var found []string
	var visit func(t *thread) bool
	visit = func(t *thread) bool {
		color[t.id] = onPath
		path = append(path, t)
		if t.state == blocked && t.wait != nil {
			for _, h := range t.wait.holders() {
				if h.state == exited {
					continue
				}
				if color[h.id] == onPath {
					for i, p := range path {
						if p == h {
							for _, q := range path[i:] {
								found = append(found, q.name)
							}
							found = append(found, h.name)
							return true
						}
					}
				}
				if color[h.id] == unseen && visit(h) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		color[t.id] = done
		return false
	}
	for _, t := range w.threads {
		if color[t.id] == unseen && t.state == blocked && visit(t) {
			return found
		}
	}
	return nil
}
