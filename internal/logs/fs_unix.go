//go:build !windows

package logs

import "syscall"

var diskFullErrors = []error{syscall.ENOSPC, syscall.EFBIG, syscall.EDQUOT}
