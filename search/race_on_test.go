//go:build race

package search

// raceDetector is set in a build with the race detector, which makes the
// random tests twenty times slower: they check fewer cases there.
const raceDetector = true
