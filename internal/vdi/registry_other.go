//go:build !windows

package vdi

// registryProbe is nil off Windows: there is no registry to read.
func registryProbe() func(string) (bool, error) { return nil }
