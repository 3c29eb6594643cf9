// Package app is the desktop side bound to the UI: a thin facade with one method per user
// action, over the library cache, the local generation engine and the player.
package app
