// Package cache is the desktop app's local SQLite database: the library of tracks (and,
// as the app grows, licenses, credits and the sync outbox). It works fully offline.
package cache
