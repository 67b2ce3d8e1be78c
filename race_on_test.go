//go:build race

package lanes_test

// raceOn says the race detector is on: some tests keep to smaller sizes under it.
const raceOn = true
