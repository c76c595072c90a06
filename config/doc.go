// Package config resolves newsreader's settings from flags, the environment
// and the config file, and remembers where each one came from.
package config
