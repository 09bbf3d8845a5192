//go:build !windows

package config

func programData() string { return `C:\ProgramData` }
