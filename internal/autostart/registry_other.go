//go:build !windows

package autostart

func runKeySet(string, string) error    { return ErrUnsupported }
func runKeyDelete(string) error         { return ErrUnsupported }
func runKeyExists(string) (bool, error) { return false, ErrUnsupported }
