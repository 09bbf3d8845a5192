//go:build windows

package logs

import "syscall"

// ERROR_HANDLE_DISK_FULL (39) and ERROR_DISK_FULL (112).
var diskFullErrors = []error{syscall.Errno(39), syscall.Errno(112), syscall.ENOSPC, syscall.EFBIG}
