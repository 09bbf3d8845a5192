//go:build windows

package vdi

import (
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

// listProcesses lists the processes of this Windows session and of session 0 (services such
// as CtxSvcHost or RDAgentBootLoader): on a multi-user VDI host every user's wfshell.exe is
// visible, but only ours says how this session is remoted.
func listProcesses() ([]string, error) {
	var mySession uint32
	if err := windows.ProcessIdToSessionId(windows.GetCurrentProcessId(), &mySession); err != nil {
		return nil, fmt.Errorf("session id: %w", err)
	}
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPPROCESS, 0)
	if err != nil {
		return nil, fmt.Errorf("process snapshot: %w", err)
	}
	defer windows.CloseHandle(snap)
	var pe windows.ProcessEntry32
	pe.Size = uint32(unsafe.Sizeof(pe))
	var names []string
	for err = windows.Process32First(snap, &pe); err == nil; err = windows.Process32Next(snap, &pe) {
		var sid uint32
		if windows.ProcessIdToSessionId(pe.ProcessID, &sid) != nil || (sid != mySession && sid != 0) {
			continue
		}
		names = append(names, windows.UTF16ToString(pe.ExeFile[:]))
	}
	if !errors.Is(err, windows.ERROR_NO_MORE_FILES) {
		return names, fmt.Errorf("process list: %w", err)
	}
	return names, nil
}
