package sim

// Sprint is the history's formatting of inputs and outputs, for a test
// that compares it with fmt.Sprint.
var Sprint = sprint

// SetFastPath turns the same-thread fast path on or off and returns what
// it was.
func SetFastPath(on bool) bool { was := fastPath; fastPath = on; return was }

// FastSteps is how many yield points of w's run took the fast path.
func (w *World) FastSteps() int64 { return w.fastSteps }
