//go:build !race

package search

// raceDetector is set in a build with the race detector.
const raceDetector = false
