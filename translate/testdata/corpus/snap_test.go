package corpus

import (
	"sync"
	"testing"
)

// intelsdi-x/snap PR #446, "Added a stopping state for StopTask" (after
// PR #435): stopping a task twice in quick succession could panic with
// "close of closed channel": Stop checked the task's state, then closed
// the kill channel, and only later recorded the task as stopped, so a
// second Stop in between closed it again. The fix moves the task to a
// "stopping" state in the same critical section as the check.

type snapTask struct {
	mu     sync.Mutex
	state  string
	killCh chan struct{}
}

func newSnapTask() *snapTask { return &snapTask{state: "running", killCh: make(chan struct{})} }

func (t *snapTask) stopBuggy() {
	t.mu.Lock()
	state := t.state
	t.mu.Unlock()
	if state != "running" {
		return
	}
	close(t.killCh)
	t.mu.Lock()
	t.state = "stopped"
	t.mu.Unlock()
}

func (t *snapTask) stopFixed() {
	t.mu.Lock()
	if t.state != "running" {
		t.mu.Unlock()
		return
	}
	t.state = "stopping"
	t.mu.Unlock()
	close(t.killCh)
	t.mu.Lock()
	t.state = "stopped"
	t.mu.Unlock()
}

func snapScenario(stop func(*snapTask)) {
	task := newSnapTask()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); stop(task) }()
	go func() { defer wg.Done(); stop(task) }()
	wg.Wait()
	<-task.killCh
}

func TestSnapBuggy(t *testing.T) { snapScenario((*snapTask).stopBuggy) }
func TestSnapFixed(t *testing.T) { snapScenario((*snapTask).stopFixed) }
