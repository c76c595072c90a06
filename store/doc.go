// Package store keeps what newsreader knows of an archive between runs:
// a cache of its index, so that a start does not read every file again,
// and the user's state (read marks, stars, reading positions, the last
// category and article). See Open.
package store
