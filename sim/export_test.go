package sim

// Sprint is the history's formatting of inputs and outputs, for a test
// that compares it with fmt.Sprint.
var Sprint = sprint
