//go:build bindings

package main

// Built by `wails generate module` / `wails build` to extract the bindings: the app runs
// only up to wails.Run, so skip side effects such as starting the sandbox.
const bindingsMode = true
